"""Financial years (1 April to 31 March), named by their starting year: 2018 is 2018/19 (pure)."""

from __future__ import annotations

from datetime import date


def financial_year(day: date) -> int:
    """The financial year ``day`` falls in, by its starting year."""
    return day.year if day.month >= 4 else day.year - 1


def year_start(year: int) -> date:
    return date(year, 4, 1)


def year_end(year: int) -> date:
    """The last day of the financial year."""
    return date(year + 1, 3, 31)


def label(year: int) -> str:
    """2018 -> "2018/19"."""
    return f"{year}/{(year + 1) % 100:02d}"
