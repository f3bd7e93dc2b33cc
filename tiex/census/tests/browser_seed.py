"""The browser tests' "census" seed (see tiex/census/a11y_routes.py): Testshire's councillors (50), a
published 2025 census with results (a dozen responses), the past figures, an open 2026 census, and
one unused response link for Testshire with the token TOKEN."""

from __future__ import annotations

from typing import Any

TOKEN = "a11y-census-link-token"


def seed_census(council: Any) -> None:
    import datetime

    from tiex.census import selectors, services
    from tiex.census.models import CensusState, ResponseLink
    from tiex.census.tests.factories import make_census, population, respond

    if not council.councillor_counts.exists():
        population(council)
    services.history_load()
    if not selectors.census_get_published(year=2025):
        published = make_census(2025, CensusState.CLOSED)
        respond(published, council, 12)
        services.census_set_state(actor=None, census=published, state=CensusState.PUBLISHED)
    census = selectors.census_open() or make_census(2026, CensusState.OPEN)
    ResponseLink.objects.get_or_create(
        token_hash=selectors.token_hash(TOKEN),
        defaults={"census": census, "council": council, "issued_on": datetime.date(2026, 1, 1)},
    )
