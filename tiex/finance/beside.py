"""A council's financial indicators beside one of its comparator groups, outside the profile: what the
self-assessment's comparison (tiex/assessments: the results page, its printed report and the
comparison API) shows of finances.

The same indicators (profile.COMPARED), values (FinanceSummary, rebuilt by every import from
indicators.py) and spreads (indicators.spread: median and inclusive quartiles of the members with
a value) as the profile's "Finances" section, so the two always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tiex.finance import indicators as ind
from tiex.finance import selectors
from tiex.finance.profile import COMPARED, SpreadCell, percent, spread_cell


@dataclass(frozen=True)
class IndicatorBeside:
    """One indicator: the council's value and the group's spread (percent), with their texts."""

    indicator: str
    name: str
    is_change: bool
    value: float | None
    text: str
    spread: ind.Spread | None
    cell: SpreadCell | None


@dataclass(frozen=True)
class FinanceBeside:
    """The council's indicators (its years on record, if any) beside its group's."""

    first_year: str  # the council's first and last years ("" when it has no returns)
    last_year: str
    last_status: str
    members: int  # councils in the group
    with_figures: int  # of them, those with returns
    rows: list[IndicatorBeside]


def beside(
    own: selectors.SummaryRow | None, members: Iterable[str], table: dict[str, selectors.SummaryRow]
) -> FinanceBeside | None:
    """The council's indicators (``own``) beside those of the group's ``members`` (mySociety codes) found in
    ``table``; None when neither the council nor any member has returns."""
    codes = list(members)
    rows = [table[code] for code in codes if code in table]
    if own is None and not rows:
        return None
    found = []
    for indicator in COMPARED:
        change = indicator in selectors.CHANGE_INDICATORS
        value = own.value(indicator) if own else None
        spread = ind.spread(row.value(indicator) for row in rows)
        found.append(
            IndicatorBeside(
                indicator=indicator.value,
                name=selectors.INDICATOR_NAMES[indicator],
                is_change=change,
                value=value,
                text=percent(value, change=change),
                spread=spread,
                cell=spread_cell(spread, change),
            )
        )
    return FinanceBeside(
        first_year=own.first_year if own else "",
        last_year=own.last_year if own else "",
        last_status=own.last_status if own else "",
        members=len(codes),
        with_figures=len(rows),
        rows=found,
    )


def finance_beside(*, la_code: str, members: Iterable[str]) -> FinanceBeside | None:
    """The council (by mySociety code) beside its group's members: one query, of their indicators only."""
    codes = list(members)
    table = selectors.summaries({la_code, *codes})
    return beside(table.get(la_code), codes, table)
