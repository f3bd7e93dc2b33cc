"""The uptake pages: staff see exact figures, everyone else the suppressed ones; downloads agree."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.core.datasets import dataset_spec
from tiex.core.importing import run_import
from tiex.councils.models import CouncillorCount, CouncilType
from tiex.councils.tests.factories import CouncilFactory
from tiex.development.choices import Audience, BookingStatus
from tiex.development.models import Booking
from tiex.development.tests.factories import councillor, first_cohort, make_programme

pytestmark = pytest.mark.django_db

STAFF = "/councillor-development/uptake/"
PUBLISHED = "/councillor-development/uptake/published/"


def client_for(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def editor() -> Any:
    user = member_of(association(), Role.EDITOR)
    give_totp(user)
    return user


def body(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def book(cohort: Any, council: Any, *, count: int, party: str = "lab", completed: int = 0, **fields: Any) -> None:
    for index in range(count):
        done = index < completed
        Booking.objects.create(
            cohort=cohort,
            council=council,
            party=party,
            role=Audience.BACKBENCH,
            status=fields.get("status", BookingStatus.CONFIRMED),
            attended=done,
            completed=done,
        )


@pytest.fixture
def bookings() -> dict[str, Any]:
    """12 bookings in the North East (4 completed), 3 in London, 2 cancelled ones that do not count."""
    north_east = CouncilFactory(region="North East", type=CouncilType.METROPOLITAN_DISTRICT)
    london = CouncilFactory(region="London", type=CouncilType.LONDON_BOROUGH)
    CouncillorCount.objects.create(
        council=north_east, year=2021, party="lab", gender="female", count=400, region="North East"
    )
    CouncillorCount.objects.create(council=london, year=2021, party="con", gender="male", count=1000, region="London")
    cohort = first_cohort(make_programme("leaders-programme", title='=HYPERLINK("http://x")', places=50))
    book(cohort, north_east, count=12, completed=4)
    book(cohort, london, count=3, party="con")
    book(cohort, london, count=2, status=BookingStatus.CANCELLED)
    return {"north_east": north_east, "london": london}


def test_staff_see_exact_figures_against_the_councillor_counts(bookings: dict[str, Any]):
    page = client_for(editor()).get(STAFF)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Association staff only" in html
    assert "30.0" in html  # 12 bookings per 400 councillors -> 30 per 1,000
    assert "fewer than 5" not in html
    rows = list(csv.DictReader(io.StringIO(body(client_for(editor()).get(STAFF + "uptake.csv")))))
    london = next(row for row in rows if row["breakdown"] == "region" and row["key"] == "London")
    assert (london["bookings"], london["councillors"], london["bookings_per_1000_councillors"]) == ("3", "1000", "3.0")


def test_the_published_page_and_downloads_suppress_small_counts(bookings: dict[str, Any]):
    page = client_for().get(PUBLISHED)
    assert page.status_code == 200
    html = page.content.decode()
    assert "fewer than 5" in html and "withheld" in html

    rows = list(csv.DictReader(io.StringIO(body(client_for().get(PUBLISHED + "uptake.csv")))))
    regions = {row["key"]: row for row in rows if row["breakdown"] == "region"}
    # London's 3 is small; the North East's 12 is withheld with it, or 15 - 12 would give it away.
    assert regions["London"]["bookings"] == "fewer than 5"
    assert regions["North East"]["bookings"] == "withheld"
    assert regions[""]["bookings"] == "15"
    assert regions["London"]["bookings_per_1000_councillors"] == ""
    # The programme's title would run as a formula in a spreadsheet: it is quoted.
    programme = next(row for row in rows if row["breakdown"] == "programme" and row["key"])
    assert programme["label"].startswith("'=HYPERLINK")

    document = json.loads(body(client_for().get(PUBLISHED + "uptake.json")))
    region = next(table for table in document["tables"] if table["breakdown"] == "region")
    london = next(row for row in region["rows"] if row["key"] == "London")
    assert london["bookings"] == {"value": None, "state": "fewer-than-5"}
    assert "3" not in json.dumps(london["bookings"])


def test_only_staff_get_the_exact_figures(bookings: dict[str, Any]):
    member = councillor(bookings["london"])
    assert client_for(member).get(STAFF).status_code == 403
    assert client_for(member).get(STAFF + "uptake.csv").status_code == 403
    assert client_for().get(STAFF + "uptake.json").status_code == 302
    assert client_for(member).get(PUBLISHED).status_code == 200


def test_queries_do_not_grow_with_the_bookings(bookings: dict[str, Any], django_assert_max_num_queries: Any):
    client = client_for()
    client.get(PUBLISHED)  # warm the cached map
    with django_assert_max_num_queries(8):
        assert client.get(PUBLISHED + "uptake.csv").status_code == 200


REAL = [dataset_spec(slug) for slug in ("councils", "councillors")]


@pytest.mark.skipif(
    not all(spec.default_local_source(settings.DATA_DIR).exists() for spec in REAL),
    reason=f"the reference data files are not in {settings.DATA_DIR}",
)
def test_the_figures_use_the_real_councillor_numbers():
    """mySociety's 2021 count: 770 councillors in the North East, 20,246 in all (3 vacant seats left out)."""
    for spec in REAL:
        run_import(spec.slug)

    rows = list(csv.DictReader(io.StringIO(body(client_for().get(PUBLISHED + "uptake.csv")))))

    regions = {row["key"]: row for row in rows if row["breakdown"] == "region"}
    assert regions["North East"]["councillors"] == "770"
    assert regions["South East"]["councillors"] == "3396"
    assert regions[""]["councillors"] == "20246"
    parties = {row["key"]: row for row in rows if row["breakdown"] == "party"}
    assert parties["con"]["councillors"] == "7497"
