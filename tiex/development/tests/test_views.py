"""The catalogue, the programme page, the navigator question by question, bookings and the staff pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.councils.tests.factories import CouncilFactory
from tiex.development.choices import BookingStatus
from tiex.development.demo import load_demo
from tiex.development.models import Booking, Cohort, SavedAnswers
from tiex.development.tests.factories import councillor, first_cohort, make_programme

pytestmark = pytest.mark.django_db

LEADER_2 = (
    "role=leader&years_as_councillor=8&years_in_role=2&portfolio=none&topics=leadership&formats=residential&time=weeks"
)
LEADER_5 = LEADER_2.replace("years_in_role=2", "years_in_role=5")


@pytest.fixture
def demo() -> None:
    load_demo()


def test_the_demo_loads_once_and_is_marked(demo: None) -> None:
    from tiex.development.models import ProgrammePage

    assert ProgrammePage.objects.filter(is_demo=True).count() == 9
    assert load_demo().startswith("0 demo programmes created, 0 updated, 9 unchanged.")
    assert load_demo(if_empty=True).startswith("demo programmes are already loaded.")
    leaders = ProgrammePage.objects.get(slug="leaders-programme")
    assert leaders.max_years_in_post == 3 and leaders.nomination_required and leaders.audiences == ["leader"]
    assert Cohort.objects.filter(programme__slug="next-generation").exclude(party="").count() == 4


def test_catalogue_and_programme_page(client: Client, demo: None) -> None:
    page = client.get("/councillor-development/")
    assert page.status_code == 200
    for title in ("Leadership Academy", "Leaders&#x27; Programme", "Be a Councillor", "Effective Opposition"):
        assert title in page.content.decode()
    detail = client.get("/councillor-development/leaders-programme/")
    text = detail.content.decode()
    assert "Only for those in their current role 3 years or less." in text
    assert "12 of 12" in text
    assert client.get("/councillor-development/no-such-programme/").status_code == 404


def test_the_navigator_question_by_question(client: Client, demo: None) -> None:
    response = client.get("/councillor-development/navigator/role/", {"continue": "1"})
    assert response.status_code == 200 and "Choose your role" in response.content.decode()
    response = client.get("/councillor-development/navigator/role/", {"continue": "1", "role": "leader"})
    assert (
        response.status_code == 302
        and response["Location"] == "/councillor-development/navigator/experience/?role=leader"
    )
    response = client.get(
        "/councillor-development/navigator/experience/",
        {"continue": "1", "role": "leader", "years_as_councillor": "8", "years_in_role": "two"},
    )
    assert "Enter a whole number of years, like 2" in response.content.decode()
    steps = [
        ("experience", {"years_as_councillor": "8", "years_in_role": "2"}),
        ("portfolio", {"portfolio": "none"}),
        ("develop", {"topics": ["leadership"]}),
        ("learning", {"formats": ["residential"]}),
        ("time", {"time": "weeks"}),
    ]
    location = "/councillor-development/navigator/experience/?role=leader"
    for step, answer in steps:
        path, _, query = location.partition("?")
        assert path.endswith(f"/{step}/")
        data: dict[str, Any] = {**dict(pair.split("=") for pair in query.split("&")), **answer, "continue": "1"}
        response = client.get(path, data)
        assert response.status_code == 302, response.content.decode()[:500]
        location = response["Location"]
    assert location == f"/councillor-development/navigator/results/?{LEADER_2}"


def test_results_recommend_the_leaders_programme_to_a_leader_of_two_years_not_five(client: Client, demo: None) -> None:
    two = client.get(f"/councillor-development/navigator/results/?{LEADER_2}").content.decode()
    fits, _, excluded = two.partition("Programmes you cannot take part in")
    assert "Leaders&#x27; Programme" in fits
    five = client.get(f"/councillor-development/navigator/results/?{LEADER_5}").content.decode()
    fits, _, excluded = five.partition("Programmes you cannot take part in")
    assert "Leaders&#x27; Programme" not in fits
    assert "you have been in yours for 5 years" in excluded


def test_results_head_a_fitting_programme_s_eligibility_rules_who_can_take_part(client: Client, demo: None) -> None:
    # The rules are "Only for ..." lines, as on the programme page; "Who cannot take part" said the opposite.
    fits, _, _ = (
        client.get(f"/councillor-development/navigator/results/?{LEADER_2}")
        .content.decode()
        .partition("Programmes you cannot take part in")
    )
    assert "Who can take part</h3>" in fits and "Only for council leaders and elected mayors." in fits
    assert "Who cannot take part" not in fits


def test_results_ask_for_missing_answers_and_store_nothing(client: Client, demo: None) -> None:
    from django.contrib.sessions.models import Session

    response = client.get("/councillor-development/navigator/results/?role=leader")
    assert response["Location"] == "/councillor-development/navigator/experience/?role=leader"
    # Someone not signed in goes through every page: no cookie is set, no session, nothing saved.
    pages = ["/councillor-development/navigator/", "/councillor-development/navigator/role/"]
    pages += [f"/councillor-development/navigator/{step}/?{LEADER_2}" for step in ("experience", "time")]
    for path in [*pages, f"/councillor-development/navigator/results/?{LEADER_2}"]:
        response = client.get(path)
        assert response.status_code == 200 and not response.cookies, path
        assert 'name="csrfmiddlewaretoken"' not in response.content.decode(), path  # no form that posts
    assert not client.cookies and Session.objects.count() == 0
    assert SavedAnswers.objects.count() == 0


def test_results_page_takes_few_queries(client: Client, demo: None) -> None:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/councillor-development/navigator/results/?{LEADER_2}").status_code == 200
    assert len(captured) <= 8
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/councillor-development/leadership-academy/").status_code == 200
    assert len(captured) <= 8


def test_signed_in_people_may_save_their_answers(client: Client, demo: None) -> None:
    person = councillor()
    client.force_login(person)
    response = client.post("/councillor-development/navigator/save/", {"query": LEADER_2})
    assert response.status_code == 302
    saved = SavedAnswers.objects.get(user=person)
    assert saved.query == LEADER_2
    assert f"?{LEADER_2}" in client.get("/councillor-development/navigator/").content.decode().replace("&amp;", "&")
    client.post(f"/councillor-development/navigator/saved/{saved.pk}/delete/")
    assert not SavedAnswers.objects.exists()


def test_booking_a_place_through_the_form(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    council = CouncilFactory(name="Aldershire")
    programme = make_programme(places=1)
    cohort = first_cohort(programme)
    person = councillor(council)
    client.force_login(person)
    url = f"/councillor-development/{programme.slug}/cohorts/{cohort.pk}/book/"
    form = client.get(url + "?role=leader&years_in_role=2")
    assert form.status_code == 200
    response = client.post(url, {"council": council.pk, "role": "leader", "years_as_councillor": "3"})
    assert response.status_code == 400 and "Enter years in your current role" in response.content.decode()
    response = client.post(
        url, {"council": council.pk, "role": "leader", "years_as_councillor": "3", "years_in_role": "2"}
    )
    booking = Booking.objects.get(user=person)
    assert response["Location"] == f"/councillor-development/bookings/{booking.pk}/"
    assert "Your place is confirmed" in client.get(response["Location"]).content.decode()
    assert client.get(url)["Location"] == response["Location"]  # booked already: to the booking
    # The cohort is full: the next person goes on the waiting list.
    waiting_person = councillor(council, email="next@example.org")
    other = Client()
    other.force_login(waiting_person)
    other.post(url, {"council": council.pk, "role": "leader", "years_as_councillor": "4", "years_in_role": "1"})
    waiting = Booking.objects.get(user=waiting_person)
    assert waiting.status == BookingStatus.WAITING_LIST
    assert "waiting list" in other.get(f"/councillor-development/bookings/{waiting.pk}/").content.decode()
    # Cancelling through the page gives the place to the first on the waiting list, who is told by e-mail.
    assert client.get(f"/councillor-development/bookings/{booking.pk}/cancel/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/councillor-development/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    waiting.refresh_from_db()
    cohort.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and waiting.status == BookingStatus.CONFIRMED
    assert cohort.places_held == 1
    assert any(m.to == ["next@example.org"] and m.subject.startswith("A place has come free") for m in mail.outbox)
    # Cancelling the last place with nobody waiting frees it.
    other.post(f"/councillor-development/bookings/{waiting.pk}/cancel/")
    cohort.refresh_from_db()
    assert cohort.places_held == 0


def test_someone_else_s_booking_is_not_found(client: Client) -> None:
    council = CouncilFactory()
    programme = make_programme()
    person = councillor(council)
    client.force_login(person)
    client.post(
        f"/councillor-development/{programme.slug}/cohorts/{first_cohort(programme).pk}/book/",
        {"council": council.pk, "role": "leader", "years_as_councillor": "3", "years_in_role": "2"},
    )
    booking = Booking.objects.get(user=person)
    client.force_login(councillor(council))
    assert client.get(f"/councillor-development/bookings/{booking.pk}/").status_code == 404


def test_staff_record_nomination_and_attendance(client: Client) -> None:
    council = CouncilFactory()
    programme = make_programme(nomination_required=True)
    cohort = first_cohort(programme)
    person = councillor(council)
    client.force_login(person)
    client.post(
        f"/councillor-development/{programme.slug}/cohorts/{cohort.pk}/book/",
        {"council": council.pk, "role": "leader", "years_as_councillor": "3", "years_in_role": "2"},
    )
    booking = Booking.objects.get(user=person)
    assert booking.status == BookingStatus.AWAITING_NOMINATION
    assert client.get("/councillor-development/manage/").status_code == 403
    staff = member_of(association(), Role.EDITOR)
    give_totp(staff)
    client.force_login(staff)
    assert client.get(f"/councillor-development/manage/cohorts/{cohort.pk}/").status_code == 200
    client.post(f"/councillor-development/manage/bookings/{booking.pk}/nominate/")
    client.post(
        f"/councillor-development/manage/bookings/{booking.pk}/attendance/", {"attended": "on", "completed": "on"}
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.attended and booking.completed


def test_the_council_profile_lists_consenting_alumni_only(client: Client) -> None:
    council = CouncilFactory(gss_code="E10000901")
    programme = make_programme("leadership-academy", title="Leadership Academy")
    cohort = first_cohort(programme)
    Booking.objects.create(
        cohort=cohort,
        user=councillor(council, full_name="Listed Person"),
        council=council,
        role="leader",
        status=BookingStatus.CONFIRMED,
        attended=True,
        completed=True,
        alumni_consent=True,
    )
    Booking.objects.create(
        cohort=cohort,
        user=councillor(council, full_name="Private Person"),
        council=council,
        role="leader",
        status=BookingStatus.CONFIRMED,
        attended=True,
        completed=True,
        alumni_consent=False,
    )
    text = client.get("/councils/E10000901/").content.decode()
    assert "Listed Person" in text and "Private Person" not in text


def test_api_lists_programmes_with_cohorts_and_places_left(client: Client, demo: None) -> None:
    listing = client.get("/api/v1/programmes?audience=leader").json()
    slugs = [item["slug"] for item in listing["items"]]
    assert "leaders-programme" in slugs and "be-a-councillor" not in slugs
    detail = client.get("/api/v1/programmes/leadership-essentials").json()
    assert [c["places_left"] for c in detail["cohorts"]] == [18, 2]
    assert detail["is_demo"] is True
    assert client.get("/api/v1/programmes/nothing-here").status_code == 404
    assert client.get("/api/v1/programmes?audience=mayor").status_code == 422
    assert urlsplit(detail["url"]).path == "/councillor-development/leadership-essentials/"


def test_staff_edit_programmes_and_cohorts_in_the_admin(client: Client, demo: None) -> None:
    from tiex.development.models import ProgrammePage

    staff = member_of(association(), Role.ADMIN)
    give_totp(staff)
    client.force_login(staff)
    page = ProgrammePage.objects.get(slug="leaders-programme")
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    assert 'name="audiences"' in html and 'value="leader"' in html and 'name="max_years_in_post"' in html
    assert client.get("/admin/snippets/development/cohort/").status_code == 200
