from __future__ import annotations

import pytest

from tiex.councils import selectors
from tiex.councils.comparators import comparator_group, comparator_groups, similar_councils
from tiex.councils.models import ComparatorKind, Council
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
    assert [group.kind for group in groups] == [kind.value for kind in ComparatorKind]
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
        ComparatorLinkFactory(council=me, neighbour=other, rank=index + 10, kind="dfe-statistical-neighbours")
        ClusterLabelFactory(council=other, kind="similarity-rural-urban", label="Urban")
        ClusterLabelFactory(council=other, kind="similarity-emissions", label="High")
    detail = selectors.council_detail(me, peers=True)
    with django_assert_num_queries(2):
        groups = {group.kind: group for group in comparator_groups(detail, 10)}
    assert len(groups["dfe-statistical-neighbours"].comparators) == 31
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
