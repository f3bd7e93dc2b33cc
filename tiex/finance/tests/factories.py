"""Outturn rows for tests, with Kent's published figures as the default (£ thousand)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tiex.finance.models import RevenueOutturn
from tiex.finance.services import finance_summaries_refresh

# Kent (E2221) as the three workbooks give it: NRE, CTR, earmarked start/end, unallocated start/end.
KENT = {
    "2015-16": ("revised outturn", 906931, 549034, 169153, 163105, 34725, 37213),
    "2016-17": ("outturn", 904612, 583181, 163105, 158815, 37213, 37213),
    "2017-18": ("provisional outturn", 883349, 620527, 158815, 160563, 37213, 37213),
}


def add_outturns(council: Any, years: dict[str, tuple[Any, ...]] | None = None, *, refresh: bool = True) -> None:
    for year, (status, nre, ctr, e_start, e_end, u_start, u_end) in (years or KENT).items():
        RevenueOutturn.objects.create(
            council=council,
            financial_year=year,
            status=status,
            source_file=f"RS_{year}_data_by_LA.xlsx",
            source_line=10,
            ecode="E2221",
            ons_code=council.gss_code or "",
            authority_name=council.name,
            authority_class="SC",
            total_service_expenditure=Decimal(nre) * 2,
            net_revenue_expenditure=Decimal(nre),
            council_tax_requirement=Decimal(ctr),
            earmarked_reserves_start=Decimal(e_start),
            earmarked_reserves_end=Decimal(e_end),
            unallocated_reserves_start=Decimal(u_start),
            unallocated_reserves_end=Decimal(u_end),
            schools_reserves_end=Decimal(100),
            public_health_reserves_end=Decimal(10),
        )
    if refresh:
        finance_summaries_refresh()


def falling(scale: int) -> dict[str, tuple[Any, ...]]:
    """A council whose unallocated reserves fell from 10 to 6 (-40%) and usable reserves from 30 to 21 (-30%)."""
    return {
        "2015-16": ("revised outturn", 100 * scale, 40 * scale, 20 * scale, 18 * scale, 10 * scale, 9 * scale),
        "2016-17": ("outturn", 110 * scale, 44 * scale, 18 * scale, 15 * scale, 9 * scale, 6 * scale),
    }
