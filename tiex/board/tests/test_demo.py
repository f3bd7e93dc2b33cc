from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tiex.board import selectors, selectors_meetings
from tiex.board.demo import load_demo
from tiex.board.models import GrantYear, Meeting, Method, QuarterlyUpdate
from tiex.board.rag import Rag

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def test_the_demo_loads_the_2018_year_from_the_boards_note_and_a_year_in_progress() -> None:
    summary = load_demo(today=TODAY)
    assert "2 demo grant years with 61 deliverables" in summary
    view = selectors.year_view(GrantYear.objects.get(year=2018), today=TODAY)
    assert view.summary.headline == "50 of 52 targets fully achieved"
    missed = sorted(row.deliverable.title for row in view.rows if row.status == Rag.RED)
    assert missed == ["Halve the councils with no corporate peer challenge since 2012", "National workforce strategy"]
    current = GrantYear.objects.get(year=2026)
    assert current.is_demo and current.deliverables.filter(method=Method.COMPUTED).count() == 6
    # Q1 and Q2 have closed by 27 November 2026: each computed deliverable has its close value.
    closes = QuarterlyUpdate.objects.filter(deliverable__grant_year=current, close_recorded_at__isnull=False)
    assert sorted(set(closes.values_list("quarter", flat=True))) == [1, 2]
    assert closes.count() == 12


def test_the_demo_is_idempotent_and_if_empty_keeps_it() -> None:
    load_demo(today=TODAY)
    load_demo(today=TODAY)
    assert GrantYear.objects.count() == 2
    assert Meeting.objects.count() == 2
    assert "already loaded" in load_demo(if_empty=True, today=TODAY)


def test_the_demo_meeting_carries_open_actions_and_its_minutes_are_approved_at_the_next(django_user_model: Any) -> None:
    load_demo(today=TODAY)
    may, july = Meeting.objects.order_by("date")
    assert may.minutes_approved and may.minutes_approved_at == july
    assert "50/52 targets fully achieved" in may.minutes_text
    assert "Westminster Room" in may.minutes_text
    arising = selectors_meetings.matters_arising(july)
    texts = [action.text for action in arising]
    assert (
        "Officers to research the current situation with public notices, to present at a future Board meeting." in texts
    )
    assert len(arising) == 9  # every action of 23 May was open on 11 July; four were closed that day
    assert sum(action.status == "open" for action in arising) == 5


def test_the_minutes_list_attendance_as_the_note_does_chair_first() -> None:
    load_demo(today=TODAY)
    may = Meeting.objects.order_by("date").first()
    assert may is not None
    attendance = may.minutes_text.split("Attendance\n", 1)[1].splitlines()
    assert attendance[:2] == [
        "- Cllr Peter Fleming OBE, Chair, Sevenoaks District Council",
        "- Mayor Dave Hodgson MBE, Vice-chair, Bedford Borough Council",
    ]
    assert "- Cllr Judy Jennings" in attendance  # the note gives no authority: none is made up


def test_the_demo_drafts_and_publishes_a_chairs_report_for_2018_from_the_demo_data() -> None:
    from tiex.board.models import BoardReport

    load_demo(today=TODAY)
    load_demo(today=TODAY)
    report = BoardReport.objects.get()
    assert report.is_demo and report.is_published and report.title == "Chair's report: 2018/19"
    text = "\n".join(section["text"] for section in report.sections)
    assert "[50](/board/performance/?year=2018) of 52 targets" in text
    assert report.data_version["figures_sha256"]


def test_if_empty_adds_the_demo_report_to_a_database_loaded_before_reports_existed() -> None:
    from tiex.board.models import BoardReport

    load_demo(today=TODAY)
    BoardReport.objects.all().delete()
    assert "1 demo report, published" in load_demo(if_empty=True, today=TODAY)
    assert BoardReport.objects.filter(is_demo=True).count() == 1
    assert load_demo(if_empty=True, today=TODAY) == "demo board content is already loaded."
