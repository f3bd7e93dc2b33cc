"""Reads about council finances: one council's outturn rows, every council's indicators, and the
directory's filter and sort by an indicator (the page, its downloads and the API share them).

The indicators are those of tiex/finance/indicators.py, kept per council in FinanceSummary
by every import, so a list filters and sorts by them in SQL within its one query.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet

from tiex.finance.models import FinanceSummary, RevenueOutturn


class FinanceIndicator(enum.StrEnum):
    """The indicators a list can be filtered and sorted by (docs/finance.md defines each), in percent."""

    RESERVES_RATIO = "reserves-ratio"
    UNALLOCATED_RATIO = "unallocated-ratio"
    COUNCIL_TAX_SHARE = "council-tax-share"
    RESERVES_CHANGE = "reserves-change"
    EARMARKED_CHANGE = "earmarked-change"
    UNALLOCATED_CHANGE = "unallocated-change"


INDICATOR_FIELDS: dict[str, str] = {indicator.value: indicator.name.lower() for indicator in FinanceIndicator}
INDICATOR_NAMES: dict[str, str] = {
    FinanceIndicator.RESERVES_RATIO: "Usable reserves as a share of net revenue expenditure",
    FinanceIndicator.UNALLOCATED_RATIO: "Unallocated reserves as a share of net revenue expenditure",
    FinanceIndicator.COUNCIL_TAX_SHARE: "Council tax requirement as a share of net revenue expenditure",
    FinanceIndicator.RESERVES_CHANGE: "Change in usable reserves over the years on record",
    FinanceIndicator.EARMARKED_CHANGE: "Change in earmarked reserves over the years on record",
    FinanceIndicator.UNALLOCATED_CHANGE: "Change in unallocated reserves over the years on record",
}
CHANGE_INDICATORS = frozenset(
    {FinanceIndicator.RESERVES_CHANGE, FinanceIndicator.EARMARKED_CHANGE, FinanceIndicator.UNALLOCATED_CHANGE}
)
# Fields of a list row (and of the API's and downloads' FinanceIndicatorsOut), through Council.finance_summary.
SUMMARY_FIELDS = (
    "first_year",
    "last_year",
    "last_status",
    "net_revenue_expenditure",
    "reserves",
    *INDICATOR_FIELDS.values(),
)


# --- Lists ---------------------------------------------------------------------


def filter_councils(
    queryset: QuerySet[Any, Any], indicator: str, minimum: float | None, maximum: float | None
) -> QuerySet[Any, Any]:
    """Councils whose indicator lies within [minimum, maximum] (percent); with neither bound, those that
    have the indicator at all. No query of its own: a join on the council list's one query."""
    if not indicator:
        return queryset
    field = f"finance_summary__{INDICATOR_FIELDS[indicator]}"
    condition = Q(**{f"{field}__isnull": False})
    if minimum is not None:
        condition &= Q(**{f"{field}__gte": minimum})
    if maximum is not None:
        condition &= Q(**{f"{field}__lte": maximum})
    return queryset.filter(condition)


def order_councils(queryset: QuerySet[Any, Any], sort: str) -> QuerySet[Any, Any]:
    """Ordered by an indicator ("reserves-ratio" lowest first, "-reserves-ratio" highest first),
    councils without it last, then by name. An empty ``sort`` leaves the order alone."""
    if sort_indicator(sort) == "":
        return queryset
    descending = sort.startswith("-")
    expression = F(f"finance_summary__{INDICATOR_FIELDS[sort.lstrip('-')]}")
    ordered = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return queryset.order_by(ordered, "name", "la_code")


# --- One council -----------------------------------------------------------------


@dataclass(frozen=True)
class OutturnRow:
    financial_year: str
    status: str
    source_file: str
    source_line: int
    source_note: str
    ons_code: str
    authority_name: str
    total_service_expenditure: Decimal | None
    net_revenue_expenditure: Decimal | None
    council_tax_requirement: Decimal | None
    earmarked_reserves_start: Decimal | None
    unallocated_reserves_start: Decimal | None
    earmarked_reserves_end: Decimal | None
    unallocated_reserves_end: Decimal | None
    schools_reserves_start: Decimal | None
    schools_reserves_end: Decimal | None
    public_health_reserves_start: Decimal | None
    public_health_reserves_end: Decimal | None


OUTTURN_FIELDS = tuple(OutturnRow.__dataclass_fields__)


def council_outturns(council_id: int) -> list[OutturnRow]:
    """The council's outturn returns, earliest year first (one query)."""
    rows = RevenueOutturn.objects.filter(council_id=council_id).order_by("financial_year")
    return [OutturnRow(*values) for values in rows.values_list(*OUTTURN_FIELDS)]


@dataclass(frozen=True)
class SummaryRow:
    la_code: str
    first_year: str
    last_year: str
    last_status: str
    net_revenue_expenditure: Decimal | None
    reserves: Decimal | None
    reserves_ratio: float | None
    unallocated_ratio: float | None
    council_tax_share: float | None
    reserves_change: float | None
    earmarked_change: float | None
    unallocated_change: float | None

    def value(self, indicator: str) -> float | None:
        result = getattr(self, INDICATOR_FIELDS[indicator])
        return result if isinstance(result, float) else None


def summaries(la_codes: Collection[str] | None = None) -> dict[str, SummaryRow]:
    """Every council's indicators (or those of the councils with these mySociety codes), by mySociety
    code (one query)."""
    found = FinanceSummary.objects.order_by()
    if la_codes is not None:
        found = found.filter(council__la_code__in=list(la_codes))
    rows = found.values_list("council__la_code", *SUMMARY_FIELDS)
    return {values[0]: SummaryRow(*values) for values in rows}


@dataclass(frozen=True)
class FinanceBrief:
    """What a list of councils shows of one council's finances (the peer challenge coverage)."""

    first_year: str
    last_year: str
    reserves_ratio: float | None
    unallocated_change: float | None


def finance_briefs(council_ids: Any) -> dict[int, FinanceBrief]:
    """Each council's brief by id (councils without returns left out). One query; ``council_ids`` may
    be a list or a subquery."""
    rows = FinanceSummary.objects.filter(council_id__in=council_ids).values_list(
        "council_id", "first_year", "last_year", "reserves_ratio", "unallocated_change"
    )
    return {row[0]: FinanceBrief(row[1], row[2], row[3], row[4]) for row in rows}


class FinanceSort(enum.StrEnum):
    """How a council list is ordered: by name (the default), or by an indicator, lowest first
    ("reserves-ratio") or highest first ("-reserves-ratio"); councils without it come last."""

    NAME = "name"
    RESERVES_RATIO = "reserves-ratio"
    RESERVES_RATIO_DESC = "-reserves-ratio"
    UNALLOCATED_RATIO = "unallocated-ratio"
    UNALLOCATED_RATIO_DESC = "-unallocated-ratio"
    COUNCIL_TAX_SHARE = "council-tax-share"
    COUNCIL_TAX_SHARE_DESC = "-council-tax-share"
    RESERVES_CHANGE = "reserves-change"
    RESERVES_CHANGE_DESC = "-reserves-change"
    EARMARKED_CHANGE = "earmarked-change"
    EARMARKED_CHANGE_DESC = "-earmarked-change"
    UNALLOCATED_CHANGE = "unallocated-change"
    UNALLOCATED_CHANGE_DESC = "-unallocated-change"


def sort_choices() -> list[tuple[str, str]]:
    """The directory's "Order by" options: by name, then each indicator lowest and highest first."""
    choices = [(FinanceSort.NAME.value, "Name")]
    for indicator in FinanceIndicator:
        name = INDICATOR_NAMES[indicator]
        choices += [(indicator.value, f"{name}, lowest first"), (f"-{indicator.value}", f"{name}, highest first")]
    return choices


def sort_indicator(sort: str) -> str:
    """The indicator a sort value orders by ("" for the name)."""
    return "" if sort in {"", FinanceSort.NAME} else sort.lstrip("-")


def shown_indicator(indicator: str, sort: str) -> str:
    """The indicator a list shows beside each council: the one it is filtered by, else sorted by."""
    return indicator or sort_indicator(sort)


def summary_of(council: Any) -> Any:
    """The council's FinanceSummary when the list read it with the council (select_related), else None."""
    try:
        return council.finance_summary
    except FinanceSummary.DoesNotExist:
        return None


def summaries_for(council_id: int) -> FinanceSummary | None:
    """One council's FinanceSummary (one query)."""
    return FinanceSummary.objects.filter(council_id=council_id).first()
