"""The demo bookings (tiex/development/demo/bookings.py): spread out, demo accounts, idempotent, shown on uptake."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tiex.accounts.roles import Role
from tiex.accounts.services import DEMO_EMAIL_DOMAIN
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.councils.models import CouncilType, Party
from tiex.councils.tests.factories import CouncilFactory
from tiex.development.choices import BookingStatus
from tiex.development.demo import load_demo
from tiex.development.demo.bookings import load_demo_bookings
from tiex.development.models import Booking, Cohort
from tiex.development.selectors_uptake import booking_facts

pytestmark = pytest.mark.django_db

REGIONS = ["East Midlands", "London", "North West", "South East", "West Midlands", "Yorkshire and The Humber"]
TYPES = [CouncilType.values[0], CouncilType.values[1], CouncilType.values[2]]


@pytest.fixture
def councils() -> None:
    for number in range(24):
        CouncilFactory(region=REGIONS[number % len(REGIONS)], type=TYPES[number % len(TYPES)])


def test_demo_bookings_are_spread_out_and_belong_to_demo_accounts(councils: None) -> None:
    load_demo()
    demo = Booking.objects.filter(is_demo=True).select_related("user", "council")
    assert demo.count() == Booking.objects.count() > 100
    assert all(b.user.email.endswith("@" + DEMO_EMAIL_DOMAIN) and not b.user.has_usable_password() for b in demo)
    assert demo.values("cohort__programme").distinct().count() == 8  # every programme with cohorts
    assert demo.filter(status=BookingStatus.CONFIRMED, completed=True).exists()
    assert demo.filter(status=BookingStatus.WAITING_LIST).exists()
    assert not demo.filter(status=BookingStatus.WAITING_LIST, completed=True).exists()
    today = timezone.localdate()
    assert not demo.filter(completed=True, cohort__ends_on__gte=today).exists()  # only ended cohorts complete
    assert not demo.filter(status=BookingStatus.WAITING_LIST, cohort__ends_on__lt=today).exists()
    assert set(demo.values_list("council__type", flat=True)) == set(TYPES)
    assert len(set(demo.values_list("party", flat=True))) >= 4
    assert set(demo.values_list("party", flat=True)) <= set(Party.values)
    by_region = {region: demo.filter(council__region=region).count() for region in REGIONS}
    assert set(by_region) == set(REGIONS)
    assert [region for region, count in by_region.items() if 0 < count < 5] == REGIONS[-2:]  # suppression shows
    for cohort in Cohort.objects.all():  # never overbooked; places held match the bookings
        held = demo.filter(cohort=cohort, status=BookingStatus.CONFIRMED).count()
        assert cohort.places_held == held <= cohort.places
        if cohort.party:
            assert set(demo.filter(cohort=cohort).values_list("party", flat=True)) == {cohort.party}


def test_demo_bookings_are_idempotent_and_respect_if_empty(councils: None) -> None:
    load_demo()
    before = sorted(Booking.objects.values_list("user_id", "cohort_id", "status"))
    held = sorted(Cohort.objects.values_list("pk", "places_held"))
    assert load_demo_bookings().startswith(f"{len(before)} demo bookings (0 places and 0 on waiting lists created)")
    assert load_demo_bookings(if_empty=True) == "demo bookings are already loaded."
    assert sorted(Booking.objects.values_list("user_id", "cohort_id", "status")) == before
    assert sorted(Cohort.objects.values_list("pk", "places_held")) == held


def test_without_councils_there_are_no_demo_bookings() -> None:
    load_demo()
    assert load_demo_bookings() == "no demo bookings: import the councils first (tiex bootstrap)."
    assert not Booking.objects.exists()


def test_the_demo_is_fast(councils: None, django_assert_max_num_queries: Any) -> None:
    load_demo()
    Booking.objects.all().delete()
    Cohort.objects.update(places_held=0)
    with django_assert_max_num_queries(700):
        load_demo_bookings()


def test_the_uptake_pages_show_figures_after_the_demo(councils: None) -> None:
    load_demo()
    assert sum(1 for fact in booking_facts() if fact.status == BookingStatus.CONFIRMED) > 50
    staff = member_of(association(), Role.EDITOR)
    give_totp(staff)
    client = Client()
    client.force_login(staff)
    html = client.get("/councillor-development/uptake/").content.decode()
    confirmed = Booking.objects.filter(cohort__programme__slug="leaders-programme", status="confirmed").count()
    assert confirmed > 0 and f'<td class="govuk-table__cell govuk-table__cell--numeric">{confirmed}</td>' in html
    published = Client().get("/councillor-development/uptake/published/")
    assert published.status_code == 200
