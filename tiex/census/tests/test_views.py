"""The census pages: issuing links, answering through one, anonymity, single use, results and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.census import services
from tiex.census.models import CensusState, Response, ResponseLink, SpentLink
from tiex.census.tests.factories import form_data, make_census, population, respond
from tiex.councils.tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    council_a = CouncilFactory(name="Aldershire", gss_code="E10000901", type="CTY", region="South East")
    council_b = CouncilFactory(name="Bexford", gss_code="E10000902", type="CTY", region="South East")
    population(council_a, female=2, male=3)
    population(council_b)
    super_a = member_of(organisation_for_council(council=council_a), Role.SUPER_USER, email="super.a@example.org")
    super_b = member_of(organisation_for_council(council=council_b), Role.SUPER_USER, email="super.b@example.org")
    return {"a": council_a, "b": council_b, "super_a": super_a, "super_b": super_b, "census": make_census(2026)}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_super_user_issues_links_up_to_the_councillor_count(world: dict[str, Any]) -> None:
    client = _client(world["super_a"])
    page = client.post("/census/2026/councils/E10000901/", {"count": "3"})
    assert page.status_code == 200
    assert page.content.decode().count("/census/respond/") == 3
    assert ResponseLink.objects.filter(council=world["a"]).count() == 3
    too_many = client.post("/census/2026/councils/E10000901/", {"count": "3"})
    assert too_many.status_code == 400
    assert "has 5 councillors and 3 links already: you can issue 2 more" in too_many.content.decode()


def test_a_super_user_of_council_b_cannot_issue_links_for_council_a(world: dict[str, Any]) -> None:
    client = _client(world["super_b"])
    assert client.get("/census/2026/councils/E10000901/").status_code == 404
    assert client.post("/census/2026/councils/E10000901/", {"count": "1"}).status_code == 404
    assert not ResponseLink.objects.exists()


def test_answering_through_a_link_is_anonymous_and_single_use(world: dict[str, Any]) -> None:
    (token,) = services.links_issue(actor=world["super_a"], census=world["census"], council=world["a"], count=1)
    client = Client()
    url = f"/census/respond/{token}/"
    assert client.get(url).status_code == 200
    data = form_data(hours="")
    answered = client.post(url, data)
    assert answered.status_code == 400
    body = answered.content.decode()
    assert "There is a problem" in body and "Enter in a typical week" in body
    assert 'value="committee-chair" checked' in body and 'value="female" checked' in body  # nothing lost
    both = client.post(url, form_data(hours="31", resources=["training", "none"]))
    assert both.status_code == 400 and "Select “None of these” on its own" in both.content.decode()
    assert client.post(url, form_data(hours="31")).status_code == 302
    response = Response.objects.get()
    assert response.council == world["a"] and response.answers["hours"] == 31
    assert {f.name for f in Response._meta.get_fields()} == {"id", "census", "council", "answers", "submitted_on"}
    again = client.post(url, form_data())
    assert again.status_code == 410 and Response.objects.count() == 1
    assert client.get("/census/2026/councils/E10000901/").status_code == 302  # anonymous: sign in


def test_the_database_refuses_to_spend_a_link_twice(world: dict[str, Any]) -> None:
    services.links_issue(actor=None, census=world["census"], council=world["a"], count=1)
    link = ResponseLink.objects.get()
    SpentLink.objects.create(link=link)
    with pytest.raises(IntegrityError), transaction.atomic():
        SpentLink.objects.create(link=link)
    with pytest.raises(services.LinkSpent):
        services.response_submit(link=link, answers=form_data())
    assert not Response.objects.exists()


def test_unknown_links_are_404(world: dict[str, Any]) -> None:
    assert Client().get("/census/respond/not-a-token/").status_code == 404


def test_staff_publish_and_everyone_reads_results_and_the_api(world: dict[str, Any]) -> None:
    census = world["census"]
    respond(census, world["a"], 12)
    respond(census, world["b"], 12, gender="male", hours=30)
    editor = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(editor)
    staff = _client(editor)
    assert Client().get("/census/2026/").status_code == 404  # open: not public yet
    assert staff.post("/census/2026/state/", {"state": "closed"}).status_code == 302
    assert staff.post("/census/2026/state/", {"state": "published"}).status_code == 302
    census.refresh_from_db()
    assert census.state == CensusState.PUBLISHED and census.results["responses"] == 24
    anonymous = Client()
    with CaptureQueriesContext(connection) as queries:
        page = anonymous.get("/census/2026/")
    assert page.status_code == 200 and len(queries) <= 8
    assert "Hours a week on council business" in page.content.decode()
    api = anonymous.get("/api/v1/census/2026/results").json()
    assert api["responses"] == 24 and api["population"] == 55
    suppressed = [group for group in api["by_region"] if group["suppressed"]]
    assert all(group["responses"] is None for group in suppressed)
    assert anonymous.get("/api/v1/census/1999/results").status_code == 404


def test_history_shows_past_figures_with_a_table(world: dict[str, Any]) -> None:
    services.history_load()
    page = Client().get("/census/history/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "2004-2010" in body and "<svg" in body and "53%" in body


def test_opening_a_census_asks_the_councils_super_users_to_send_links(
    world: dict[str, Any], mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    draft = make_census(2030, CensusState.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.census_set_state(actor=None, census=draft, state=CensusState.OPEN)
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == ["super.a@example.org", "super.b@example.org"]
    assert "/census/2030/councils/E10000901/" in next(m.body for m in mailoutbox if "super.a@example.org" in m.to)


def test_staff_start_a_census_as_a_draft_and_states_move_in_order(world: dict[str, Any]) -> None:
    editor = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(editor)
    staff = _client(editor)
    taken = staff.post("/census/new/", {"year": "2026", "opens_on": "2026-09-01", "closes_on": "2026-11-30"})
    assert taken.status_code == 400 and "There is already a 2026 census" in taken.content.decode()
    backwards = staff.post("/census/new/", {"year": "2031", "opens_on": "2031-09-01", "closes_on": "2031-08-01"})
    assert "The census must close on or after the day it opens" in backwards.content.decode()
    made = staff.post("/census/new/", {"year": "2031", "opens_on": "2031-09-01", "closes_on": "2031-11-30"})
    assert made.status_code == 302
    draft = services.selectors.census_get(user=editor, year=2031)
    assert draft is not None and draft.state == CensusState.DRAFT
    with pytest.raises(ValidationError):
        services.census_set_state(actor=editor, census=draft, state=CensusState.PUBLISHED)
    with pytest.raises(ValidationError):
        services.links_issue(actor=None, census=draft, council=world["a"], count=1)
    assert _client(world["super_a"]).get("/census/new/").status_code == 403
