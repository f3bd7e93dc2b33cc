"""Council name helpers (pure)."""

from __future__ import annotations

from tiex.councils.names import normalise_name, search_names, split_alt_names


def test_alt_names_split_on_commas_without_a_space():
    raw = "Bristol, City of,Bristol UA,bristol,bristol, city of,city of bristol"

    assert split_alt_names(raw) == ["Bristol, City of", "Bristol UA", "bristol", "city of bristol"]


def test_alt_names_tolerate_stray_spaces_and_blanks():
    assert split_alt_names("Newry, Mourne and Down ,newry, mourne and down,,") == ["Newry, Mourne and Down"]
    assert split_alt_names("") == []


def test_normalise_name_ignores_case_punctuation_and_leading_the():
    assert normalise_name("King's Lynn & West Norfolk") == normalise_name("Kings Lynn and West Norfolk")
    assert normalise_name("St. Helens") == "st helens"
    assert normalise_name("The Vale of Glamorgan") == "vale of glamorgan"
    assert normalise_name("Stockton-on-Tees") == "stockton on tees"


def test_search_names_are_lower_case_and_unique():
    assert search_names(["Kent", "Kent County Council"], ["kent"]) == "kent\nkent county council"
