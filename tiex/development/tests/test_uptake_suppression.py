"""Small-count suppression of the public uptake tables (tiex.development.uptake), with an attacker.

The attacker knows the rule (docs/development.md, "Uptake"), the published column and its
total: a "fewer than 5" cell is 1 to 4, a "withheld" cell 5 or more but no more than the
smallest count of 5 or more still published (the smallest is withheld first), every
published cell exact. It tries every assignment consistent with that; a small count is disclosed when only
one value remains. Hypothesis looks for a column where that happens.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from tiex.development import uptake
from tiex.development.uptake import FEWER_THAN_5, SHOWN, WITHHELD, Fact


def possible_values(values: Sequence[int], states: Sequence[str]) -> dict[int, set[int]]:
    """For each small (suppressed) cell, every value it can take given what is published (brute force)."""
    hidden = [i for i, state in enumerate(states) if state != SHOWN]
    hidden_sum = sum(values[i] for i in hidden)
    # Withheld cells are withheld smallest first: none is more than the smallest count of 5 or more still shown.
    shown = [value for value, state in zip(values, states, strict=True) if state == SHOWN and value >= 5]
    ceiling = min([*shown, hidden_sum])
    ranges = [range(1, 5) if states[i] == FEWER_THAN_5 else range(5, ceiling + 1) for i in hidden]
    seen: dict[int, set[int]] = {i: set() for i in hidden if states[i] == FEWER_THAN_5}

    def walk(position: int, remaining: int, chosen: list[int]) -> None:
        if position == len(hidden):
            if remaining == 0:
                for i, value in zip(hidden, chosen, strict=True):
                    if i in seen:
                        seen[i].add(value)
            return
        for value in ranges[position]:
            if value > remaining:
                break
            walk(position + 1, remaining - value, [*chosen, value])

    walk(0, hidden_sum, [])
    return seen


columns = st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(columns)
def test_no_small_count_can_be_worked_out_from_the_total(values: list[int]):
    states, total_state = uptake.suppress_column(values, sum(values))

    for value, state in zip(values, states, strict=True):
        assert (state == FEWER_THAN_5) == (0 < value < 5)  # every small count is suppressed, nothing else is "fewer"
        if state == WITHHELD:
            assert value >= 5
    if total_state == SHOWN:
        for index, options in possible_values(values, states).items():
            assert values[index] in options
            assert len(options) >= 2, f"cell {index} of {values} is disclosed as {options}"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=6))
def test_published_tables_share_their_totals_and_hide_rates_with_counts(values: list[int]):
    facts = [
        Fact(
            programme=f"p{i % 2}", region=f"r{i}", council_type="NMD", party="lab", status="confirmed", completed=False
        )
        for i, count in enumerate(values)
        for _ in range(count)
    ]
    counted = frozenset({"confirmed"})
    by_region = uptake.build_table(
        "region",
        uptake.count_by(facts, "region", counted),
        labels={},
        councillors={f"r{i}": 1000 for i in range(len(values))},
        keys=[f"r{i}" for i in range(len(values))],
    )
    by_programme = uptake.build_table("programme", uptake.count_by(facts, "programme", counted), labels={})
    published = uptake.suppress([by_region, by_programme])

    totals = {table.total.bookings.state for table in published}
    assert len(totals) == 1  # one total, published the same way everywhere
    for table in published:
        for row in (*table.rows, table.total):
            if row.bookings.suppressed:
                assert (row.bookings.value, row.bookings_per_1000, row.share) == (None, None, None)
            if table.total.bookings.state == WITHHELD:
                assert row.share is None


def test_examples_of_the_rule():
    # One small count: the smallest count of 5 or more is withheld with it.
    assert uptake.suppress_column([3, 10, 20], 33) == ([FEWER_THAN_5, WITHHELD, SHOWN], SHOWN)
    # Two fours sum to 8, which only 4 + 4 can make: another count goes too.
    assert uptake.suppress_column([4, 4, 10, 30], 48) == ([FEWER_THAN_5, FEWER_THAN_5, WITHHELD, SHOWN], SHOWN)
    # Two small counts that can be 1+3, 2+2, 3+1: nothing more is needed.
    assert uptake.suppress_column([1, 3, 10], 14) == ([FEWER_THAN_5, FEWER_THAN_5, SHOWN], SHOWN)
    # Zeros are published; a total under 5 is "fewer than 5" itself.
    assert uptake.suppress_column([0, 2, 0], 2) == ([SHOWN, FEWER_THAN_5, SHOWN], FEWER_THAN_5)
    # Withholding one 10 of two would tell: the withheld one is at most 10, so the 4 is 4.
    assert uptake.suppress_column([4, 10, 10], 24) == ([FEWER_THAN_5, WITHHELD, WITHHELD], SHOWN)
    # Nothing left to withhold: the total is withheld.
    assert uptake.suppress_column([2, 4], 6) == ([FEWER_THAN_5, FEWER_THAN_5], SHOWN)
    assert uptake.suppress_column([1, 1], 2)[1] == FEWER_THAN_5
    assert uptake.suppress_column([4, 4], 8) == ([FEWER_THAN_5, FEWER_THAN_5], WITHHELD)


def test_counting_and_rates():
    facts = [
        Fact("leaders", "North East", "MD", "lab", "confirmed", True),
        Fact("leaders", "North East", "MD", "lab", "cancelled", False),
        Fact("leaders", "North East", "MD", "lab", "waiting_list", False),
        Fact("leaders", "London", "LBO", "con", "requested", False),
    ]
    counts = uptake.count_by(facts, "region", frozenset({"confirmed", "requested"}))
    assert counts == {"North East": (1, 1), "London": (1, 0)}
    table = uptake.build_table(
        "region", counts, labels={}, councillors={"North East": 770, "London": 1958}, keys=["London", "North East"]
    )
    assert [row.key for row in table.rows] == ["London", "North East"]
    north_east = table.rows[1]
    assert (north_east.bookings_per_1000, north_east.share) == (1.3, 50.0)
    assert (table.total.bookings.value, table.total.councillors) == (2, 2728)
