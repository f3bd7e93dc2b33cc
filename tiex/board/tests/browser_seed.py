"""The browser tests' "board" seed (see tiex/board/a11y_routes.py): a published grant year 2018/19 with
three deliverables (one computed, with a close value at Q1), its updates; two meetings of the board
(MEETING_PK with a public and a private item, a decision, an open action ACTION_PK; the next one);
the chair is member MEMBER_PK; a published chair's report REPORT_PK and a draft monitoring report
DRAFT_REPORT_PK, both drafted from that data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

MEETING_PK = 901
NEXT_MEETING_PK = 902
ITEM_PK = 901
ACTION_PK = 901
MEMBER_PK = 901
REPORT_PK = 901  # a published chair's report for 2018/19, drafted from the seed's data
DRAFT_REPORT_PK = 902  # a draft monitoring report


def seed_board() -> None:
    from django.utils import timezone

    from tiex.board import services_meetings
    from tiex.board.models import Action, AgendaItem, Decision, Method
    from tiex.board.rag import Rag
    from tiex.board.tests.factories import (
        BoardMemberFactory,
        DeliverableFactory,
        GrantYearFactory,
        MeetingFactory,
        QuarterlyUpdateFactory,
    )

    year = GrantYearFactory(
        year=2018, amount_gbp=19_200_000, memorandum_url="https://www.gov.uk/government/publications"
    )
    done = DeliverableFactory(grant_year=year, number=1, title="Corporate and finance peer challenges")
    for quarter, status in ((1, Rag.AMBER), (2, Rag.AMBER), (3, Rag.GREEN), (4, Rag.GREEN)):
        QuarterlyUpdateFactory(deliverable=done, quarter=quarter, status=status, commentary="On track.")
    missed = DeliverableFactory(grant_year=year, number=2, title="National workforce strategy", programme="workforce")
    QuarterlyUpdateFactory(
        deliverable=missed,
        quarter=4,
        status=Rag.RED,
        commentary="Delayed; since published.",
        evidence_links=["https://www.local.gov.uk/publications"],
    )
    computed = DeliverableFactory(
        grant_year=year,
        number=3,
        title="Peer challenges delivered",
        method=Method.COMPUTED,
        computed_measure="peer_challenges_delivered",
        target_value=Decimal(70),
    )
    QuarterlyUpdateFactory(
        deliverable=computed, quarter=1, status=Rag.AMBER, close_value=Decimal(12), close_recorded_at=timezone.now()
    )
    chair = BoardMemberFactory(pk=MEMBER_PK, name="Cllr Chair Person", role="chair")
    member = BoardMemberFactory(name="Cllr Apologetic")
    meeting = MeetingFactory(pk=MEETING_PK, date=date(2019, 5, 23))
    MeetingFactory(pk=NEXT_MEETING_PK, date=date(2019, 7, 11))
    services_meetings.attendance_record(actor=None, meeting=meeting, present=[chair], apologies=[member])
    item = AgendaItem.objects.create(
        pk=ITEM_PK,
        meeting=meeting,
        number=1,
        title="Monitoring and performance report",
        presenter="Head of Improvement",
        discussion="50/52 targets fully achieved.",
    )
    Decision.objects.create(item=item, text="The Board noted the report.")
    Action.objects.create(pk=ACTION_PK, item=item, text="Talk to councils.", owner="Officers")
    services_meetings.item_add(actor=None, meeting=meeting, title="Confidential item", public=False)
    _seed_reports()


def _seed_reports() -> None:
    from tiex.board import services_reports
    from tiex.board.models import BoardReport, ReportState

    for pk, kind in ((REPORT_PK, "chair"), (DRAFT_REPORT_PK, "monitoring")):
        BoardReport.objects.create(
            pk=pk,
            kind=kind,
            title=services_reports.default_title(kind, date(2018, 4, 1), date(2019, 3, 31)),
            period_start=date(2018, 4, 1),
            period_end=date(2019, 3, 31),
        )
        services_reports.report_draft(report_id=pk)
    published = BoardReport.objects.get(pk=REPORT_PK)
    services_reports.report_publish(actor=None, report=published)
    assert published.state == ReportState.PUBLISHED
