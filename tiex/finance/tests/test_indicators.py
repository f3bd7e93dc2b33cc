"""The indicators, worked by hand from the workbooks (figures in £ thousand)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tiex.finance import indicators as ind
from tiex.finance.indicators import YearFigures

# Kent (E10000016, E-code E2221) as the three workbooks give it.
KENT = [
    YearFigures("2015-16", 906931, 549034, 169153, 34725, 163105, 37213, "revised outturn"),
    YearFigures("2016-17", 904612, 583181, 163105, 37213, 158815, 37213, "outturn"),
    YearFigures("2017-18", 883349, 620527, 158815, 37213, 160563, 37213, "provisional outturn"),
]


def test_kent_reserves_ratio_2017_18() -> None:
    # (160,563 earmarked + 37,213 unallocated) / 883,349 NRE = 197,776 / 883,349 = 22.39%
    assert ind.reserves_ratio(KENT[2]) == pytest.approx(22.3893, abs=1e-4)
    # 37,213 / 883,349 = 4.21%
    assert ind.unallocated_ratio(KENT[2]) == pytest.approx(4.2127, abs=1e-4)


def test_kent_council_tax_share_2017_18() -> None:
    # 620,527 council tax requirement / 883,349 NRE = 70.25%
    assert ind.council_tax_share(KENT[2]) == pytest.approx(70.2471, abs=1e-4)


def test_kent_changes_over_the_three_years() -> None:
    # Usable reserves 1 April 2015: 169,153 + 34,725 = 203,878; 31 March 2018: 160,563 + 37,213 = 197,776.
    # (197,776 - 203,878) / 203,878 = -6,102 / 203,878 = -2.99%
    assert ind.reserves_change(KENT) == pytest.approx(-2.9930, abs=1e-4)
    # Earmarked: (160,563 - 169,153) / 169,153 = -8,590 / 169,153 = -5.08%
    assert ind.earmarked_change(KENT) == pytest.approx(-5.0782, abs=1e-4)
    # Unallocated: (37,213 - 34,725) / 34,725 = 2,488 / 34,725 = +7.16%
    assert ind.unallocated_change(KENT) == pytest.approx(7.1649, abs=1e-4)
    # The order the years are given in does not matter.
    assert ind.unallocated_change(list(reversed(KENT))) == ind.unallocated_change(KENT)


def test_indicators_of_a_council() -> None:
    result = ind.indicators(KENT)
    assert result is not None
    assert (result.first_year, result.last_year, result.years) == ("2015-16", "2017-18", 3)
    assert result.last_status == "provisional outturn"
    assert result.reserves == Decimal("197776")
    assert result.net_revenue_expenditure == Decimal("883349")
    assert ind.indicators([]) is None


def test_a_year_without_figures_is_left_out() -> None:
    # Reading's 2017-18 return was imputed and not published ("…"): its indicators stop at 2016-17.
    years = [
        YearFigures("2015-16", 100, 40, 20, 10, 18, 9),
        YearFigures("2016-17", 110, 44, 18, 9, 15, 6),
        YearFigures("2017-18"),
    ]
    result = ind.indicators(years)
    assert result is not None
    assert result.last_year == "2016-17"
    # (15 + 6) / 110 = 19.09%; reserves (20 + 10 = 30) -> 21: -30%; unallocated 10 -> 6: -40%
    assert result.reserves_ratio == pytest.approx(19.0909, abs=1e-4)
    assert result.reserves_change == pytest.approx(-30.0)
    assert result.unallocated_change == pytest.approx(-40.0)


def test_spelthorne_negative_spend_gives_no_ratio() -> None:
    # Spelthorne's 2017-18 NRE is -2,757 (its commercial property income exceeds its spending).
    year = YearFigures("2017-18", -2757, 6000, 10000, 2000, 12000, 2000)
    assert ind.reserves_ratio(year) is None
    assert ind.council_tax_share(year) is None
    assert ind.change(0, 10) is None
    assert ind.change(None, 10) is None
    assert ind.usable_reserves(None, 5) is None


def test_spread_median_and_quartiles() -> None:
    assert ind.spread([]) is None
    assert ind.spread([None]) is None
    single = ind.spread([5.0])
    assert single is not None and (single.count, single.median) == (1, 5.0)
    # 1, 2, 3, 4, 5 (None left out): inclusive quartiles 2 and 4, median 3.
    result = ind.spread([5.0, 1.0, None, 3.0, 2.0, 4.0])
    assert result == ind.Spread(count=5, lower_quartile=2.0, median=3.0, upper_quartile=4.0)
