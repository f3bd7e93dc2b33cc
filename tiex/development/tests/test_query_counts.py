"""The navigator's result page and a programme's page take at most 8 queries, with the demo catalogue
(1x) and with ten times as many programmes and cohorts (10x), as `make bench` budgets them
(benchmarks/targets.py MAX_QUERIES). The public response cache is off in tests, so every request
renders."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tiex.development.demo import load_demo
from tiex.development.demo.scale import copy_catalogue
from tiex.development.models import ProgrammePage

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8
RESULTS = (
    "/councillor-development/navigator/results/?role=leader&years_as_councillor=8&years_in_role=2"
    "&portfolio=none&topics=leadership&formats=residential&time=weeks"
)
PAGES = (RESULTS, "/councillor-development/leaders-programme/", "/councillor-development/")


def counts(client: Client) -> dict[str, int]:
    found = {}
    for path in PAGES:
        client.get(path)  # warm what a running site has warm (templates, the site's settings)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, path
        found[path] = len(captured)
    return found


def test_the_navigator_and_programme_pages_take_at_most_8_queries_at_1x_and_10x() -> None:
    load_demo(with_bookings=False)
    client = Client()
    one = counts(client)
    assert all(count <= MAX_QUERIES for count in one.values()), one

    programmes = ProgrammePage.objects.live().count()
    assert copy_catalogue(10) == programmes * 10
    ten = counts(client)
    assert all(count <= MAX_QUERIES for count in ten.values()), ten
    assert ten == one  # the count does not grow with the catalogue
    results = client.get(RESULTS).content.decode()
    assert "Leaders&#x27; Programme 10" in results  # the copies are really read
