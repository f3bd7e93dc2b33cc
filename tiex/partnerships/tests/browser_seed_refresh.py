"""The browser tests' "refresh" seed: an open 2019/20 round with the return of the super-user's council.

``seed_refresh(council)`` is given the council whose super-user the browser signs in as
(the route map's ORG_SLUG). That council is in two partnerships: RETURN_PARTNERSHIP_PK with
savings for 2018/19 (confirmed in the closed 2018/19 round) and a second with no savings
and no reason; a neighbour council has not started its return.
"""

from __future__ import annotations

import datetime
from typing import Any

RETURN_PK = 9401
RETURN_PARTNERSHIP_PK = 9401
ROUND_YEAR = 2019


def seed_refresh(council: Any) -> None:
    from django.utils import timezone

    from tiex.councils.tests.factories import CouncilFactory
    from tiex.partnerships.models import CouncilReturn
    from tiex.partnerships.tests.factories import (
        PartnershipFactory,
        SavingsFactory,
        ServiceCategoryFactory,
        confirm,
        refresh_round,
    )

    council.region = "East of England"
    council.save(update_fields=["region"])
    neighbour = CouncilFactory(name="Seedwick", gss_code="E07009401", region="East of England")
    CouncilFactory(name="Lonelyham", gss_code="E07009402", region="London")
    ServiceCategoryFactory(label="Finance")
    ServiceCategoryFactory(label="Legal")
    shared = PartnershipFactory(
        pk=RETURN_PARTNERSHIP_PK,
        name=f"{council.name} and Seedwick revenues and benefits",
        lead_council=council,
        councils=[neighbour],
    )
    SavingsFactory(partnership=shared, financial_year=2018, amount_gbp=320_000)
    PartnershipFactory(name=f"{council.name} legal services", councils=[council])
    earlier = refresh_round(ROUND_YEAR - 1, closed_at=timezone.now())
    confirm(shared, earlier)
    latest = refresh_round(ROUND_YEAR, closes_on=datetime.date(2099, 6, 30))
    CouncilReturn.objects.create(pk=RETURN_PK, round=latest, council=council)
    CouncilReturn.objects.create(round=latest, council=neighbour)
