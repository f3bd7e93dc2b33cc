"""The board's pages read in a fixed number of queries, whatever the number of deliverables, updates,
councils or challenges: computed measures' live values are kept until their sources change (live.py)."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.board import measures, services_meetings
from tiex.board.models import Method
from tiex.board.rag import Rag
from tiex.board.tests.factories import (
    BoardMemberFactory,
    DeliverableFactory,
    GrantYearFactory,
    MeetingFactory,
    QuarterlyUpdateFactory,
)
from tiex.core.services import audit_record
from tiex.councils.tests.factories import CouncilFactory
from tiex.peer_challenges.tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db
MAX_QUERIES = 8


def _year(deliverables: int, *, computed: bool = False) -> None:
    year = GrantYearFactory(year=2018)
    for number in range(1, deliverables + 1):
        deliverable = DeliverableFactory(grant_year=year, number=number)
        for quarter in (1, 2, 3, 4):
            QuarterlyUpdateFactory(deliverable=deliverable, quarter=quarter, status=Rag.GREEN)
    if computed:
        for offset, key in enumerate(measures.MEASURES, start=deliverables + 1):
            DeliverableFactory(
                grant_year=year, number=offset, method=Method.COMPUTED, computed_measure=key, target_value=Decimal(1)
            )


def _councils(count: int) -> None:
    for number in range(count):
        council = CouncilFactory()
        if number % 2:
            ChallengeFactory(council=council, visit_start=date(2018, 6, 4), visit_end=date(2018, 6, 7))


@pytest.mark.parametrize("deliverables", [5, 52])
def test_a_years_page_reads_in_a_fixed_number_of_queries(deliverables: int, django_assert_max_num_queries: Any) -> None:
    _year(deliverables)
    client = Client()
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/board/performance/?year=2018")
    assert f"{deliverables} of {deliverables} targets fully achieved" in response.content.decode()


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("path", ["/board/performance/?year=2018", "/board/performance/2018/53/"])
def test_pages_with_computed_measures_read_in_a_fixed_number_of_queries(
    scale: int, path: str, django_assert_max_num_queries: Any
) -> None:
    _year(5 * scale, computed=True)
    _councils(4 * scale)
    client = Client()
    client.get(path.replace("/53/", f"/{5 * scale + 1}/"))  # a running site has the values kept
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(path.replace("/53/", f"/{5 * scale + 1}/"))
    assert response.status_code == 200


def test_a_kept_value_is_worked_out_again_once_its_sources_change() -> None:
    _year(1, computed=True)
    _councils(2)
    client = Client()
    first = json.loads(client.get("/board/performance/download.json?year=2018").getvalue())
    ChallengeFactory(council=CouncilFactory(), visit_start=date(2018, 7, 2), visit_end=date(2018, 7, 5))
    kept = json.loads(client.get("/board/performance/download.json?year=2018").getvalue())
    assert kept == first  # a factory writes behind the services' back: the kept value stands
    audit_record(actor=None, action="test.write", object_type="peer_challenges.challenge", object_id="1")
    fresh = json.loads(client.get("/board/performance/download.json?year=2018").getvalue())
    delivered = {row["computed_measure"]: row["live_value"] for row in fresh["deliverables"]}
    before = {row["computed_measure"]: row["live_value"] for row in first["deliverables"]}
    assert delivered["peer_challenges_delivered"] == "2"
    assert before["peer_challenges_delivered"] == "1"


def test_with_an_empty_cache_the_values_are_worked_out() -> None:
    _year(1, computed=True)
    _councils(2)
    for cache in caches.all():
        cache.clear()
    response = json.loads(Client().get("/board/performance/download.json?year=2018").getvalue())
    assert {row["computed_measure"]: row["live_value"] for row in response["deliverables"]}[
        "peer_challenges_delivered"
    ] == "1"


def _meeting(items: int) -> int:
    earlier = MeetingFactory(date=date(2019, 3, 1))
    old = services_meetings.item_add(actor=None, meeting=earlier, title="Earlier")
    meeting = MeetingFactory(date=date(2019, 5, 23))
    MeetingFactory(date=date(2019, 7, 11))
    members = [BoardMemberFactory() for _ in range(items)]
    services_meetings.attendance_record(actor=None, meeting=meeting, present=members, apologies=[])
    for number in range(items):
        services_meetings.action_add(actor=None, item=old, text=f"Carried {number}.", owner="Officers")
        item = services_meetings.item_add(
            actor=None, meeting=meeting, title=f"Item {number}", decisions=["Noted."], public=bool(number % 2)
        )
        services_meetings.action_add(actor=None, item=item, text="Act.", owner="Officers")
        services_meetings.declaration_add(actor=None, meeting=meeting, member=members[number], interest="A", item=item)
    return meeting.pk


@pytest.mark.parametrize("items", [2, 20])
def test_a_meetings_page_reads_in_a_fixed_number_of_queries(items: int, django_assert_max_num_queries: Any) -> None:
    """Public: at most 8. Staff see drafts (attendance, decisions, declarations, actions, matters arising):
    seven reads of the board's data after the four every signed-in page makes (session, person, roles, MFA)."""
    pk = _meeting(items)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert Client().get(f"/board/meetings/{pk}/").status_code == 200
    editor = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(editor)
    staff = Client()
    staff.force_login(editor)
    with django_assert_max_num_queries(11):
        page = staff.get(f"/board/meetings/{pk}/").content.decode()
    assert f"Carried {items - 1}." in page and "Declaration:" in page


@pytest.mark.parametrize("reports", [1, 12])
def test_the_reports_pages_read_in_a_fixed_number_of_queries(reports: int, django_assert_max_num_queries: Any) -> None:
    from django.utils import timezone

    from tiex.board.tests.factories import BoardReportFactory

    for number in range(reports):
        report = BoardReportFactory(
            title=f"Report {number}",
            state="published",
            published_at=timezone.now(),
            sections=[{"heading": f"Section {n}", "text": f"[{n} things](/x/)"} for n in range(reports)],
        )
    client = Client()
    with django_assert_max_num_queries(8):
        listing = client.get("/board/reports/")
    assert len(re.findall(r'href="/board/reports/\d+/"', listing.content.decode())) == reports
    with django_assert_max_num_queries(8):
        page = client.get(f"/board/reports/{report.pk}/")
    assert page.content.decode().count("data-report-section=") == reports
