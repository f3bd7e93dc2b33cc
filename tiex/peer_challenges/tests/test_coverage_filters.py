"""coverage.py: parsing the filters, and filtering and counting councils (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from tiex.peer_challenges import coverage as cov

CHOICES = cov.Choices(
    regions=["London", "South East"],
    types={"NMD": "District", "LBO": "Borough"},
    controls={"lab": "Labour", "noc": "No overall control"},
)


def council(
    pk: int,
    *,
    region: str = "London",
    type: str = "LBO",
    control: str = "lab",
    changed: int | None = None,
    last: date | None = None,
    year: int = 2025,
) -> cov.CouncilCoverage:
    return cov.CouncilCoverage(
        pk, f"E0{pk}", f"Council {pk}", type, region, control, year, changed, last, int(last is not None)
    )


def test_parse_accepts_known_values_and_keeps_defaults_out_of_the_url() -> None:
    filters = cov.parse_filters({"region": ["London"], "since": ["2015"], "show": ["target"], "page": ["2"]}, CHOICES)
    assert filters == cov.CoverageFilters(region="London", since=2015, show="target")
    assert filters.as_query() == [("region", "London"), ("since", "2015"), ("show", "target")]
    assert cov.parse_filters({"since": ["2012"], "region": [" "]}, CHOICES).as_query() == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"region": ["Narnia"]}, "region"),
        ({"type": ["CTY"]}, "type"),
        ({"control": ["whig"]}, "control"),
        ({"since": ["12"]}, "since"),
        ({"changed_control_since": ["1066"]}, "changed_control_since"),
        ({"show": ["everything"]}, "show"),
        ({"region": ["London", "South East"]}, "region"),
    ],
)
def test_parse_rejects_unknown_values_naming_the_field(params: dict[str, list[str]], field: str) -> None:
    with pytest.raises(cov.FilterErrors) as caught:
        cov.parse_filters(params, CHOICES)
    assert list(caught.value.errors) == [field]


def test_apply_counts_filters_and_builds_the_target_list() -> None:
    rows = [
        council(1, changed=2024),  # never had one, changed control recently: target
        council(2, changed=2023, last=date(2011, 6, 1)),  # only before 2012: target
        council(3, changed=2024, last=date(2019, 6, 1)),  # had one since 2012
        council(4, changed=2015),  # changed long ago: not on the target list by default
        council(5, region="South East", type="NMD", changed=2025),  # another region
    ]
    everyone = cov.apply(rows, cov.CoverageFilters())
    assert (everyone.matching, everyone.without, everyone.never) == (5, 4, 3)
    assert everyone.target_changed_since == 2022  # one four-year cycle back from 2025
    assert [c.id for c in everyone.target] == [1, 2, 5]

    london = cov.apply(rows, cov.CoverageFilters(region="London", show="target"))
    assert [c.id for c in london.rows] == [1, 2]
    chosen = cov.apply(rows, cov.CoverageFilters(changed_control_since=2015, show="without"))
    assert chosen.target_changed_since == 2015
    assert [c.id for c in chosen.rows] == [1, 2, 4, 5] and chosen.matching == 5
    later = cov.apply(rows, cov.CoverageFilters(since=2020))
    assert later.without == 5 and cov.status(rows[2], 2020) == "before" and cov.status(rows[2], 2012) == "since"
