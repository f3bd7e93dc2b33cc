from __future__ import annotations

import pytest

from tiex.councils import selectors
from tiex.councils.models import ComparatorKind, Control, CouncilType, Nation
from tiex.councils.selectors import CouncilFilters, council_list, similar_councils
from tiex.councils.tests.factories import (
    ClusterLabelFactory,
    ComparatorLinkFactory,
    ControlYearFactory,
    CouncilCodeFactory,
    CouncilFactory,
    kent_like,
)

pytestmark = pytest.mark.django_db


def names(filters: CouncilFilters | None = None) -> list[str]:
    return [council.name for council in council_list(filters)]


def test_default_lists_current_principal_councils_by_name() -> None:
    CouncilFactory(name="Bravo")
    CouncilFactory(name="Alpha", unitary=True)
    CouncilFactory(name="Charlie", combined=True)
    CouncilFactory(name="Delta", type=CouncilType.SCOTTISH_UNITARY, nation=Nation.SCOTLAND)
    CouncilFactory(name="Echo", former=True)
    assert names() == ["Alpha", "Bravo"]
    assert names(CouncilFilters(principal=False)) == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert names(CouncilFilters(principal=False, include_former=True)) == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    assert names(CouncilFilters(include_former=True)) == ["Alpha", "Bravo", "Echo"]


def test_filter_by_nation_type_region_and_control() -> None:
    CouncilFactory(name="Kentish", region="South East", control=Control.REFORM)
    CouncilFactory(name="Leeds", type=CouncilType.METROPOLITAN_DISTRICT, region="Yorkshire", control=Control.LABOUR)
    CouncilFactory(name="Cardiff", type=CouncilType.WELSH_UNITARY, nation=Nation.WALES, region="Wales")
    CouncilFactory(name="Surrey", county_council=True, region="South East", control=Control.CONSERVATIVE)
    assert names(CouncilFilters(principal=False, nation="Wales")) == ["Cardiff"]
    assert names(CouncilFilters(types=("MD", "CTY"))) == ["Leeds", "Surrey"]
    assert names(CouncilFilters(region="South East")) == ["Kentish", "Surrey"]
    assert names(CouncilFilters(control="ref")) == ["Kentish"]
    assert names(CouncilFilters(region="South East", types=("CTY",), control="con")) == ["Surrey"]
    assert names(CouncilFilters(region="South East", control="lab")) == []


def test_changed_control_since_uses_control_years() -> None:
    changed_2025 = CouncilFactory(name="Changed 2025")
    changed_2019 = CouncilFactory(name="Changed 2019")
    steady = CouncilFactory(name="Steady")
    ControlYearFactory(council=changed_2025, year=2025, control_changed=True)
    ControlYearFactory(council=changed_2025, year=2024, control_changed=False)
    ControlYearFactory(council=changed_2019, year=2019, control_changed=True)
    ControlYearFactory(council=changed_2019, year=2025, control_changed=False)
    ControlYearFactory(council=steady, year=2016, control_changed=None)
    ControlYearFactory(council=steady, year=2025, control_changed=False)
    assert names(CouncilFilters(changed_control_since=2025)) == ["Changed 2025"]
    assert names(CouncilFilters(changed_control_since=2019)) == ["Changed 2019", "Changed 2025"]
    assert names(CouncilFilters(changed_control_since=2026)) == []


def test_search_by_name_alt_name_code_former_code_and_predecessor() -> None:
    CouncilFactory(name="Kingston upon Hull", alt_names="Hull City Council\nCity of Hull", gss_code="E06000010")
    barnsley = CouncilFactory(name="Barnsley", type=CouncilType.METROPOLITAN_DISTRICT, gss_code="E08000038")
    CouncilCodeFactory(council=barnsley, code="E08000016")
    somerset = CouncilFactory(name="Somerset", unitary=True, la_code="SMT")
    old = CouncilFactory(name="Taunton Deane", former=True)
    old.successors.add(somerset)
    CouncilFactory(name="Other")

    assert names(CouncilFilters(q="hull")) == ["Kingston upon Hull"]
    assert names(CouncilFilters(q="City of  HULL")) == ["Kingston upon Hull"]
    assert names(CouncilFilters(q="e06000010")) == ["Kingston upon Hull"]
    assert names(CouncilFilters(q="E08000016")) == ["Barnsley"]
    assert names(CouncilFilters(q="smt")) == ["Somerset"]
    assert names(CouncilFilters(q="Taunton")) == ["Somerset"]
    assert names(CouncilFilters(q="Taunton", include_former=True)) == ["Somerset", "Taunton Deane"]
    assert names(CouncilFilters(q="nowhere")) == []


def test_search_does_not_repeat_a_council_matching_several_ways() -> None:
    council = CouncilFactory(name="Dup", alt_names="Dup Town")
    for index in range(3):
        old = CouncilFactory(name=f"Dup old {index}", former=True)
        old.successors.add(council)
    assert names(CouncilFilters(q="dup")) == ["Dup"]


def test_council_list_query_count_is_constant(django_assert_max_num_queries) -> None:
    county = CouncilFactory(county_council=True, name="County")
    combined = CouncilFactory(combined=True, name="Combined")
    for _ in range(30):
        CouncilFactory(county=county, combined_authority=combined)
    with django_assert_max_num_queries(1):
        rows = [
            (c.name, c.county and c.county.name, c.combined_authority and c.combined_authority.name)
            for c in council_list(CouncilFilters(q="council", changed_control_since=2016, principal=False))
        ]
    assert rows == []
    with django_assert_max_num_queries(1):
        rows = [(c.name, c.county and c.county.name) for c in council_list()]
    assert len(rows) == 31


def test_lookup_by_gss_former_code_and_mysociety_code() -> None:
    barnsley = CouncilFactory(name="Barnsley", gss_code="E08000038", la_code="BNS")
    CouncilCodeFactory(council=barnsley, code="E08000016")
    no_gss = CouncilFactory(name="No GSS", gss_code=None, la_code="NIR-F")
    assert selectors.council_lookup("E08000038") == selectors.CouncilLookup(barnsley, True)
    assert selectors.council_lookup("E08000016") == selectors.CouncilLookup(barnsley, False)
    assert selectors.council_lookup("e08000038") == selectors.CouncilLookup(barnsley, False)
    assert selectors.council_lookup("BNS") == selectors.CouncilLookup(barnsley, False)
    assert selectors.council_lookup("NIR-F") == selectors.CouncilLookup(no_gss, True)
    assert selectors.council_lookup("nir-f") == selectors.CouncilLookup(no_gss, False)
    for bad in ["E0800003", "", "E08000038\x00", "../x", "x" * 40, "-", "NIR F"]:
        assert selectors.council_lookup(bad) is None


def test_control_history_orders_years_and_parties() -> None:
    kent = kent_like()
    council = selectors.council_detail(kent.pk)
    history = selectors.control_history(council)
    assert [row.year for row in history.rows] == list(range(2016, 2026))
    assert history.parties == ("con", "lab", "ld", "green", "ref", "other")
    latest = history.rows[-1]
    assert (latest.control, latest.control_name, latest.control_changed) == ("ref", "Reform UK", True)
    assert latest.seats_for("ref") == 57
    assert latest.seats_for("other") == 0
    assert history.rows[0].control_changed is None


def test_council_detail_query_count_is_constant(django_assert_max_num_queries) -> None:
    county = kent_like()
    for _ in range(10):
        CouncilFactory(county=county)

    def load() -> None:
        council = selectors.council_detail(county.pk)
        selectors.control_history(council)
        selectors.former_codes(council)
        list(council.districts.all())
        list(council.predecessors.all())

    with django_assert_max_num_queries(7):
        load()


def test_similar_councils_same_type_and_region() -> None:
    council = CouncilFactory(name="Me", region="North West")
    CouncilFactory(name="Same type elsewhere", region="London")
    CouncilFactory(name="Same region unitary", unitary=True, region="North West")
    CouncilFactory(name="Former same type", former=True)
    same_type = [item.council.name for item in similar_councils(council, "same-type")]
    same_region = [item.council.name for item in similar_councils(council, ComparatorKind.SAME_REGION)]
    assert same_type == ["Same type elsewhere"]
    assert same_region == ["Same region unitary"]
    assert similar_councils(council, "same-type", limit=0) == []


def test_similar_councils_ranked_kinds_follow_rank() -> None:
    council = CouncilFactory(name="Me")
    second = CouncilFactory(name="Aardvark")
    first = CouncilFactory(name="Zebra")
    ComparatorLinkFactory(council=council, neighbour=second, rank=2, kind="geographic-neighbours", note="borders")
    ComparatorLinkFactory(council=council, neighbour=first, rank=1, kind="geographic-neighbours")
    ComparatorLinkFactory(council=first, neighbour=council, rank=1, kind="geographic-neighbours")
    result = similar_councils(council, "geographic-neighbours")
    assert [(item.council.name, item.rank, item.note) for item in result] == [
        ("Zebra", 1, ""),
        ("Aardvark", 2, "borders"),
    ]
    assert [item.council.name for item in similar_councils(council, "geographic-neighbours", limit=1)] == ["Zebra"]
    assert similar_councils(council, "dfe-statistical-neighbours") == []


def test_similar_councils_cluster_kinds_share_a_label() -> None:
    council = CouncilFactory(name="Me")
    ClusterLabelFactory(council=council, kind="similarity-rural-urban", label="Urban")
    ClusterLabelFactory(council=CouncilFactory(name="Town"), kind="similarity-rural-urban", label="Urban")
    ClusterLabelFactory(council=CouncilFactory(name="Village"), kind="similarity-rural-urban", label="Rural")
    ClusterLabelFactory(council=CouncilFactory(name="Other kind"), kind="similarity-emissions", label="Urban")
    ClusterLabelFactory(council=CouncilFactory(name="Gone", former=True), kind="similarity-rural-urban", label="Urban")
    assert [item.council.name for item in similar_councils(council, "similarity-rural-urban")] == ["Town"]
    assert similar_councils(council, "similarity-physical") == []


@pytest.mark.parametrize("kind", list(ComparatorKind))
def test_every_comparator_kind_has_a_source_and_answers(kind: ComparatorKind) -> None:
    council = CouncilFactory()
    group = selectors.comparator_group(council, kind)
    assert group.source is not None
    assert group.source.licence
    assert group.comparators == []


def test_similar_councils_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError):
        similar_councils(CouncilFactory(), "nonsense")


def test_filters_as_query_is_explicit_and_stable() -> None:
    filters = CouncilFilters(q="a b", types=("CTY", "UA"), principal=True, changed_control_since=2020)
    assert filters.as_query() == [
        ("q", "a b"),
        ("type", "CTY"),
        ("type", "UA"),
        ("principal", "true"),
        ("changed_control_since", "2020"),
    ]


def test_boundary_list_tiers() -> None:
    county = CouncilFactory(county_council=True, boundary={"type": "Polygon", "coordinates": []})
    district = CouncilFactory(boundary={"type": "Polygon", "coordinates": []})
    CouncilFactory(boundary=None)
    CouncilFactory(combined=True, boundary={"type": "Polygon", "coordinates": []})
    CouncilFactory(nation=Nation.WALES, type=CouncilType.WELSH_UNITARY, boundary={"type": "Polygon", "coordinates": []})
    assert set(selectors.boundary_list()) == {county, district}
    assert list(selectors.boundary_list("upper")) == [county]
    assert list(selectors.boundary_list("lower")) == [district]
