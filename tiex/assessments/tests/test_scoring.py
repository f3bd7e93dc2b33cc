"""Scoring with hand-worked examples (no database)."""

from __future__ import annotations

import pytest

from tiex.assessments import scoring
from tiex.assessments.scoring import Rule

# The CAF's standard rules: 1 achieved if all "achieved" are true; 2 partially achieved
# if all "partially-achieved" are true; 3 not achieved if any "not-achieved" is true.
CAF = [Rule(1, "achieved", "all"), Rule(2, "partially-achieved", "all"), Rule(3, "not-achieved", "any")]
BOARD = {"not-achieved": ["NA1", "NA2"], "partially-achieved": ["PA1"], "achieved": ["A1", "A2"]}
NO_PARTIAL = {"not-achieved": ["NA1"], "partially-achieved": [], "achieved": ["A1", "A2"]}


@pytest.mark.parametrize(
    ("groups", "ticked", "level", "why"),
    [
        (BOARD, {"A1", "A2"}, 1, "every achieved indicator is true"),
        (BOARD, {"A1", "PA1"}, 2, "not all achieved, but every partially-achieved indicator is true"),
        (BOARD, {"NA2"}, 3, "a not-achieved indicator is true"),
        (BOARD, {"A1"}, 3, "no rule holds: the last level"),
        (BOARD, set(), 3, "nothing ticked: not achieved"),
        (BOARD, {"A1", "A2", "NA1"}, 1, "rules are tried in order: the first that holds decides"),
        (NO_PARTIAL, set(), 3, "an empty group never satisfies 'all' (no vacuous partially achieved)"),
        (NO_PARTIAL, {"A1"}, 3, "one of two achieved indicators is not enough"),
        (NO_PARTIAL, {"A1", "A2"}, 1, "both achieved indicators"),
    ],
)
def test_outcome_level_follows_the_rules(groups: dict, ticked: set, level: int, why: str) -> None:
    assert scoring.outcome_level(CAF, groups, ticked) == level, why


def test_rules_are_tried_by_level_number_not_list_order() -> None:
    assert scoring.outcome_level(list(reversed(CAF)), BOARD, {"A1", "A2", "NA1"}) == 1


def test_an_outcome_needs_rules() -> None:
    with pytest.raises(ValueError, match="at least one"):
        scoring.outcome_level([], BOARD, set())


def test_level_values_count_up_from_not_achieved() -> None:
    assert [scoring.level_value(level, CAF) for level in (1, 2, 3)] == [3, 2, 1]


def test_distribution_lists_every_level() -> None:
    assert scoring.distribution([2, 2, 5], [1, 2, 3, 4, 5]) == {1: 0, 2: 2, 3: 0, 4: 0, 5: 1}


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], 0.0), ([4], 0.0), ([3, 3, 3], 0.0), ([1, 5], 2.0), ([1, 2, 3, 4], 1.118)],
)
def test_spread_is_the_population_standard_deviation(values: list[int], expected: float) -> None:
    assert scoring.spread(values) == expected


@pytest.mark.parametrize(
    ("values", "expected"), [([], None), ([4], 4), ([2, 3, 4], 3), ([1, 2, 4, 5], 2), ([5, 1, 5], 5)]
)
def test_consensus_prefill_is_the_low_median(values: list[int], expected: int | None) -> None:
    assert scoring.consensus_prefill(values) == expected


def test_gap_is_ambition_minus_current() -> None:
    assert scoring.gap({"current": 2, "ambition": 4}) == 2
    assert scoring.gap({"current": 4, "ambition": 3}) == -1
    assert scoring.gap({"current": 2}) is None
    assert scoring.gap({"status": 3}) is None


def test_theme_summaries_average_the_answered_statements() -> None:
    statements = [("place", "P1", "a"), ("place", "P2", "b"), ("place", "P3", "c"), ("money", "M1", "d")]
    answers = {"P1": {"current": 2, "ambition": 4}, "P2": {"current": 3, "ambition": 4}, "M1": {"current": 5}}
    rows = scoring.statement_rows(statements, answers, ["current", "ambition"])
    themes = scoring.theme_summaries(
        rows, [("place", "Place"), ("money", "Money"), ("none", "Empty")], ["current", "ambition"]
    )
    place, money = themes
    # Place: current (2 + 3) / 2 = 2.5; ambition 4; gaps 2 and 1 -> 1.5; P3 unanswered.
    assert (place.means, place.gap, place.statements, place.answered) == (
        {"current": 2.5, "ambition": 4.0},
        1.5,
        3,
        2,
    )
    assert (money.means, money.gap) == ({"current": 5.0, "ambition": None}, None)


def test_strengths_and_areas_for_improvement() -> None:
    statements = [("t", "S1", "a"), ("t", "S2", "b"), ("t", "S3", "c")]
    answers = {
        "S1": {"current": 5, "ambition": 5},
        "S2": {"current": 1, "ambition": 4},
        "S3": {"current": 3, "ambition": 4},
    }
    rows = scoring.statement_rows(statements, answers, ["current", "ambition"])
    strengths, improve = scoring.strengths_and_gaps(rows, "current", limit=2)
    assert [row.code for row in strengths] == ["S1", "S3"]
    assert [row.code for row in improve] == ["S2", "S3"]  # gaps 3 and 1


def test_quartiles_inclusive_hand_worked() -> None:
    assert scoring.quartiles([1, 2, 3, 4, 5]) == (2, 3, 4)
    # [1, 2, 3, 4]: positions 1.75, 2.5, 3.25 between the values.
    assert scoring.quartiles([1, 2, 3, 4]) == (1.75, 2.5, 3.25)


def test_group_figures_are_suppressed_below_five_councils() -> None:
    four = scoring.group_distribution([1, 2, 3, 4])
    assert four.suppressed and four.n == 4 and four.median is None and "Fewer than 5" in four.reason
    five = scoring.group_distribution([5, 1, 4, 2, 3])
    assert (five.suppressed, five.median, five.lower_quartile, five.upper_quartile) == (False, 3, 2, 4)
