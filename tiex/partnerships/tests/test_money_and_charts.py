"""Money as the headlines show it, and the growth chart's SVG."""

from __future__ import annotations

from tiex.partnerships import charts, money


def test_money_is_shortened_to_billions_and_millions():
    assert money.gbp_short(1_340_000_000) == "£1.34bn"
    assert money.gbp_short(1_000_000_000) == "£1bn"
    assert money.gbp_short(999_960_000) == "£1bn"  # rounds up into the next unit
    assert money.gbp_short(199_600_000) == "£199.6m"
    assert money.gbp_short(200_000_000) == "£200m"
    assert money.gbp_short(250_000) == "£250,000"
    assert money.gbp_short(0) == "£0"
    assert money.gbp_short(None) == ""
    assert money.gbp(1_340_000_000) == "£1,340,000,000"


def test_shares_are_whole_percentages():
    assert money.percent(0.666) == "67%"
    assert money.percent(0.001) == "less than 1%"
    assert money.percent(0) == "0%"
    assert money.percent(None) == ""


def test_the_growth_chart_has_a_bar_and_labels_per_year_and_escapes_text():
    svg = charts.growth_bars([("2012/13", 278_000_000, 325), ("2018/19", 1_340_000_000, 626), ("<x>", 0, 0)])
    assert svg.startswith("<svg") and 'aria-hidden="true"' in svg
    assert svg.count("<rect") == 3
    assert "£278m" in svg and "£1.34bn" in svg and "626" in svg
    assert "&lt;x&gt;" in svg and "<x>" not in svg
    assert charts.growth_bars([]) == ""
