"""Cumulative savings are the sum of the rows, never a typed-in figure."""

from __future__ import annotations

from dataclasses import dataclass

from tiex.partnerships import savings


@dataclass
class Row:
    financial_year: int | None
    amount_gbp: int


ROWS = [Row(None, 1_000_000), Row(2018, 200_000), Row(2019, 250_000)]


def test_a_years_savings_leave_out_the_earlier_years_row():
    assert savings.in_year(ROWS, 2018) == 200_000
    assert savings.in_year(ROWS, 2020) == 0


def test_savings_to_date_are_the_sum_of_every_row():
    assert savings.cumulative(ROWS) == 1_450_000


def test_savings_up_to_a_year_count_the_earlier_years_only_once_a_dated_year_is_reached():
    assert savings.cumulative(ROWS, up_to_year=2018) == 1_200_000
    assert savings.cumulative(ROWS, up_to_year=2019) == 1_450_000
    assert savings.cumulative(ROWS, up_to_year=2017) == 0
    assert savings.cumulative([], up_to_year=2019) == 0
