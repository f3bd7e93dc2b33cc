"""When answers close (pure: plain values in, plain values out; no ORM, no request).

A closing date is a date without a time, set by the council's super-user. It is read in
UK time whatever the server's time zone: answers close at the end of the closing day in
Europe/London (midnight at the start of the next day, GMT or BST as the day falls).
Every comparison is between timezone-aware datetimes, so a server in UTC and a
participant in London agree on the moment answers close.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def closes_at(closing_date: datetime.date) -> datetime.datetime:
    """The moment answers close: the end of the closing day, UK time (aware)."""
    return datetime.datetime.combine(closing_date + datetime.timedelta(days=1), datetime.time.min, tzinfo=UK)


def uk_today(now: datetime.datetime) -> datetime.date:
    """Today's date in the UK at the aware moment ``now``."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UK).date()


def is_past(closing_date: datetime.date, now: datetime.datetime) -> bool:
    """Has the closing day ended (UK time) at the aware moment ``now``?"""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now >= closes_at(closing_date)


def closed_message(closing_date: datetime.date) -> str:
    """What a participant reads when answers have closed by date."""
    return (
        f"Answers closed at the end of {closing_date.day} {closing_date:%B %Y} (UK time). Your answers are kept; "
        "ask the council's super-user to extend the closing date if you need to change them."
    )


def answers_open(assessment: object, now: datetime.datetime) -> bool:
    """May participants still change their answers? The assessment is open and its closing day has not ended.

    ``assessment`` is anything with ``status`` and ``closing_date`` (an Assessment).
    """
    return getattr(assessment, "status", None) == "open" and not is_past(assessment.closing_date, now)  # type: ignore[attr-defined]
