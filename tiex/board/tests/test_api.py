"""/api/v1/board: published grant years' targets and the meetings' public side, in a fixed number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.board import services_meetings
from tiex.board.models import Method, QuarterlyUpdate
from tiex.board.rag import Rag
from tiex.board.tests.factories import DeliverableFactory, GrantYearFactory, MeetingFactory, QuarterlyUpdateFactory
from tiex.peer_challenges.tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db
MAX_QUERIES = 8


def _years() -> None:
    published = GrantYearFactory(year=2018, published=True, amount_gbp=22_000_000)
    manual = DeliverableFactory(grant_year=published, number=1, title="Workforce strategy")
    QuarterlyUpdateFactory(
        deliverable=manual,
        quarter=1,
        status=Rag.AMBER,
        commentary="In progress.",
        evidence_links=["https://example.org/evidence"],
    )
    QuarterlyUpdateFactory(deliverable=manual, quarter=4, status=Rag.RED, commentary="Missed.")
    computed = DeliverableFactory(
        grant_year=published,
        number=2,
        method=Method.COMPUTED,
        computed_measure="peer_challenges_delivered",
        target_value=Decimal(1),
    )
    QuarterlyUpdate.objects.create(deliverable=computed, quarter=1, status=Rag.GREEN, close_value=Decimal(1))
    ChallengeFactory(visit_start=date(2018, 6, 4), visit_end=date(2018, 6, 7))
    ChallengeFactory(visit_start=date(2018, 9, 3), visit_end=date(2018, 9, 6))
    GrantYearFactory(year=2017, published=True)
    hidden = GrantYearFactory(year=2019, published=False)
    DeliverableFactory(grant_year=hidden, number=1, title="Not yet published")


def test_the_latest_published_year_by_default_with_statuses_updates_and_computed_values() -> None:
    _years()
    body = Client().get("/api/v1/board/targets").json()
    assert body["grant_year"]["year"] == 2018
    assert body["grant_year"]["summary"]["headline"] == "1 of 2 targets fully achieved"
    assert body["status_meaning"]["red"] == "at risk or missed"
    manual, computed = body["items"]
    assert (manual["number"], manual["status"], manual["fully_achieved"], manual["live_value"]) == (
        1,
        "red",
        False,
        None,
    )
    assert [q["status"] for q in manual["quarters"]] == ["amber", None, None, "red"]
    assert manual["quarters"][0]["evidence_links"] == ["https://example.org/evidence"]
    assert manual["url"] == "http://testserver/board/performance/2018/1/"
    assert computed["method"] == "computed" and computed["computed_measure"] == "peer_challenges_delivered"
    assert Decimal(computed["live_value"]) == 2  # the year is over: the measure at its last day
    assert Decimal(computed["quarters"][0]["close_value"]) == 1 and computed["quarters"][0]["closed"] is True


def test_a_year_asked_for_is_shown_only_when_published() -> None:
    _years()
    client = Client()
    assert client.get("/api/v1/board/targets", {"year": 2017}).json()["count"] == 0
    assert client.get("/api/v1/board/targets", {"year": 2019}).status_code == 404
    assert client.get("/api/v1/board/targets", {"year": 2030}).status_code == 404
    assert client.get("/api/v1/board/targets", {"year": "20x9"}).status_code == 422
    assert client.get("/api/v1/board/targets", {"year": 1999}).status_code == 422


def test_the_unpublished_year_stays_hidden_from_staff_too() -> None:
    _years()
    editor = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(editor)
    client = Client()
    client.force_login(editor)
    assert client.get("/board/performance/?year=2019").status_code == 200
    assert client.get("/api/v1/board/targets", {"year": 2019}).status_code == 404


def test_no_published_year_yet_is_an_empty_list() -> None:
    GrantYearFactory(year=2019, published=False)
    body = Client().get("/api/v1/board/targets").json()
    assert body == {"grant_year": None, "status_meaning": body["status_meaning"], "count": 0, "items": []}


@pytest.fixture
def meetings(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    may = MeetingFactory(date=date(2019, 5, 23))
    july = MeetingFactory(date=date(2019, 7, 11))
    public = services_meetings.item_add(
        actor=None,
        meeting=may,
        title="Monitoring report",
        decisions=["The Board noted the report."],
        paper_file=SimpleUploadedFile("monitoring.pdf", b"%PDF-1.4 report"),
    )
    private = services_meetings.item_add(
        actor=None,
        meeting=may,
        title="Confidential item",
        public=False,
        decisions=["A confidential decision."],
        paper_file=SimpleUploadedFile("secret.pdf", b"%PDF-1.4 secret"),
    )
    services_meetings.action_add(actor=None, item=public, text="Write to the department.", owner="Officers")
    services_meetings.action_add(actor=None, item=private, text="A confidential action.", owner="Officers")
    return may, july


def _may(body: dict[str, Any]) -> dict[str, Any]:
    return next(item for item in body["items"] if item["date"] == "2019-05-23")


def test_meetings_show_public_items_and_papers_and_no_decisions_before_the_minutes_are_approved(meetings: Any) -> None:
    body = Client().get("/api/v1/board/meetings").json()
    assert body["count"] == 2 and [m["date"] for m in body["items"]] == ["2019-07-11", "2019-05-23"]
    may = _may(body)
    assert [item["title"] for item in may["items"]] == ["Monitoring report"]
    [paper] = may["items"][0]["papers"]
    assert paper["title"] == "monitoring" and paper["in_exchange"] is False
    response = Client().get(paper["url"].removeprefix("http://testserver"))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 report"  # type: ignore[attr-defined]
    assert may["items"][0]["decisions"] == [] and may["items"][0]["actions"] == []
    assert may["minutes"] is None and may["minutes_url"] is None
    assert "confidential" not in str(body).lower()


def test_approved_minutes_publish_the_public_items_decisions_and_actions(meetings: Any) -> None:
    may, july = meetings
    services_meetings.minutes_approve(actor=None, meeting=may, at=july)
    found = _may(Client().get("/api/v1/board/meetings").json())
    assert found["minutes_approved_on"] == "2019-07-11"
    assert found["minutes_url"] == f"http://testserver/board/meetings/{may.pk}/#minutes"
    assert "The Board noted the report." in found["minutes"]
    item = found["items"][0]
    assert item["decisions"] == ["The Board noted the report."]
    assert [(a["text"], a["status"]) for a in item["actions"]] == [("Write to the department.", "open")]
    assert "A confidential action." not in str(item)


@pytest.mark.parametrize("scale", [1, 10])
def test_the_board_api_reads_in_a_fixed_number_of_queries(
    scale: int, settings: Any, tmp_path: Any, django_assert_max_num_queries: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    year = GrantYearFactory(year=2018, published=True)
    for number in range(1, 5 * scale + 1):
        deliverable = DeliverableFactory(grant_year=year, number=number)
        QuarterlyUpdateFactory(deliverable=deliverable, quarter=1)
    DeliverableFactory(
        grant_year=year,
        number=5 * scale + 1,
        method=Method.COMPUTED,
        computed_measure="peer_challenges_delivered",
        target_value=Decimal(1),
    )
    for day in range(1, 2 * scale + 1):
        meeting = MeetingFactory(date=date(2019, 1, day))
        item = services_meetings.item_add(
            actor=None,
            meeting=meeting,
            title="Report",
            decisions=["Noted."],
            paper_file=SimpleUploadedFile("report.pdf", b"%PDF-1.4"),
        )
        services_meetings.action_add(actor=None, item=item, text="Act.", owner="Officers")
    client = Client()
    client.get("/api/v1/board/targets")  # a running site has the live values kept
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get("/api/v1/board/targets").json()["count"] == 5 * scale + 1
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get("/api/v1/board/meetings").json()["count"] == 2 * scale
