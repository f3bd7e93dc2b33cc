"""The demo census: published, marked as demo, deterministic, at a realistic response rate."""

from __future__ import annotations

import pytest

from tiex.census.demo import YEAR, load_demo
from tiex.census.models import Census, PastFigure, Response
from tiex.census.tests.factories import population
from tiex.councils.tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db


def test_the_demo_census_is_published_marked_and_repeatable() -> None:
    assert "no councillor counts" in load_demo()
    for number, kind in enumerate(("CTY", "NMD", "UA", "MD", "LBO"), start=1):
        population(CouncilFactory(gss_code=f"E0{number}000001", type=kind, nation="England"), female=80, male=120)
    summary = load_demo()
    census = Census.objects.get(year=YEAR)
    assert census.is_demo and census.state == "published" and census.results is not None
    assert 0.22 <= census.results["response_rate"] <= 0.32, summary
    first = sorted(str(r) for r in Response.objects.values_list("answers", flat=True))
    assert "already loaded" in load_demo(if_empty=True)
    load_demo()
    assert sorted(str(r) for r in Response.objects.values_list("answers", flat=True)) == first
    assert Census.objects.count() == 1
    assert PastFigure.objects.filter(measure="hours-per-week", period="2013", value=25).exists()
