"""A small map of partnerships for the query-count and agreement tests, at 1x or 10x."""

from __future__ import annotations

from typing import Any

from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships.tests.factories import (
    OtherPartnerFactory,
    PartnershipFactory,
    SavingsFactory,
    ServiceCategoryFactory,
)


def build_world(scale: int = 1) -> dict[str, Any]:
    """``12 * scale`` partnerships between councils in two regions, with categories, partners,
    tags and savings. Returns the councils, the partnerships and a level 1 category's identifier."""
    top = ServiceCategoryFactory(label="Finance")
    child = ServiceCategoryFactory(label="Revenues", parent=top)
    councils = [
        CouncilFactory(region="North West" if n % 2 else "South East", latitude=53 + n / 10, longitude=-2 - n / 10)
        for n in range(6)
    ]
    made = []
    for number in range(12 * scale):
        partnership = PartnershipFactory(
            councils=[councils[number % 6], councils[(number + 1) % 6]],
            categories=[child] if number % 3 else [top],
            benefit_tags=["capacity"],
            is_demo=number % 4 == 0,
        )
        OtherPartnerFactory(partnership=partnership)
        SavingsFactory(partnership=partnership, financial_year=2017, amount_gbp=100_000 + number)
        SavingsFactory(partnership=partnership, financial_year=2018, amount_gbp=200_000 + number)
        made.append(partnership)
    return {"councils": councils, "partnerships": made, "top_category": top.identifier}
