"""The control rule and control_changed (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tiex.councils.control import NO_OVERALL_CONTROL, PARTIES, control_changes, control_from_seats
from tiex.councils.models import Control, Party


def test_party_codes_match_the_models():
    assert set(PARTIES) == set(Party.values)
    assert set(Control.values) == {*PARTIES, NO_OVERALL_CONTROL}


def test_more_than_half_of_all_seats_controls():
    assert control_from_seats({"ref": 56, "con": 6, "ld": 12}, 81) == "ref"  # Kent 2025
    assert control_from_seats({"con": 41, "lab": 40}, 81) == "con"


def test_exactly_half_is_no_overall_control():
    assert control_from_seats({"con": 40, "lab": 40}, 80) == "noc"


def test_vacancies_count_towards_the_total():
    assert control_from_seats({"lab": 30, "con": 20}, 61) == "noc"  # 30 of 50 filled seats, but not of 61


def test_independents_and_others_together_can_hold_a_majority():
    assert control_from_seats({"other": 30, "con": 10}, 49) == "other"


def test_no_seats_is_no_overall_control():
    assert control_from_seats({}, 0) == "noc"


def test_control_changed_compares_with_the_year_before():
    changes = control_changes({2023: "con", 2024: "con", 2025: "ref", 2021: "lab"})

    assert changes == {2021: None, 2023: None, 2024: False, 2025: True}  # 2022 is missing, so 2023 is unknown


seat_counts = st.dictionaries(st.sampled_from(PARTIES), st.integers(min_value=0, max_value=200))


@given(seats=seat_counts, vacancies=st.integers(min_value=0, max_value=20))
def test_control_is_a_majority_party_or_noc(seats, vacancies):
    total = sum(seats.values()) + vacancies

    control = control_from_seats(seats, total)

    majorities = [party for party, held in seats.items() if 2 * held > total]
    assert len(majorities) <= 1
    assert control == (majorities[0] if majorities else "noc")


@given(seats=seat_counts)
def test_control_does_not_depend_on_column_order(seats):
    total = sum(seats.values())

    assert control_from_seats(seats, total) == control_from_seats(dict(reversed(list(seats.items()))), total)


@given(seats=seat_counts, party=st.sampled_from(PARTIES), extra=st.integers(min_value=1, max_value=50))
def test_a_controlling_party_winning_more_seats_keeps_control(seats, party, extra):
    total = sum(seats.values())
    control = control_from_seats(seats, total)
    if control == NO_OVERALL_CONTROL:
        return
    more = {**seats, control: seats[control] + extra}

    assert control_from_seats(more, total + extra) == control


@given(st.dictionaries(st.integers(min_value=2000, max_value=2030), st.sampled_from([*PARTIES, "noc"])))
def test_control_changes_is_none_exactly_when_the_previous_year_is_missing(by_year):
    changes = control_changes(by_year)

    assert changes.keys() == by_year.keys()
    for year, changed in changes.items():
        if year - 1 in by_year:
            assert changed is (by_year[year] != by_year[year - 1])
        else:
            assert changed is None
