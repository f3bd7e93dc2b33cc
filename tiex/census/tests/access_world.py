"""The census in the access matrix's world (tiex/core/tests/access_world.py): a published 2025 census
(with a dozen responses from council A), an open 2026 census, council A's councillors (50), and one
unused response link for council A in 2026."""

from __future__ import annotations

from typing import Any

from tiex.census import services
from tiex.census.models import CensusState
from tiex.census.tests.factories import make_census, population, respond


def access_world_census(council_a: Any) -> dict[str, str]:
    population(council_a)
    published = make_census(2025, CensusState.CLOSED)
    respond(published, council_a, 12)
    services.census_set_state(actor=None, census=published, state=CensusState.PUBLISHED)
    open_census = make_census(2026, CensusState.OPEN)
    (token,) = services.links_issue(actor=None, census=open_census, council=council_a, count=1)
    return {"census_token": token}
