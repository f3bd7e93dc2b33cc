"""Census test helpers: the questionnaire from its data file, a census in a state, a population, answers."""

from __future__ import annotations

import datetime
from typing import Any

from tiex.census import services
from tiex.census.models import Census, CensusState, Response
from tiex.councils.models import Council, CouncillorCount


def questionnaire() -> Any:
    return services.questionnaire_load()


def make_census(year: int = 2026, state: str = CensusState.OPEN, *, is_demo: bool = False) -> Census:
    census = services.census_create(
        year=year,
        questionnaire=questionnaire(),
        opens_on=datetime.date(year, 1, 1),
        closes_on=datetime.date(year, 12, 31),
        is_demo=is_demo,
    )
    if state != CensusState.DRAFT:
        Census.objects.filter(pk=census.pk).update(
            state=CensusState.CLOSED if state == CensusState.PUBLISHED else state
        )
        census.refresh_from_db()
    if state == CensusState.PUBLISHED:
        census = services.census_set_state(actor=None, census=census, state=CensusState.PUBLISHED)
    return census


def population(council: Council, *, female: int = 20, male: int = 30, party: str = "con") -> None:
    region = council.region or "South East"
    CouncillorCount.objects.create(
        council=council, year=2021, party=party, gender="female", count=female, region=region
    )
    CouncillorCount.objects.create(council=council, year=2021, party=party, gender="male", count=male, region=region)


def answers(**overrides: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "age": "55-64",
        "gender": "female",
        "ethnicity": "white",
        "disability": "no",
        "party": "con",
        "hours": 20,
        "positions": ["committee-chair"],
        "service": "5-9",
        "stand-again": "yes",
        "motivations": ["serve-community"],
        "resources": ["training"],
    }
    found.update(overrides)
    return found


def respond(census: Census, council: Council, count: int, **overrides: Any) -> None:
    Response.objects.bulk_create(
        [
            Response(census=census, council=council, answers=answers(**overrides), submitted_on=census.opens_on)
            for _ in range(count)
        ]
    )


def form_data(**overrides: Any) -> dict[str, Any]:
    """The questionnaire as posted (lists stay lists for multiple choice)."""
    return {key: value for key, value in answers(**overrides).items() if value is not None}
