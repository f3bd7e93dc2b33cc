from __future__ import annotations

import pytest

from tiex.councils import selectors
from tiex.councils.comparators import applies, comparator_group, comparator_groups, similar_councils
from tiex.councils.models import ComparatorKind, Council, CouncilType, Nation
from tiex.councils.selectors import CouncilFilters, council_list
from tiex.councils.tests.factories import ClusterLabelFactory, ComparatorLinkFactory, CouncilFactory

pytestmark = pytest.mark.django_db


def names(filters: CouncilFilters | None = None) -> list[str]:
    return [council.name for council in council_list(filters)]


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


def profile_world() -> tuple[Council, list[Council]]:
    """A council with comparators of every kind, and other councils that must not show."""
    me = CouncilFactory(name="Me", region="North West")
    others = [CouncilFactory(name=f"Peer {index:02d}", region="North West") for index in range(15)]
    CouncilFactory(name="Former peer", former=True, region="North West")
    for rank, other in enumerate(reversed(others[:3]), start=1):
        ComparatorLinkFactory(council=me, neighbour=other, rank=rank, kind="geographic-neighbours", note="borders")
    ComparatorLinkFactory(council=others[0], neighbour=me, rank=1, kind="geographic-neighbours")
    ComparatorLinkFactory(council=me, neighbour=others[5], rank=1, kind="dfe-statistical-neighbours")
    ClusterLabelFactory(council=me, kind="similarity-rural-urban", label="Urban", description="Towns")
    ClusterLabelFactory(council=me, kind="similarity-emissions", label="High")
    for other in others[:4]:
        ClusterLabelFactory(council=other, kind="similarity-rural-urban", label="Urban")
        ClusterLabelFactory(council=other, kind="similarity-emissions", label="Low")
    ClusterLabelFactory(council=others[9], kind="similarity-emissions", label="High")
    ClusterLabelFactory(council=CouncilFactory(name="Gone", former=True), kind="similarity-rural-urban", label="Urban")
    ClusterLabelFactory(council=others[10], kind="similarity-deprivation", label="Urban")
    return me, others


def test_comparator_groups_agree_with_similar_councils_for_every_kind() -> None:
    me, _ = profile_world()
    groups = comparator_groups(selectors.council_detail(me, peers=True))
    # A district: no children's services (DfE) list; physical geography is the region again.
    assert [group.kind for group in groups] == [
        kind.value for kind in ComparatorKind if kind not in {"dfe-statistical-neighbours", "similarity-physical"}
    ]
    for group in groups:
        single = comparator_group(me, group.kind)
        assert group.comparators == single.comparators, group.kind
        assert (group.label, group.label_description, group.source) == (
            single.label,
            single.label_description,
            single.source,
        )
        assert group.total == len(group.comparators)
        assert not group.is_shortened
        assert group.directory_filters is None
    by_kind = {group.kind: group for group in groups}
    geographic = by_kind["geographic-neighbours"].comparators
    assert [(item.council.name, item.rank, item.note) for item in geographic] == [
        ("Peer 02", 1, "borders"),
        ("Peer 01", 2, "borders"),
        ("Peer 00", 3, "borders"),
    ]
    rural = by_kind["similarity-rural-urban"]
    assert (rural.label, rural.label_description) == ("Urban", "Towns")
    assert [item.council.name for item in rural.comparators] == ["Peer 00", "Peer 01", "Peer 02", "Peer 03"]
    assert [item.council.name for item in by_kind["similarity-emissions"].comparators] == ["Peer 09"]
    assert by_kind["similarity-deprivation"].comparators == []
    assert len(by_kind["same-region"].comparators) == 15


def test_comparator_groups_shorten_same_type_and_region_with_the_directory_filters() -> None:
    me, _ = profile_world()
    groups = {group.kind: group for group in comparator_groups(selectors.council_detail(me, peers=True), 10)}
    same_type, same_region = groups["same-type"], groups["same-region"]
    assert [item.council.name for item in same_type.comparators] == [f"Peer {index:02d}" for index in range(10)]
    assert (same_type.total, same_type.is_shortened) == (15, True)
    assert same_type.directory_filters == CouncilFilters(types=("NMD",), principal=False)
    assert same_region.directory_filters == CouncilFilters(region="North West", principal=False)
    # The directory with those filters lists exactly the group and the council itself.
    listed = names(same_type.directory_filters)
    assert sorted(listed) == sorted(["Me", *(f"Peer {index:02d}" for index in range(15))])
    # Ranked and cluster lists are never shortened: no other page lists them.
    assert groups["similarity-rural-urban"].total == 4
    assert groups["geographic-neighbours"].directory_filters is None


def test_comparator_groups_query_count_is_constant(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    me, _ = profile_world()
    detail = selectors.council_detail(me, peers=True)
    with django_assert_num_queries(2):
        comparator_groups(detail, 10)
    for index in range(30):
        other = CouncilFactory(region="North West")
        ComparatorLinkFactory(council=me, neighbour=other, rank=index + 10, kind="geographic-neighbours")
        ClusterLabelFactory(council=other, kind="similarity-rural-urban", label="Urban")
        ClusterLabelFactory(council=other, kind="similarity-emissions", label="High")
    detail = selectors.council_detail(me, peers=True)
    with django_assert_num_queries(2):
        groups = {group.kind: group for group in comparator_groups(detail, 10)}
    assert len(groups["geographic-neighbours"].comparators) == 33
    assert len(groups["similarity-rural-urban"].comparators) == 34


@pytest.mark.parametrize("kind", list(ComparatorKind))
def test_every_comparator_kind_has_a_source_and_answers(kind: ComparatorKind) -> None:
    council = CouncilFactory()
    group = comparator_group(council, kind)
    assert group.source is not None
    assert group.source.licence
    assert group.comparators == []


def test_similar_councils_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError):
        similar_councils(CouncilFactory(), "nonsense")


# Orderings: every list is ranked by a stated measure, shown beside each council ------------------------------


def measured(items) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(item.council.name, item.measure) for item in items]


def test_same_type_is_ordered_by_population_similarity() -> None:
    me = CouncilFactory(name="Me", population_2020=100_000)
    CouncilFactory(name="Twice", population_2020=200_000)
    CouncilFactory(name="Near", population_2020=110_000)
    CouncilFactory(name="Under half", population_2020=48_000)
    CouncilFactory(name="Unknown", population_2020=None)
    assert measured(similar_councils(me, "same-type")) == [
        ("Near", "population 110,000"),
        ("Twice", "population 200,000"),
        ("Under half", "population 48,000"),
        ("Unknown", "population not known"),
    ]
    group = comparator_group(me, "same-type")
    assert "2020 population" in group.ordering and "100,000" in group.ordering


def test_same_region_is_nearest_first_and_like_with_like() -> None:
    kent = CouncilFactory(name="Kent", county_council=True, latitude=51.26, longitude=0.71)
    CouncilFactory(name="Far county", county_council=True, latitude=51.26, longitude=-0.71)  # about 99 km west
    CouncilFactory(name="Near unitary", unitary=True, latitude=51.40, longitude=0.55)  # Medway, about 19 km
    CouncilFactory(name="A district", latitude=51.27, longitude=0.52)  # a district: not like a county
    CouncilFactory(name="No centre", unitary=True)
    result = similar_councils(kent, "same-region")
    assert measured(result) == [
        ("Near unitary", "19 km"),
        ("Far county", "99 km"),
        ("No centre", "distance not known"),
    ]
    assert result[0].distance_km == pytest.approx(19.2, abs=0.5)
    assert comparator_group(kent, "same-region").ordering.startswith("Nearest first")


def test_a_countys_cluster_comparators_are_counties_and_unitaries_in_its_nation() -> None:
    county = CouncilFactory(name="County", county_council=True, latitude=52.0, longitude=-1.0)
    ClusterLabelFactory(council=county, kind="similarity-composite", label="East; rural")
    peers = {
        "District": CouncilFactory(name="District", latitude=52.0, longitude=-1.01),
        "Far unitary": CouncilFactory(name="Far unitary", unitary=True, latitude=53.0, longitude=-1.0),
        "Near county": CouncilFactory(name="Near county", county_council=True, latitude=52.1, longitude=-1.0),
        "Welsh": CouncilFactory(
            name="Welsh", type=CouncilType.WELSH_UNITARY, powers="unitary", nation=Nation.WALES, latitude=52.0
        ),
    }
    for council in peers.values():
        ClusterLabelFactory(council=council, kind="similarity-composite", label="East; rural")
    names_in_order = [item.council.name for item in similar_councils(county, "similarity-composite")]
    assert names_in_order == ["Near county", "Far unitary"]
    group = next(
        group
        for group in comparator_groups(selectors.council_detail(county, peers=True))
        if group.kind == "similarity-composite"
    )
    assert [item.council.name for item in group.comparators] == names_in_order
    assert group.comparators[0].measure == "11 km"
    assert group.ordering.startswith("Councils in the same group, nearest first")


def test_dfe_neighbours_keep_dfes_rank_with_each_neighbours_closeness() -> None:
    me = CouncilFactory(name="Me", unitary=True)
    for rank, (name, closeness) in enumerate([("Zed", "Very close"), ("Abe", "Close")], start=1):
        ComparatorLinkFactory(
            council=me,
            neighbour=CouncilFactory(name=name),
            rank=rank,
            kind="dfe-statistical-neighbours",
            note=closeness,
        )
    result = similar_councils(me, "dfe-statistical-neighbours")
    assert [(item.council.name, item.rank, item.measure) for item in result] == [
        ("Zed", 1, "Very close"),
        ("Abe", 2, "Close"),
    ]
    assert "Department for Education's order" in comparator_group(me, "dfe-statistical-neighbours").ordering


def test_geographic_neighbours_keep_the_boundary_order_and_say_which_border() -> None:
    me = CouncilFactory(name="Me", latitude=51.0, longitude=0.0)
    far_border = CouncilFactory(name="Far border", latitude=51.0, longitude=0.5)
    near_other = CouncilFactory(name="Near other", latitude=51.05, longitude=0.0)
    ComparatorLinkFactory(council=me, neighbour=far_border, rank=1, kind="geographic-neighbours", note="borders")
    ComparatorLinkFactory(council=me, neighbour=near_other, rank=2, kind="geographic-neighbours", note="nearby")
    assert measured(similar_councils(me, "geographic-neighbours")) == [
        ("Far border", "shares a boundary, 35 km"),
        ("Near other", "nearby, 6 km"),
    ]


def test_sections_that_do_not_apply_to_a_tier_are_left_out() -> None:
    district = CouncilFactory()
    county = CouncilFactory(county_council=True)
    unitary = CouncilFactory(unitary=True)
    scottish = CouncilFactory(type=CouncilType.SCOTTISH_UNITARY, powers="unitary", nation=Nation.SCOTLAND)
    assert not applies(district, "dfe-statistical-neighbours")
    assert applies(district, "geographic-neighbours")
    assert applies(county, "dfe-statistical-neighbours")
    assert not applies(county, "geographic-neighbours")
    assert applies(unitary, "dfe-statistical-neighbours") and applies(unitary, "geographic-neighbours")
    assert not applies(scottish, "dfe-statistical-neighbours")
    assert not any(applies(council, "similarity-physical") for council in (district, county, unitary))
    kinds = [group.kind for group in comparator_groups(selectors.council_detail(county, peers=True))]
    assert "dfe-statistical-neighbours" in kinds
    assert "geographic-neighbours" not in kinds


def test_clusters_on_a_corrected_region_say_why_they_are_withheld() -> None:
    from tiex.councils.comparators import withheld_reason

    label = "Yorkshire and The Humber; Emissions: Transport/Domestic; 3rd IMD quintile; Urban with rural areas"
    lincolnshire = CouncilFactory(name="Lincolnshire", county_council=True, region="East Midlands")
    assert withheld_reason(lincolnshire, "similarity-composite", label) == ""  # not corrected: shown
    lincolnshire.corrections = {"region": "Corrected from Yorkshire and The Humber in the source: …"}
    reason = withheld_reason(lincolnshire, "similarity-composite", label)
    assert "the region its source gives, Yorkshire and The Humber, which tiex corrected to East Midlands" in reason
    assert "where its districts are" in reason
    assert withheld_reason(lincolnshire, "similarity-emissions", "Transport/Domestic") == ""
    district = CouncilFactory(county=lincolnshire, region="", corrections={"region": "…"})
    assert "leaves out because the county's districts are in different regions" in withheld_reason(
        district, "similarity-physical", "West Midlands"
    )
