"""The weighting against small examples worked by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import pytest

from tiex.census import weighting


def test_one_dimension_is_cell_weighting() -> None:
    # Population: 40 women, 60 men (N = 100). Responses: 5 women, 5 men.
    # Each cell's weight is its population over its responses: women 40 / 5 = 8, men 60 / 5 = 12.
    respondents = [{"gender": "female"}] * 5 + [{"gender": "male"}] * 5
    found = weighting.rake(respondents, {"gender": {"female": 40, "male": 60}})
    assert found.weights == pytest.approx([8] * 5 + [12] * 5)
    assert found.converged


def test_weighted_mean_and_margin_by_hand() -> None:
    # Women all say 20 hours, men all 30; weights 8 and 12 (above).
    # Mean = (5 x 8 x 20 + 5 x 12 x 30) / 100 = (800 + 1800) / 100 = 26 (unweighted: 25).
    # Variance = (40 x 6^2 + 60 x 4^2) / 100 = 24, x n/(n-1) = 10/9 -> 26.667; s = 5.1640.
    # Kish n_eff = 100^2 / (5 x 64 + 5 x 144) = 10000 / 1040 = 9.6154 (design effect 1.04).
    # FPC = sqrt((100 - 10) / 99) = 0.95346.
    # Margin = 1.96 x 5.1640 / sqrt(9.6154) x 0.95346 = 1.96 x 1.6653 x 0.95346 = 3.112.
    weights = [8.0] * 5 + [12.0] * 5
    found = weighting.mean(weights, [20] * 5 + [30] * 5, population=100)
    assert found.value == pytest.approx(26.0)
    assert found.moe == pytest.approx(3.112, abs=0.001)
    assert weighting.effective_n(weights) == pytest.approx(9.6154, abs=0.0001)
    assert weighting.design_effect(weights) == pytest.approx(1.04)


def test_weighted_proportion_and_margin_by_hand() -> None:
    # 2 of the 5 women and 3 of the 5 men hold a leading position.
    # p = (2 x 8 + 3 x 12) / 100 = 52 / 100 = 0.52 (unweighted 0.50).
    # Margin = 1.96 x sqrt(0.52 x 0.48 / 9.6154) x 0.95346 = 1.96 x 0.16112 x 0.95346 = 0.3011.
    weights = [8.0] * 5 + [12.0] * 5
    chosen = [True, True, False, False, False, True, True, True, False, False]
    found = weighting.proportion(weights, chosen, population=100)
    assert found.value == pytest.approx(0.52)
    assert found.moe == pytest.approx(0.3011, abs=0.0001)


def test_raking_two_margins_with_an_unknown_gender_by_hand() -> None:
    # Population: county 50, district 50; women 40, men 60 (N = 100).
    # Five responses: county woman, county man, county (gender not given), district woman, district man.
    # Start: 100 / 5 = 20 each.
    # Type: county has 60 for a target of 50 (x 5/6 -> 16.667 each); district 40 for 50 (x 1.25 -> 25).
    # Gender: the unknown keeps its 16.667; the other 83.333 is shared 40:60 -> women 33.333, men 50.
    #   Women now weigh 16.667 + 25 = 41.667 (x 0.8), men the same (x 1.2):
    #   county woman 13.333, county man 20, district woman 20, district man 30.
    # Type again: county 13.333 + 20 + 16.667 = 50, district 50: nothing moves, so it has converged.
    respondents = [
        {"type": "CTY", "gender": "female"},
        {"type": "CTY", "gender": "male"},
        {"type": "CTY", "gender": None},
        {"type": "NMD", "gender": "female"},
        {"type": "NMD", "gender": "male"},
    ]
    found = weighting.rake(respondents, {"type": {"CTY": 50, "NMD": 50}, "gender": {"female": 40, "male": 60}})
    assert found.weights == pytest.approx([40 / 3, 20, 50 / 3, 20, 30])
    assert sum(found.weights) == pytest.approx(100)
    assert found.converged and found.iterations == 2


def test_a_population_category_with_no_respondent_is_dropped_and_the_rest_gross_up() -> None:
    respondents = [{"type": "CTY"}, {"type": "NMD"}]
    found = weighting.rake(respondents, {"type": {"CTY": 30, "NMD": 50, "CC": 20}})
    # CC has nobody to stand for it: CTY and NMD share all 100 in the ratio 30:50.
    assert found.weights == pytest.approx([37.5, 62.5])
    assert found.dropped == {"type": ["CC"]}


def test_estimates_on_fewer_than_ten_responses_are_suppressed() -> None:
    found = weighting.proportion([1.0] * 9, [True] * 9, population=100)
    assert found.suppressed and found.value is None and found.moe is None and found.base == 9
    assert not weighting.mean([1.0] * 10, [5] * 10, population=100).suppressed


def test_no_respondents_gives_no_weights() -> None:
    assert weighting.rake([], {"type": {"CTY": 10}}).weights == []
