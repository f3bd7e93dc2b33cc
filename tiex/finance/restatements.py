"""Restated balances: a council's reserves at 1 April that differ from its previous year's return's
31 March figure. Plain functions over plain figures (no ORM, no request).

Each year's return gives both its opening (1 April) and closing (31 March) balances, so a council's
opening earmarked or unallocated reserves can differ from the closing figure of the year before:
the council restated them (or, as Bristol's 2015-16 return, put a figure in the wrong column).
tiex keeps each year as its return gives it; the importer records each difference as a row
warning and the profile flags it beside the year (docs/finance.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from tiex.finance.indicators import Money, YearFigures

# (kind, closing field of the previous year, opening field of the year)
BALANCES = (
    ("earmarked", "earmarked_reserves_end", "earmarked_reserves_start"),
    ("unallocated", "unallocated_reserves_end", "unallocated_reserves_start"),
)
# A restatement by more than this share of the previous closing balance counts as large.
LARGE_SHARE = Decimal("0.1")


def next_year(financial_year: str) -> str:
    """ "2015-16" -> "2016-17"."""
    start = int(financial_year[:4]) + 1
    return f"{start}-{(start + 1) % 100:02d}"


def _number(value: Money) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True)
class Restatement:
    """One balance whose 1 April figure in ``financial_year``'s return differs from the 31 March figure
    in ``previous_year``'s return (£ thousand)."""

    financial_year: str
    previous_year: str
    balance: str  # "earmarked" or "unallocated"
    closing: Decimal  # 31 March, in the previous year's return
    opening: Decimal  # 1 April, in this year's return

    @property
    def difference(self) -> Decimal:
        """Opening minus closing: positive when the balance was restated upwards."""
        return self.opening - self.closing

    @property
    def large(self) -> bool:
        """Restated by more than a tenth of the previous closing balance."""
        return abs(self.difference) > abs(self.closing) * LARGE_SHARE

    @property
    def date(self) -> str:
        """The 1 April the two figures are for, e.g. "1 April 2016"."""
        return f"1 April {self.financial_year[:4]}"


def restatements(years: Iterable[YearFigures]) -> list[Restatement]:
    """Every balance of one council whose opening figure differs from the previous year's closing one,
    earliest year first (earmarked before unallocated). A year missing, or a figure not published,
    on either side is no restatement."""
    by_year = {year.financial_year: year for year in years}
    found = []
    for year in sorted(by_year):
        following = by_year.get(next_year(year))
        if following is None:
            continue
        for kind, closing_field, opening_field in BALANCES:
            closing = _number(getattr(by_year[year], closing_field))
            opening = _number(getattr(following, opening_field))
            if closing is not None and opening is not None and closing != opening:
                found.append(Restatement(following.financial_year, year, kind, closing, opening))
    return found


def pounds(thousands: Decimal) -> str:
    """£ thousand as whole pounds with the sign first: Decimal("-1234.5") -> "-£1,234,500"."""
    value = thousands * 1000
    return f"-£{-value:,.0f}" if value < 0 else f"£{value:,.0f}"
