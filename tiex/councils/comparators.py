"""Reads about comparable councils: one kind for the API, every kind that applies for a profile.

Companion to selectors.py (split for size); the same rules apply: reads only, a fixed
number of queries however much data there is.

Every list is ranked by a stated measure, shown beside each council, and says in one
sentence how it is ordered (``ComparatorGroup.ordering``):

* same type: by how close the 2020 population is to the council's own;
* same region and the similarity clusters: nearest first, by the great-circle distance
  between the councils' centroids (km);
* DfE statistical neighbours: DfE's own rank, with DfE's closeness band for each neighbour;
* geographic neighbours: ONS's order, councils sharing a boundary (longest first), then
  the nearest others.

Like is compared with like: the same-region and cluster lists keep councils of a comparable
tier (``COMPARABLE_POWERS``: a county's are counties and unitaries, a district's districts
and unitaries), and the clusters keep councils in the same nation (deprivation and
rural-urban measures differ by nation). A kind that does not apply to a council's tier is
not shown on its profile (``applies``): DfE's neighbours only for English councils with
children's services (counties and unitaries), geographic neighbours (a list of districts
and unitaries) not for counties. mySociety's "physical" label turned out to be the
region itself, so it is left off profiles (the API still answers for it, saying so).

mySociety's composite and physical clusters are built on the region its source gives. Where
the councils import corrected a council's region (``Council.corrections["region"]``, see
importers/checks.py), those clusters group the council with the wrong region's councils, so
they are withheld, with the reason in ``ComparatorGroup.withheld`` (``withheld_reason``).
The same-region list uses the corrected region.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q

from tiex.core.datasets import DatasetNotFound, DatasetSpec, dataset_spec
from tiex.councils.geo import distance_km
from tiex.councils.models import ClusterLabel, ComparatorKind, ComparatorLink, Council, Nation, Powers
from tiex.councils.selectors import (
    ROW_FIELDS,
    CouncilDetail,
    CouncilFilters,
    CouncilRow,
    council_row,
    council_row_fields,
)

# Where each kind of comparator comes from: a dataset slug in tiex/core/datasets.toml.
COMPARATOR_DATASETS: dict[str, str] = {
    ComparatorKind.SAME_TYPE: "councils",
    ComparatorKind.SAME_REGION: "councils",
    ComparatorKind.DFE_STATISTICAL_NEIGHBOURS: "comparators-dfe",
    ComparatorKind.SIMILARITY_COMPOSITE: "comparators-similarity",
    ComparatorKind.SIMILARITY_DEPRIVATION: "comparators-similarity",
    ComparatorKind.SIMILARITY_RURAL_URBAN: "comparators-similarity",
    ComparatorKind.SIMILARITY_EMISSIONS: "comparators-similarity",
    ComparatorKind.SIMILARITY_PHYSICAL: "comparators-similarity",
    ComparatorKind.GEOGRAPHIC_NEIGHBOURS: "comparators-geographic",
}
RANKED_KINDS = frozenset({ComparatorKind.DFE_STATISTICAL_NEIGHBOURS, ComparatorKind.GEOGRAPHIC_NEIGHBOURS})
COMPUTED_KINDS = frozenset({ComparatorKind.SAME_TYPE, ComparatorKind.SAME_REGION})
CLUSTER_KINDS = frozenset(ComparatorKind) - RANKED_KINDS - COMPUTED_KINDS
# Clusters whose label starts with the region mySociety's source gives ("West Midlands; ...").
REGION_BASED_KINDS = frozenset({ComparatorKind.SIMILARITY_COMPOSITE, ComparatorKind.SIMILARITY_PHYSICAL})
# Shown on profiles, in this order (physical geography is the region again: left off).
PROFILE_KINDS = tuple(kind for kind in ComparatorKind if kind != ComparatorKind.SIMILARITY_PHYSICAL)
KIND_NAMES: dict[str, str] = {
    **{kind.value: kind.label for kind in ComparatorKind},
    ComparatorKind.SIMILARITY_PHYSICAL: "Physical geography label (mySociety; in this release it is the region)",
}

# The tiers a council is compared with in the same-region and cluster lists.
COMPARABLE_POWERS: dict[str, frozenset[str]] = {
    Powers.UPPER_TIER: frozenset({Powers.UPPER_TIER, Powers.UNITARY}),
    Powers.LOWER_TIER: frozenset({Powers.LOWER_TIER, Powers.UNITARY}),
    Powers.UNITARY: frozenset({Powers.UNITARY, Powers.UPPER_TIER}),
    Powers.COMBINED: frozenset({Powers.COMBINED}),
    Powers.NI_DISTRICT: frozenset({Powers.NI_DISTRICT}),
}
CHILDRENS_SERVICES_POWERS = frozenset({Powers.UPPER_TIER, Powers.UNITARY})

BY_POPULATION = "population"
BY_DISTANCE = "distance"
BY_DFE_RANK = "dfe-rank"
BY_BOUNDARY = "boundary"
ORDER_BY: dict[str, str] = {
    ComparatorKind.SAME_TYPE: BY_POPULATION,
    ComparatorKind.SAME_REGION: BY_DISTANCE,
    ComparatorKind.DFE_STATISTICAL_NEIGHBOURS: BY_DFE_RANK,
    ComparatorKind.GEOGRAPHIC_NEIGHBOURS: BY_BOUNDARY,
    **dict.fromkeys(CLUSTER_KINDS, BY_DISTANCE),
}


@dataclass(frozen=True)
class Comparator:
    council: CouncilRow
    rank: int | None
    note: str
    # The measure the list is ranked by, for this council, as shown ("12 km", "population 812,000").
    measure: str = ""
    distance_km: float | None = None


@dataclass(frozen=True)
class ComparatorGroup:
    kind: str
    kind_name: str
    source: DatasetSpec | None
    comparators: list[Comparator]
    # For cluster kinds: the council's own label and its description.
    label: str = ""
    label_description: str = ""
    # How many comparators there are in all; more than len(comparators) when a profile
    # shows only the first few, and then the directory filters that list them all.
    total: int = 0
    directory_filters: CouncilFilters | None = None
    # One sentence saying how the list is ordered.
    ordering: str = ""
    # Why the list and label are not shown (built on a region tiex corrected); empty when shown.
    withheld: str = ""

    @property
    def is_shortened(self) -> bool:
        return self.total > len(self.comparators)


def comparator_source(kind: str) -> DatasetSpec | None:
    try:
        return dataset_spec(COMPARATOR_DATASETS[kind])
    except (KeyError, DatasetNotFound):
        return None


def withheld_reason(council: Any, kind: str, label: str) -> str:
    """Why a cluster built on the source's region is not shown for ``council``, or "" when it is shown.

    Only for REGION_BASED_KINDS and a council whose region the import corrected: the
    cluster's label then starts with the uncorrected region, and its councils are that
    region's.
    """
    if kind not in REGION_BASED_KINDS or "region" not in (council.corrections or {}):
        return ""
    given = label.split(";")[0].strip()
    source = f"the region its source gives, {given}" if given else "the region its source gives"
    if council.region:
        where = "its county is" if getattr(council, "county_id", None) else "its districts are"
        fix = f"which tiex corrected to {council.region}, where {where}"
    else:
        fix = "which tiex leaves out because the county's districts are in different regions"
    return (
        f"Not shown: mySociety's grouping puts {council.name} with councils in {source}, {fix}. "
        "The lists by deprivation, rural-urban character and emissions do not depend on the region."
    )


def applies(council: Any, kind: str) -> bool:
    """Whether a kind of comparison means anything for this council's tier (else its profile hides it)."""
    if kind == ComparatorKind.SIMILARITY_PHYSICAL:
        return False
    if kind == ComparatorKind.DFE_STATISTICAL_NEIGHBOURS:
        return council.nation == Nation.ENGLAND and council.powers in CHILDRENS_SERVICES_POWERS
    if kind == ComparatorKind.GEOGRAPHIC_NEIGHBOURS:
        return council.powers not in {Powers.UPPER_TIER, Powers.COMBINED}
    if kind == ComparatorKind.SAME_REGION:
        return bool(council.region)
    return True


def _comparable(council: Any, kind: str, row: CouncilRow) -> bool:
    """Whether ``row`` belongs in ``council``'s list of ``kind`` (like with like)."""
    if kind in RANKED_KINDS or kind == ComparatorKind.SAME_TYPE:
        return True  # published lists are kept as published; same type is like with like already
    allowed = COMPARABLE_POWERS.get(council.powers)
    if allowed is not None and row.powers not in allowed:
        return False
    return kind not in CLUSTER_KINDS or not council.nation or row.nation == council.nation


def _distance(council: Any, row: CouncilRow) -> float | None:
    if council.latitude is None or council.longitude is None or row.latitude is None or row.longitude is None:
        return None
    return distance_km(council.latitude, council.longitude, row.latitude, row.longitude)


def _km(value: float | None) -> str:
    if value is None:
        return "distance not known"
    return "under 1 km" if value < 1 else f"{value:,.0f} km"


def ordering_sentence(council: Any, kind: str) -> str:
    """How ``kind``'s list is ordered for this council, in one sentence."""
    order = ORDER_BY[kind]
    name = council.name
    if order == BY_POPULATION:
        if not council.population_2020:
            return f"By name: {name}'s population is not known."
        own = f"{council.population_2020:,}"
        return f"Closest population first: by how near each council's 2020 population is to {name}'s ({own})."
    if order == BY_DISTANCE:
        prefix = "Councils in the same group, nearest" if kind in CLUSTER_KINDS else "Nearest"
        if council.latitude is None or council.longitude is None:
            return f"By name: {name}'s centre is not known, so no distances can be given."
        return f"{prefix} first, by the straight-line distance between the councils' centres."
    if order == BY_DFE_RANK:
        return "In the Department for Education's order, most similar first, with its closeness band for each."
    return f"Councils sharing the longest boundary with {name} first, then the nearest others (ONS's order)."


def rank_comparators(council: Any, kind: str, items: Iterable[Comparator]) -> list[Comparator]:
    """``items`` filtered to comparable councils, ordered by the kind's measure, each with its measure."""
    order = ORDER_BY[kind]
    ranked: list[tuple[Any, Comparator]] = []
    for item in items:
        row = item.council
        if not _comparable(council, kind, row):
            continue
        away = _distance(council, row)
        if order == BY_POPULATION:
            own, theirs = council.population_2020, row.population_2020
            gap = abs(math.log(theirs / own)) if own and theirs else None
            measure = f"population {theirs:,}" if theirs else "population not known"
            key: Any = (gap is None, gap or 0.0, row.name, row.la_code)
        elif order == BY_DISTANCE:
            measure = _km(away)
            key = (away is None, away or 0.0, row.name, row.la_code)
        elif order == BY_DFE_RANK:
            measure = item.note or "closeness not given"
            key = (item.rank or 0, row.name)
        else:
            where = "shares a boundary" if item.note == "borders" else "nearby"
            measure = f"{where}, {_km(away)}" if away is not None else where
            key = (item.rank or 0, row.name)
        ranked.append((key, replace(item, measure=measure, distance_km=away)))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _, item in ranked]


def _rows(queryset: Any) -> list[Comparator]:
    return [Comparator(council=council_row(tuple(row)), rank=None, note="") for row in queryset]


def similar_councils(council: Council, kind: str, limit: int | None = None) -> list[Comparator]:
    """Councils comparable to ``council`` by one ComparatorKind, best first by the kind's measure (one query).

    same-type / same-region: other current councils of the same type / in the same
    region. DfE and geographic neighbours: the published ranked list. Similarity kinds:
    other current councils sharing the council's cluster label.
    """
    kind = ComparatorKind(kind)
    if kind in RANKED_KINDS:
        links = (
            ComparatorLink.objects.filter(kind=kind, council=council)
            .exclude(neighbour=council)
            .order_by("rank", "neighbour__name")
            .values_list("rank", "note", *council_row_fields("neighbour__"))
        )
        items = [Comparator(council=council_row(tuple(row)), rank=rank, note=note) for rank, note, *row in links]
    else:
        if kind == ComparatorKind.SAME_TYPE:
            councils = Council.objects.filter(is_current=True, type=council.type)
        elif kind == ComparatorKind.SAME_REGION:
            if not council.region:
                return []
            councils = Council.objects.filter(is_current=True, region=council.region)
        else:
            labels = ClusterLabel.objects.filter(kind=kind, council=council).values("label")
            councils = Council.objects.filter(
                is_current=True, cluster_labels__kind=kind, cluster_labels__label__in=labels
            ).distinct()
        items = _rows(councils.exclude(pk=council.pk).order_by("name", "la_code").values_list(*ROW_FIELDS))
    ranked = rank_comparators(council, kind, items)
    return ranked if limit is None else ranked[: max(limit, 0)]


def comparator_group(council: Council, kind: str, limit: int | None = None) -> ComparatorGroup:
    """``similar_councils`` with the kind's name, its source, its ordering and (for clusters) the council's label."""
    kind = ComparatorKind(kind)
    label = description = ""
    if kind in CLUSTER_KINDS:
        own = ClusterLabel.objects.filter(kind=kind, council=council).only("label", "description").first()
        if own is not None:
            label, description = own.label, own.description
    withheld = withheld_reason(council, kind, label)
    if withheld:
        label = description = ""
    comparators = [] if withheld else similar_councils(council, kind, limit=limit)
    return ComparatorGroup(
        kind=kind.value,
        kind_name=KIND_NAMES[kind],
        source=comparator_source(kind),
        comparators=comparators,
        label=label,
        label_description=description,
        total=len(comparators),
        ordering=ordering_sentence(council, kind),
        withheld=withheld,
    )


def comparator_groups(detail: CouncilDetail, shown: int | None = None) -> list[ComparatorGroup]:
    """The groups a profile shows: every kind that applies to the council's tier, in PROFILE_KINDS order.

    Two queries beyond ``council_detail(council, peers=True)``, which has the same-type and
    same-region councils: one for the ranked lists, one for the cluster labels with the
    councils sharing them. The same-type and same-region groups keep their first ``shown``
    councils by their measure (all if None), with the directory filters that list them all.
    """
    council = detail.council
    ranked: dict[str, list[Comparator]] = {kind: [] for kind in RANKED_KINDS}
    links = (
        ComparatorLink.objects.filter(council=council, kind__in=RANKED_KINDS)
        .exclude(neighbour=council)
        .order_by("kind", "rank", "neighbour__name")
        .values_list("kind", "rank", "note", *council_row_fields("neighbour__"))
    )
    for kind, rank, note, *row in links:
        ranked[kind].append(Comparator(council=council_row(tuple(row)), rank=rank, note=note))

    own_label = Q()
    for kind in CLUSTER_KINDS:
        own_label |= Q(kind=kind, label=ClusterLabel.objects.filter(council=council, kind=kind).values("label")[:1])
    labels = (
        ClusterLabel.objects.filter(own_label)
        .filter(Q(council=council) | Q(council__is_current=True))
        .order_by("council__name", "council__la_code")
        .values_list("kind", "label", "description", "council_id", *council_row_fields("council__"))
    )
    own: dict[str, tuple[str, str]] = {}
    clusters: dict[str, list[Comparator]] = {kind: [] for kind in CLUSTER_KINDS}
    for kind, label, description, council_id, *row in labels:
        if council_id == council.pk:
            own[kind] = (label, description)
        else:
            clusters[kind].append(Comparator(council=council_row(tuple(row)), rank=None, note=""))

    groups = []
    for kind in PROFILE_KINDS:
        if not applies(council, kind):
            continue
        label, description = own.get(kind, ("", ""))
        withheld = withheld_reason(council, kind, label)
        if withheld:
            label = description = ""
        directory_filters = None
        if kind == ComparatorKind.SAME_TYPE:
            items = [Comparator(council=row, rank=None, note="") for row in detail.same_type]
            directory_filters = CouncilFilters(types=(council.type,), principal=False)
        elif kind == ComparatorKind.SAME_REGION:
            items = [Comparator(council=row, rank=None, note="") for row in detail.same_region]
            directory_filters = CouncilFilters(region=council.region, principal=False)
        else:
            items = ranked.get(kind) or clusters.get(kind) or []
        comparators = [] if withheld else rank_comparators(council, kind, items)
        total = len(comparators)
        shorten = directory_filters is not None and shown is not None and total > shown
        groups.append(
            ComparatorGroup(
                kind=kind.value,
                kind_name=KIND_NAMES[kind],
                source=comparator_source(kind),
                comparators=comparators[:shown] if shorten else comparators,
                label=label,
                label_description=description,
                total=total,
                directory_filters=directory_filters if shorten else None,
                ordering=ordering_sentence(council, kind),
                withheld=withheld,
            )
        )
    return groups


def close_councils(council_id: int) -> dict[int, str]:
    """The councils too close to ``council_id`` to judge it at arm's length, each with why.

    Its geographic neighbours (the published list read in both directions: a council that
    lists it as a neighbour counts too), the county it lies in and, for a county, its
    districts. Two queries. Used to keep conflicts of interest out of peer challenge teams.
    """
    close: dict[int, str] = {}
    own = Council.objects.filter(pk=council_id).values_list("county_id", flat=True).first()
    links = ComparatorLink.objects.filter(kind=ComparatorKind.GEOGRAPHIC_NEIGHBOURS).filter(
        Q(council_id=council_id) | Q(neighbour_id=council_id)
    )
    for left, right in links.values_list("council_id", "neighbour_id"):
        other = right if left == council_id else left
        if other != council_id:
            close[other] = "a geographic neighbour"
    if own is not None:
        close[own] = "the county it lies in"
    for district in Council.objects.filter(county_id=council_id).values_list("pk", flat=True):
        close.setdefault(district, "one of its districts")
    return close
