"""Reads about comparable councils: one kind for the API, every kind for a profile.

Companion to selectors.py (split for size); the same rules apply: reads only, a fixed
number of queries however much data there is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from tiex.core.datasets import DatasetNotFound, DatasetSpec, dataset_spec
from tiex.councils.models import ClusterLabel, ComparatorKind, ComparatorLink, Council
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


@dataclass(frozen=True)
class Comparator:
    council: CouncilRow
    rank: int | None
    note: str


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

    @property
    def is_shortened(self) -> bool:
        return self.total > len(self.comparators)


def comparator_source(kind: str) -> DatasetSpec | None:
    try:
        return dataset_spec(COMPARATOR_DATASETS[kind])
    except (KeyError, DatasetNotFound):
        return None


def _limited(queryset: QuerySet[Any], limit: int | None) -> Iterable[Any]:
    return queryset if limit is None else queryset[: max(limit, 0)]


def similar_councils(council: Council, kind: str, limit: int | None = None) -> list[Comparator]:
    """Councils comparable to ``council`` by one ComparatorKind, best first (one query).

    same-type / same-region: other current councils of the same type / in the same
    region, by name. DfE and geographic neighbours: the published ranked list.
    Similarity kinds: other current councils sharing the council's cluster label.
    """
    kind = ComparatorKind(kind)
    if kind in RANKED_KINDS:
        links = (
            ComparatorLink.objects.filter(kind=kind, council=council)
            .exclude(neighbour=council)
            .order_by("rank", "neighbour__name")
            .values_list("rank", "note", *council_row_fields("neighbour__"))
        )
        return [
            Comparator(council=council_row(tuple(row)), rank=rank, note=note)
            for rank, note, *row in _limited(links, limit)
        ]
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
    rows = councils.exclude(pk=council.pk).order_by("name", "la_code").values_list(*ROW_FIELDS)
    return [Comparator(council=council_row(row), rank=None, note="") for row in _limited(rows, limit)]


def comparator_group(council: Council, kind: str, limit: int | None = None) -> ComparatorGroup:
    """``similar_councils`` with the kind's name, its source and (for clusters) the council's label."""
    kind = ComparatorKind(kind)
    label = description = ""
    if kind in CLUSTER_KINDS:
        own = ClusterLabel.objects.filter(kind=kind, council=council).only("label", "description").first()
        if own is not None:
            label, description = own.label, own.description
    comparators = similar_councils(council, kind, limit=limit)
    return ComparatorGroup(
        kind=kind.value,
        kind_name=kind.label,
        source=comparator_source(kind),
        comparators=comparators,
        label=label,
        label_description=description,
        total=len(comparators),
    )


def comparator_groups(detail: CouncilDetail, shown: int | None = None) -> list[ComparatorGroup]:
    """Every ComparatorKind's group for a council, in the order the kinds are declared.

    Two queries beyond ``council_detail(council, peers=True)``, which has the same-type and
    same-region councils: one for the ranked lists, one for the cluster labels with the
    councils sharing them. The same-type and same-region groups keep their first ``shown``
    councils (all if None), with the directory filters that list them all.
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
    for kind in ComparatorKind:
        label, description = own.get(kind, ("", ""))
        directory_filters = None
        if kind == ComparatorKind.SAME_TYPE:
            comparators = [Comparator(council=row, rank=None, note="") for row in detail.same_type]
            directory_filters = CouncilFilters(types=(council.type,), principal=False)
        elif kind == ComparatorKind.SAME_REGION:
            comparators = [Comparator(council=row, rank=None, note="") for row in detail.same_region]
            directory_filters = CouncilFilters(region=council.region, principal=False)
        else:
            comparators = ranked.get(kind) or clusters.get(kind) or []
        total = len(comparators)
        shorten = directory_filters is not None and shown is not None and total > shown
        groups.append(
            ComparatorGroup(
                kind=kind.value,
                kind_name=kind.label,
                source=comparator_source(kind),
                comparators=comparators[:shown] if shorten else comparators,
                label=label,
                label_description=description,
                total=total,
                directory_filters=directory_filters if shorten else None,
            )
        )
    return groups
