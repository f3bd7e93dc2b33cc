"""List items (``tiex.library.listing``): the compiled queries give what the page objects hold."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tiex.library import listing, services
from tiex.library.models import ResourcePage
from tiex.library.tests.factories import CouncilFactory, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def resources(exchange):  # type: ignore[no-untyped-def]
    ashford = CouncilFactory(name="Ashford")
    barnet = CouncilFactory(name="Barnet")
    return [
        make_resource(
            "Food waste collections",
            themes=("income-and-spend", "leadership-of-place"),
            service_areas=("waste", "climate"),
            councils=(barnet, ashford),
            replicated_by=(ashford,),
            date=datetime.date(2024, 3, 1),
            review_date=datetime.date(2020, 1, 1),
            contact_name="A. Officer",
            outcomes=(
                services.OutcomeData(kind="saving", amount=Decimal("1200.50"), period="per-year", status="achieved"),
                services.OutcomeData(kind="benefit", description="Less landfill", status="expected"),
            ),
        ),
        make_resource("Garden waste", service_areas=("waste",)),
        make_resource("Cyber toolkit", resource_type="toolkit", councils=(ashford,)),
    ]


def _pages(resources: list[ResourcePage]) -> list[ResourcePage]:
    return [ResourcePage.objects.get(pk=page.pk) for page in resources]


def test_load_gives_what_the_page_objects_hold(resources) -> None:  # type: ignore[no-untyped-def]
    expected = [listing.summary_of(page) for page in _pages(resources)]
    assert listing.load([page.pk for page in resources]) == expected
    first = expected[0]
    assert [term.slug for term in first.service_areas] and [c.name for c in first.councils] == ["Ashford", "Barnet"]
    assert first.total_savings_per_year == Decimal("1200.50") and first.is_possibly_out_of_date
    assert isinstance(first.date, datetime.date) and isinstance(first.outcomes[0].amount, Decimal)


def test_load_keeps_the_order_given_for_any_number_of_ids(resources) -> None:  # type: ignore[no-untyped-def]
    ids = [page.pk for page in resources]
    for chosen in (ids[::-1], ids[1:], ids[:1], [ids[2], 10**9, ids[0]], []):
        assert [item.pk for item in listing.load(chosen)] == [pk for pk in chosen if pk in ids]


def test_load_of_a_queryset_follows_its_order(resources) -> None:  # type: ignore[no-untyped-def]
    queryset = ResourcePage.objects.order_by("title")[:2]
    assert [item.title for item in listing.load(queryset)] == ["Cyber toolkit", "Food waste collections"]
