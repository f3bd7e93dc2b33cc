"""The census API, mounted at /api/v1/census (see docs/census.md).

``GET /api/v1/census/{year}/results``: a published census's weighted results, exactly as stored
when it was published (the same snapshot the results page shows). Suppressed cells (fewer than
ten responses) have ``"suppressed": true`` and null figures. A year with no published census: 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from tiex.census import selectors

router = Router()


class CensusQuestion(Schema):
    key: str
    text: str
    kind: str
    unit: str
    overall: dict[str, Any]


class CensusGroup(Schema):
    code: str
    label: str
    population: int
    responses: int | None = Field(description="null when suppressed")
    response_rate: float | None
    suppressed: bool
    headlines: dict[str, Any]
    questions: dict[str, Any]


class CensusResults(Schema):
    year: int
    is_demo: bool
    published_on: str
    population_year: int
    population: int
    responses: int
    response_rate: float | None
    min_base: int
    weighting: dict[str, Any]
    headlines: list[dict[str, Any]]
    questions: list[CensusQuestion]
    by_type: list[CensusGroup]
    by_region: list[CensusGroup]


class CensusError(Schema):
    detail: Any


@router.get(
    "/{year}/results",
    response={200: CensusResults, 404: CensusError, 422: CensusError},
    url_name="census_results",
    summary="A published census's weighted results, with margins of error",
)
def census_results(request: HttpRequest, year: Annotated[int, Path(ge=1900, le=2999)]) -> Any:
    """Weighted estimates (raked to the councillor population by council type, gender and party) with 95%
    margins, overall and by council type and region; cells under ten responses are suppressed."""
    census = selectors.census_get_published(year=year)
    if census is None or census.results is None:
        raise HttpError(404, "No published census for that year")
    return {
        "year": census.year,
        "is_demo": census.is_demo,
        "published_on": census.published_on.isoformat() if census.published_on else "",
        "population_year": census.population_year,
        **census.results,
    }
