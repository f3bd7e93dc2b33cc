"""The results page and API read one stored snapshot: the same few queries at 1x and 10x the responses."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tiex.census import services
from tiex.census.models import Census, CensusState
from tiex.census.tests.factories import make_census, population, respond
from tiex.councils.tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db


def _count(path: str) -> int:
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_the_responses() -> None:
    councils = [CouncilFactory(type=kind, region=region) for kind, region in (("CTY", "South East"), ("NMD", "London"))]
    for council in councils:
        population(council, female=200, male=300)
    census = make_census(2026, CensusState.CLOSED)
    for council in councils:
        respond(census, council, 12)
    services.history_load()
    services.census_set_state(actor=None, census=census, state=CensusState.PUBLISHED)
    paths = ("/census/2026/", "/census/history/", "/api/v1/census/2026/results", "/census/")
    small = {path: _count(path) for path in paths}
    for council in councils:
        respond(census, council, 108)
    Census.objects.filter(pk=census.pk).update(results=services.results_compute(census))
    large = {path: _count(path) for path in paths}
    assert small == large
    assert all(count <= 8 for count in large.values()), large
