"""The council profile's "Finances" section: the council's years, and its indicators beside its
comparator groups (same type, statistical neighbours, similarity cluster).

Two queries (the council's returns, every council's indicators); the profile page that
holds the section is cached until the next import (tiex/councils/views.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from tiex.finance import indicators as ind
from tiex.finance import selectors
from tiex.finance.restatements import Restatement, pounds, restatements
from tiex.finance.selectors import FinanceIndicator
from tiex.finance.svg import ChartInput, finance_chart

# The indicators the section compares, in this order.
COMPARED = (
    FinanceIndicator.RESERVES_RATIO,
    FinanceIndicator.UNALLOCATED_RATIO,
    FinanceIndicator.RESERVES_CHANGE,
    FinanceIndicator.UNALLOCATED_CHANGE,
    FinanceIndicator.COUNCIL_TAX_SHARE,
)
# Comparator kinds the section uses (tiex/councils ComparatorKind values), in this order.
GROUP_KINDS = ("same-type", "dfe-statistical-neighbours", "similarity-composite")


@dataclass(frozen=True)
class GroupInput:
    """A comparator group as the profile has it: its kind, name, cluster label and members' codes."""

    kind: str
    name: str
    label: str
    members: Sequence[str]


@dataclass(frozen=True)
class GroupColumn:
    kind: str
    name: str
    label: str
    size: int


@dataclass(frozen=True)
class SpreadCell:
    median: str
    quartiles: str
    count: int


@dataclass(frozen=True)
class IndicatorRow:
    indicator: str
    name: str
    is_change: bool
    value: float | None
    text: str
    cells: list[SpreadCell | None]


NOT_PUBLISHED = "Not published"


def percent(value: float | None, *, change: bool = False) -> str:
    """42.3% (or +7.2% / -25.0% for a change); "Not known" for None."""
    if value is None:
        return "Not known"
    return f"{value:+.1f}%" if change else f"{value:.1f}%"


def money(value: Any) -> str:
    """£ thousand as £ million to one place ("£160.6m"); "Not published" for None."""
    if value is None:
        return NOT_PUBLISHED
    millions = float(value) / 1000
    return f"-£{-millions:,.1f}m" if millions < 0 else f"£{millions:,.1f}m"


def restatement_text(item: Restatement) -> str:
    """The profile's flag of a restated balance, e.g. "2016-17, earmarked reserves at 1 April 2016 (£163.2m):
    restated: opening balance differs from last year's closing by £105,000 (£163.1m at 31 March 2016
    in the 2015-16 return)"."""
    return (
        f"{item.financial_year}, {item.balance} reserves at {item.date} ({money(item.opening)}): restated: "
        f"opening balance differs from last year's closing by {pounds(item.difference)} "
        f"({money(item.closing)} at 31 March {item.date[-4:]} in the {item.previous_year} return)"
    )


def spread_cell(spread: ind.Spread | None, change: bool) -> SpreadCell | None:
    if spread is None:
        return None
    return SpreadCell(
        median=percent(spread.median, change=change),
        quartiles=f"{percent(spread.lower_quartile, change=change)} to {percent(spread.upper_quartile, change=change)}",
        count=spread.count,
    )


def comparison(
    own: selectors.SummaryRow | None, groups: Iterable[GroupInput], table: dict[str, selectors.SummaryRow]
) -> tuple[list[GroupColumn], list[IndicatorRow]]:
    """Columns (each group named, with its size) and rows (each indicator: the council's value, and
    each group's median and quartiles over its members with a value)."""
    columns, members = [], []
    for group in groups:
        columns.append(GroupColumn(group.kind, group.name, group.label, len(group.members)))
        members.append([table[code] for code in group.members if code in table])
    rows = []
    for indicator in COMPARED:
        change = indicator in selectors.CHANGE_INDICATORS
        value = own.value(indicator) if own else None
        rows.append(
            IndicatorRow(
                indicator=indicator.value,
                name=selectors.INDICATOR_NAMES[indicator],
                is_change=change,
                value=value,
                text=percent(value, change=change),
                cells=[spread_cell(ind.spread(row.value(indicator) for row in group), change) for group in members],
            )
        )
    return columns, rows


def profile_groups(detail: Any, groups: Iterable[Any]) -> list[GroupInput]:
    """The section's comparator groups from what the profile already read (no query): every council of
    the same type (``detail.same_type``, not the profile's shortened list), and the statistical
    neighbours and similarity cluster as listed (a withheld or inapplicable kind is left out)."""
    by_kind = {group.kind: group for group in groups}
    found = []
    for kind in GROUP_KINDS:
        group = by_kind.get(kind)
        if group is None or group.withheld:
            continue
        rows = detail.same_type if kind == "same-type" else [item.council for item in group.comparators]
        found.append(GroupInput(kind, group.kind_name, group.label, [row.la_code for row in rows]))
    return found


def section_html(*, council: Any, groups: Iterable[GroupInput]) -> str:
    """The rendered section for ``council`` (two queries)."""
    years = selectors.council_outturns(council.pk)
    if not years:
        return render_to_string("finance/_council_finances.html", {"council": council, "years": []})
    table = selectors.summaries()
    own = table.get(council.la_code)
    columns, rows = comparison(own, groups, table)
    chart = finance_chart(
        ChartInput(
            financial_year=year.financial_year,
            earmarked=year.earmarked_reserves_end,
            unallocated=year.unallocated_reserves_end,
            net_revenue_expenditure=year.net_revenue_expenditure,
        )
        for year in years
    )
    figures = [
        ind.YearFigures(
            financial_year=year.financial_year,
            net_revenue_expenditure=year.net_revenue_expenditure,
            council_tax_requirement=year.council_tax_requirement,
            earmarked_reserves_start=year.earmarked_reserves_start,
            unallocated_reserves_start=year.unallocated_reserves_start,
            earmarked_reserves_end=year.earmarked_reserves_end,
            unallocated_reserves_end=year.unallocated_reserves_end,
        )
        for year in years
    ]
    restated = restatements(figures)
    marked = {(item.financial_year, item.balance) for item in restated}
    context = {
        "council": council,
        "years": years,
        "table": [
            {
                "year": year,
                "figures": [
                    (money(year.net_revenue_expenditure), False),
                    (money(year.total_service_expenditure), False),
                    (money(year.council_tax_requirement), False),
                    (money(year.earmarked_reserves_start), (year.financial_year, "earmarked") in marked),
                    (money(year.earmarked_reserves_end), False),
                    (money(year.unallocated_reserves_start), (year.financial_year, "unallocated") in marked),
                    (money(year.unallocated_reserves_end), False),
                    (money(year.schools_reserves_end), False),
                    (money(year.public_health_reserves_end), False),
                ],
                "reserves_ratio": percent(ind.reserves_ratio(figure)),
                "unallocated_ratio": percent(ind.unallocated_ratio(figure)),
            }
            for year, figure in zip(years, figures, strict=True)
        ],
        "summary": own,
        "chart": chart,
        "columns": columns,
        "rows": rows,
        "first_year": years[0].financial_year,
        "last_year": years[-1].financial_year,
        "restated": [restatement_text(item) for item in restated],
        "statuses": sorted({(year.financial_year, year.status, year.source_file) for year in years}),
    }
    return render_to_string("finance/_council_finances.html", context)
