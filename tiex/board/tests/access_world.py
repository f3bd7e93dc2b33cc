"""The access matrix's board: a published grant year (2018/19) with a deliverable, an unpublished
one (2019/20), a published and a draft report, two meetings, a public and a private item each with a
paper (the world's published Exchange resource), and an open action. Council B's member sits on the board (a linked
BoardMember), so "member_b" stands for a member of the board: they see drafts, others do not."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from tiex.board import services_meetings
from tiex.board.tests.factories import (
    BoardMemberFactory,
    BoardReportFactory,
    DeliverableFactory,
    GrantYearFactory,
    MeetingFactory,
    QuarterlyUpdateFactory,
)


def access_world_board(users: dict[str, Any], published: Any) -> dict[str, str]:
    year = GrantYearFactory(year=2018, published=True)
    QuarterlyUpdateFactory(deliverable=DeliverableFactory(grant_year=year, number=1), quarter=1)
    GrantYearFactory(year=2019, published=False)
    member = BoardMemberFactory(name="Cllr Bexford", user=users["member_b"])
    meeting = MeetingFactory(date=date(2019, 5, 23))
    MeetingFactory(date=date(2019, 7, 11))
    public = services_meetings.item_add(actor=None, meeting=meeting, title="Chair's report", paper_resource=published)
    private = services_meetings.item_add(
        actor=None, meeting=meeting, title="Confidential item", public=False, paper_resource=published
    )
    action = services_meetings.action_add(actor=None, item=public, text="Write to the department.", owner="Officers")
    published_report = BoardReportFactory(state="published", published_at=timezone.now())
    draft_report = BoardReportFactory(title="Monitoring and performance report: 2018/19", kind="monitoring")
    return {
        "board_report": str(published_report.pk),
        "board_report_draft": str(draft_report.pk),
        "board_meeting": str(meeting.pk),
        "board_item": str(public.pk),
        "board_paper_public": str(public.papers.get().pk),
        "board_paper_private": str(private.papers.get().pk),
        "board_action": str(action.pk),
        "board_member": str(member.pk),
    }
