"""iCalendar text (RFC 5545): CRLF line ends, folding at 75 octets, TEXT escaping, UID and DTSTAMP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from tiex.events import ical

NOW = datetime(2031, 6, 1, 9, 0, tzinfo=UTC)


def test_text_values_escape_backslash_semicolon_comma_and_newlines() -> None:
    assert ical.escape("a\\b; c, d\ne\r\nf") == "a\\\\b\\; c\\, d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    line = "SUMMARY:" + "é" * 100  # two octets each
    folded = ical.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece.removeprefix(" ") if n else piece for n, piece in enumerate(pieces)) == line


def test_a_short_line_is_not_folded() -> None:
    assert ical.fold("VERSION:2.0") == "VERSION:2.0"


def test_the_calendar_has_crlf_lines_a_uid_a_stamp_and_utc_times() -> None:
    british_summer = timezone(timedelta(hours=1))
    event = ical.CalendarEvent(
        uid="event-session-7@example.org",
        starts_at=datetime(2031, 7, 1, 10, 0, tzinfo=british_summer),
        ends_at=datetime(2031, 7, 1, 10, 40, tzinfo=british_summer),
        summary="Heat networks, explained; briefly",
        location="Zone Stage",
        url="https://example.org/events/x/sessions/7/",
    )
    text = ical.calendar("Innovation Zone", [event], now=NOW)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert "PRODID:-//tiex//events//EN" in lines
    assert "UID:event-session-7@example.org" in lines
    assert "DTSTAMP:20310601T090000Z" in lines
    assert "DTSTART:20310701T090000Z" in lines  # 10:00 in summer time is 09:00 UTC
    assert "DTEND:20310701T094000Z" in lines
    assert "SUMMARY:Heat networks\\, explained\\; briefly" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
