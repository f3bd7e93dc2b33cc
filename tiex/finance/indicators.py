"""Financial resilience indicators: plain functions over plain figures (no ORM, no request).

Every indicator is defined in docs/finance.md; the tests work examples from the
workbooks by hand. Money is in £ thousand (as the returns give it); every indicator is
a percentage, or None when it cannot be worked out (a figure is missing, or the
denominator is zero or negative, which a ratio of a negative spend would turn upside down).

"Usable reserves" here are the general fund's earmarked reserves (other than schools' and
public health reserves) plus its unallocated reserves: what the council itself can choose
to spend. Schools' balances belong to the schools and public health reserves are ring-fenced,
so they are shown but left out of the ratios.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

Money = Decimal | int | float | None


@dataclass(frozen=True)
class YearFigures:
    """One council's figures for one financial year (£ thousand), as the outturn return gives them."""

    financial_year: str
    net_revenue_expenditure: Money = None
    council_tax_requirement: Money = None
    earmarked_reserves_start: Money = None
    unallocated_reserves_start: Money = None
    earmarked_reserves_end: Money = None
    unallocated_reserves_end: Money = None
    status: str = ""


@dataclass(frozen=True)
class Indicators:
    """A council's indicators over the years it has figures for (first_year to last_year)."""

    first_year: str
    last_year: str
    years: int
    last_status: str
    net_revenue_expenditure: Decimal | None
    reserves: Decimal | None
    reserves_ratio: float | None
    unallocated_ratio: float | None
    council_tax_share: float | None
    reserves_change: float | None
    earmarked_change: float | None
    unallocated_change: float | None


def _number(value: Money) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def usable_reserves(earmarked: Money, unallocated: Money) -> Decimal | None:
    """Earmarked plus unallocated reserves; None unless both are known."""
    first, second = _number(earmarked), _number(unallocated)
    if first is None or second is None:
        return None
    return first + second


def share(part: Money, whole: Money) -> float | None:
    """``part`` as a percentage of ``whole``; None when either is missing or ``whole`` is not positive."""
    numerator, denominator = _number(part), _number(whole)
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return float(numerator / denominator * 100)


def change(start: Money, end: Money) -> float | None:
    """The change from ``start`` to ``end`` as a percentage of ``start`` (-25.0 is a fall of a quarter);
    None when either is missing or ``start`` is not positive."""
    before, after = _number(start), _number(end)
    if before is None or after is None or before <= 0:
        return None
    return float((after - before) / before * 100)


def reserves_ratio(year: YearFigures) -> float | None:
    """Usable reserves at 31 March as a share of the year's net revenue expenditure."""
    return share(
        usable_reserves(year.earmarked_reserves_end, year.unallocated_reserves_end), year.net_revenue_expenditure
    )


def unallocated_ratio(year: YearFigures) -> float | None:
    """Unallocated reserves at 31 March as a share of the year's net revenue expenditure."""
    return share(year.unallocated_reserves_end, year.net_revenue_expenditure)


def council_tax_share(year: YearFigures) -> float | None:
    """The council tax requirement as a share of net revenue expenditure."""
    return share(year.council_tax_requirement, year.net_revenue_expenditure)


def has_figures(year: YearFigures) -> bool:
    return any(
        value is not None
        for value in (
            year.net_revenue_expenditure,
            year.council_tax_requirement,
            year.earmarked_reserves_start,
            year.unallocated_reserves_start,
            year.earmarked_reserves_end,
            year.unallocated_reserves_end,
        )
    )


def _in_order(years: Iterable[YearFigures]) -> list[YearFigures]:
    """The years that have figures, earliest first (a year the workbook gives no figures for,
    such as an imputed return, is left out rather than read as zeros)."""
    return sorted((year for year in years if has_figures(year)), key=lambda year: year.financial_year)


def reserves_change(years: Sequence[YearFigures]) -> float | None:
    """Usable reserves from 1 April of the first year to 31 March of the last, as a percentage change."""
    ordered = _in_order(years)
    if not ordered:
        return None
    first, last = ordered[0], ordered[-1]
    return change(
        usable_reserves(first.earmarked_reserves_start, first.unallocated_reserves_start),
        usable_reserves(last.earmarked_reserves_end, last.unallocated_reserves_end),
    )


def earmarked_change(years: Sequence[YearFigures]) -> float | None:
    """Earmarked reserves from 1 April of the first year to 31 March of the last, as a percentage change."""
    ordered = _in_order(years)
    return change(ordered[0].earmarked_reserves_start, ordered[-1].earmarked_reserves_end) if ordered else None


def unallocated_change(years: Sequence[YearFigures]) -> float | None:
    """Unallocated reserves from 1 April of the first year to 31 March of the last, as a percentage change."""
    ordered = _in_order(years)
    return change(ordered[0].unallocated_reserves_start, ordered[-1].unallocated_reserves_end) if ordered else None


def indicators(years: Iterable[YearFigures]) -> Indicators | None:
    """Every indicator for one council; the ratios are for its last year. None without any year."""
    ordered = _in_order(years)
    if not ordered:
        return None
    last = ordered[-1]
    return Indicators(
        first_year=ordered[0].financial_year,
        last_year=last.financial_year,
        years=len(ordered),
        last_status=last.status,
        net_revenue_expenditure=_number(last.net_revenue_expenditure),
        reserves=usable_reserves(last.earmarked_reserves_end, last.unallocated_reserves_end),
        reserves_ratio=reserves_ratio(last),
        unallocated_ratio=unallocated_ratio(last),
        council_tax_share=council_tax_share(last),
        reserves_change=reserves_change(ordered),
        earmarked_change=earmarked_change(ordered),
        unallocated_change=unallocated_change(ordered),
    )


@dataclass(frozen=True)
class Spread:
    """The median and quartiles of one indicator across a group of councils (those with a value)."""

    count: int
    lower_quartile: float
    median: float
    upper_quartile: float


def spread(values: Iterable[float | None]) -> Spread | None:
    """Median and quartiles of the known values (the inclusive method: a quartile of two values lies
    between them); None when no value is known."""
    known = sorted(value for value in values if value is not None)
    if not known:
        return None
    if len(known) == 1:
        return Spread(1, known[0], known[0], known[0])
    lower, middle, upper = statistics.quantiles(known, n=4, method="inclusive")
    return Spread(len(known), lower, middle, upper)
