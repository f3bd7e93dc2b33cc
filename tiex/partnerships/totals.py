"""The headline totals of the Shared Services Map, defined once over plain data (no ORM, no request).

This is the definition (SSM_SPEC, docs/partnerships.md); ``selectors.partnership_totals`` and
``selectors.totals_by_year`` work the same figures out in the database with aggregate queries,
and a test checks that the two agree on the same data.

For a financial year Y (2018 means 2018/19):

* a partnership **counts in year Y** when it had started (``start_year`` empty or <= Y) and had
  not ended (``end_year`` empty or > Y); its status plays no part;
* **savings in the year**: the sum of the counted partnerships' savings rows for Y, achieved
  and expected alike;
* **cumulative savings**: the sum of their rows up to and including Y, plus the undated
  "earlier years" rows;
* **share achieved and evidenced**: the part of the cumulative savings in rows that are
  achieved and rest on some evidence, as a fraction (None when the cumulative is 0);
* **councils involved**: the distinct councils taking part in the counted partnerships.

Without a year the totals are for the **default year**: the latest financial year with any
savings row that is not in the future.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

ACHIEVED = "achieved"  # SavingsStatus.ACHIEVED (a test checks they agree)
NO_EVIDENCE = "none"  # SavingsEvidence.NONE
FINANCIAL_YEAR_STARTS_IN_MONTH = 4  # April


@dataclass(frozen=True)
class SavingsFigure:
    """One savings row: ``financial_year`` None is the undated "earlier years" row."""

    financial_year: int | None
    amount_gbp: int
    status: str = ACHIEVED
    evidence: str = NO_EVIDENCE

    @property
    def is_achieved_and_evidenced(self) -> bool:
        return self.status == ACHIEVED and self.evidence != NO_EVIDENCE


@dataclass(frozen=True)
class PartnershipFacts:
    """What the totals need to know about one partnership."""

    start_year: int | None = None
    end_year: int | None = None
    council_ids: frozenset[int] = frozenset()
    savings: tuple[SavingsFigure, ...] = ()


@dataclass(frozen=True)
class Totals:
    """The totals for one financial year (money in whole pounds)."""

    year: int
    partnerships: int = 0
    councils: int = 0
    savings_in_year_gbp: int = 0
    cumulative_savings_gbp: int = 0
    achieved_evidenced_gbp: int = field(default=0)

    @property
    def share_achieved_evidenced(self) -> float | None:
        """The cumulative savings' share that is achieved and evidenced, 0 to 1; None without savings."""
        if not self.cumulative_savings_gbp:
            return None
        return self.achieved_evidenced_gbp / self.cumulative_savings_gbp


def counts_in_year(start_year: int | None, end_year: int | None, year: int) -> bool:
    """Whether a partnership running from ``start_year`` to ``end_year`` counts in financial year ``year``."""
    return (start_year is None or start_year <= year) and (end_year is None or end_year > year)


def in_cumulative(financial_year: int | None, year: int) -> bool:
    """Whether a savings row of ``financial_year`` adds to the cumulative savings of ``year``."""
    return financial_year is None or financial_year <= year


def totals(partnerships: Iterable[PartnershipFacts], year: int) -> Totals:
    """The totals for ``year`` over ``partnerships`` (already narrowed by any filters)."""
    count = in_year = cumulative = achieved = 0
    councils: set[int] = set()
    for partnership in partnerships:
        if not counts_in_year(partnership.start_year, partnership.end_year, year):
            continue
        count += 1
        councils |= partnership.council_ids
        for row in partnership.savings:
            if row.financial_year == year:
                in_year += row.amount_gbp
            if in_cumulative(row.financial_year, year):
                cumulative += row.amount_gbp
                if row.is_achieved_and_evidenced:
                    achieved += row.amount_gbp
    return Totals(
        year=year,
        partnerships=count,
        councils=len(councils),
        savings_in_year_gbp=in_year,
        cumulative_savings_gbp=cumulative,
        achieved_evidenced_gbp=achieved,
    )


def totals_by_year(partnerships: Iterable[PartnershipFacts], years: Iterable[int]) -> list[Totals]:
    """The totals for each of ``years``, in the order given (the growth chart's figures)."""
    facts = list(partnerships)
    return [totals(facts, year) for year in years]


def current_financial_year(today: datetime.date) -> int:
    """The financial year ``today`` falls in: 2019-03-31 is in 2018/19, 2019-04-01 in 2019/20."""
    return today.year if today.month >= FINANCIAL_YEAR_STARTS_IN_MONTH else today.year - 1


def default_year(savings_years: Iterable[int | None], today: datetime.date) -> int:
    """The latest financial year with any savings row, not in the future; the current one without any."""
    now = current_financial_year(today)
    past = [year for year in savings_years if year is not None and year <= now]
    return max(past, default=now)


def growth_years(savings_years: Iterable[int | None], today: datetime.date) -> list[int]:
    """The years the growth chart shows: each financial year with savings rows, not in the future, oldest first."""
    now = current_financial_year(today)
    return sorted({year for year in savings_years if year is not None and year <= now})
