from __future__ import annotations

import pytest

from tiex.councils import selectors
from tiex.councils.models import Control, CouncilType, Nation
from tiex.councils.selectors import CouncilFilters, council_list
from tiex.councils.tests.factories import (
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
    history = selectors.council_detail(kent).history
    assert history == selectors.control_history(kent)
    assert [row.year for row in history.rows] == list(range(2016, 2026))
    assert history.parties == ("con", "lab", "ld", "green", "ref", "other")
    latest = history.rows[-1]
    assert (latest.control, latest.control_name, latest.control_changed) == ("ref", "Reform UK", True)
    assert latest.seats_for("ref") == 57
    assert latest.seats_for("other") == 0
    assert history.rows[0].control_changed is None


def test_lookup_brings_county_and_combined_authority_and_the_boundary_only_when_asked(
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    combined = CouncilFactory(combined=True, name="Metro")
    district = CouncilFactory(county=kent_like(), combined_authority=combined, boundary={"type": "Polygon"})
    with django_assert_num_queries(1):
        found = selectors.council_lookup(district.code, with_boundary=True)
        assert found is not None
        assert (found.council.county.name, found.council.combined_authority.name) == ("Kent", "Metro")
        assert found.council.boundary == {"type": "Polygon"}
    found = selectors.council_lookup(district.code)
    assert found is not None
    assert "boundary" in found.council.get_deferred_fields()


def names_of(rows: list[selectors.CouncilRow]) -> list[str]:
    return [row.name for row in rows]


def test_council_detail_relations_codes_and_peers() -> None:
    county = kent_like()
    CouncilCodeFactory(council=county, code="E10000099")
    CouncilCodeFactory(council=county, code="E10000016")  # its current code is not a former one
    CouncilFactory(name="Zeta district", county=county)
    CouncilFactory(name="Alpha district", county=county, region="London")
    CouncilFactory(name="Gone district", county=county, former=True)
    CouncilFactory(name="Other county", county_council=True, region="North West")
    CouncilFactory(name="Former county", county_council=True, former=True)
    CouncilFactory(name="Neighbour unitary", unitary=True)
    old = CouncilFactory(name="Old Kent", former=True)
    old.successors.add(county)
    county.successors.add(CouncilFactory(name="New Kent", unitary=True, region="Nowhere"))

    detail = selectors.council_detail(county, peers=True)
    assert names_of(detail.districts) == ["Alpha district", "Zeta district"]
    assert detail.districts[0].code == detail.districts[0].gss_code
    assert detail.constituent_councils == []
    assert names_of(detail.predecessors) == ["Old Kent"]
    assert detail.predecessors[0].is_current is False
    assert names_of(detail.successors) == ["New Kent"]
    assert detail.former_codes == ["E10000099"]
    assert names_of(detail.same_type) == ["Other county"]
    assert names_of(detail.same_region) == ["Neighbour unitary", "Zeta district"]
    # Without peers, only relations.
    plain = selectors.council_detail(county)
    assert (plain.same_type, plain.same_region) == ([], [])
    assert plain.districts == detail.districts


def test_council_detail_query_count_is_constant(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    county = kent_like()

    def load() -> selectors.CouncilDetail:
        found = selectors.council_lookup(county.code)
        assert found is not None
        return selectors.council_detail(found.council, peers=True)

    with django_assert_num_queries(5):
        load()
    combined = CouncilFactory(combined=True)
    for index in range(10):
        council = CouncilFactory(county=county, combined_authority=combined)
        CouncilCodeFactory(council=council)
        CouncilFactory(county_council=True)
        old = CouncilFactory(former=True)
        old.successors.add(county)
        CouncilCodeFactory(council=county, code=f"E1000010{index}")
    with django_assert_num_queries(5):
        detail = load()
    assert (len(detail.districts), len(detail.predecessors), len(detail.former_codes)) == (10, 10, 10)
    assert len(detail.same_type) == 10


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
