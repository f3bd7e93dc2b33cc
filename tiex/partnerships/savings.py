"""Savings arithmetic over plain rows: no ORM, no request.

A partnership's cumulative savings are always the sum of its ``Savings`` rows, never a
typed-in figure. The row with no financial year ("earlier years, not broken down") holds
what an old spreadsheet's savings-to-date figure had beyond the years it gave, so it
counts towards cumulative totals and never towards a single year's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class SavingsRow(Protocol):
    financial_year: int | None
    amount_gbp: int


def in_year(rows: Iterable[SavingsRow], year: int) -> int:
    """The savings in one financial year (2018 for 2018/19), in whole pounds."""
    return sum(row.amount_gbp for row in rows if row.financial_year == year)


def cumulative(rows: Iterable[SavingsRow], up_to_year: int | None = None) -> int:
    """The savings to date, or up to and including ``up_to_year``, in whole pounds.

    The earlier-years row counts when any dated row is on or before ``up_to_year``
    (it holds savings from before the first dated year), and always when no year is given.
    """
    rows = list(rows)
    if up_to_year is None:
        return sum(row.amount_gbp for row in rows)
    dated = [row for row in rows if row.financial_year is not None and row.financial_year <= up_to_year]
    earlier = sum(row.amount_gbp for row in rows if row.financial_year is None) if dated else 0
    return earlier + sum(row.amount_gbp for row in dated)
