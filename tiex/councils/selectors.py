"""Reads about councils: the directory list, profiles, control history and comparators.

The directory page, its CSV and JSON downloads and the API all call
``council_list`` with the same ``CouncilFilters``, so they always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from tiex.core.datasets import DatasetNotFound, DatasetSpec, dataset_spec
from tiex.councils.models import (
    PRINCIPAL_TYPES,
    ClusterLabel,
    ComparatorKind,
    ComparatorLink,
    Control,
    ControlYear,
    Council,
    CouncilCode,
    CouncilType,
    Nation,
    Party,
)

# The directory lists current principal councils unless told otherwise.
DEFAULT_PRINCIPAL = True
# Heavy or search-only columns a list never shows.
LIST_DEFERRED = ("boundary", "search_names", "alt_names")
MAX_QUERY_LENGTH = 100
# GSS codes (E10000016) and mySociety codes (KEN, NIR-F); anything else is not a council.
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,11}")


@dataclass(frozen=True)
class CouncilFilters:
    """Validated filters for the council directory (see forms.py and api.py for parsing)."""

    q: str = ""
    nation: str = ""
    types: tuple[str, ...] = ()
    region: str = ""
    principal: bool | None = DEFAULT_PRINCIPAL
    control: str = ""
    changed_control_since: int | None = None
    include_former: bool = False

    def as_query(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs, explicit about the defaults, in a stable order."""
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        if self.nation:
            pairs.append(("nation", self.nation))
        pairs.extend(("type", code) for code in self.types)
        if self.region:
            pairs.append(("region", self.region))
        if self.principal is not None:
            pairs.append(("principal", "true" if self.principal else "false"))
        if self.control:
            pairs.append(("control", self.control))
        if self.changed_control_since is not None:
            pairs.append(("changed_control_since", str(self.changed_control_since)))
        if self.include_former:
            pairs.append(("include_former", "true"))
        return pairs


def _name_matches(prefix: str, text: str) -> Q:
    return Q(**{f"{prefix}name__icontains": text}) | Q(**{f"{prefix}search_names__icontains": text})


def _search(q: str) -> Q:
    text = " ".join(q.split()).lower()
    code = text.upper()
    predecessors_matching = Council.successors.through.objects.filter(
        _name_matches("from_council__", text) | Q(from_council__official_name__icontains=text)
    ).values("to_council_id")
    return (
        _name_matches("", text)
        | Q(official_name__icontains=text)
        | Q(gss_code=code)
        | Q(la_code=code)
        | Q(pk__in=CouncilCode.objects.filter(code=code).values("council_id"))
        | Q(pk__in=predecessors_matching)
    )


def council_list(filters: CouncilFilters | None = None) -> QuerySet[Council]:
    """Councils matching the filters, ordered by name, with what a list row shows.

    Always the same small number of queries however many councils match.
    """
    filters = filters or CouncilFilters()
    queryset = Council.objects.select_related("county", "combined_authority").defer(
        *LIST_DEFERRED,
        *(f"county__{name}" for name in LIST_DEFERRED),
        *(f"combined_authority__{name}" for name in LIST_DEFERRED),
    )
    if not filters.include_former:
        queryset = queryset.filter(is_current=True)
    if filters.principal:
        queryset = queryset.filter(type__in=PRINCIPAL_TYPES)
    if filters.q:
        queryset = queryset.filter(_search(filters.q))
    if filters.nation:
        queryset = queryset.filter(nation=filters.nation)
    if filters.types:
        queryset = queryset.filter(type__in=filters.types)
    if filters.region:
        queryset = queryset.filter(region=filters.region)
    if filters.control:
        queryset = queryset.filter(control=filters.control)
    if filters.changed_control_since is not None:
        changed = ControlYear.objects.filter(control_changed=True, year__gte=filters.changed_control_since)
        queryset = queryset.filter(pk__in=changed.values("council_id"))
    return queryset.order_by("name", "la_code")


def council_regions() -> list[str]:
    """Every region a council is in, for the region filter."""
    regions = Council.objects.exclude(region="").values_list("region", flat=True).distinct().order_by("region")
    return list(regions)


def control_change_years() -> list[int]:
    """Years in which some council's control is known to have changed or not."""
    years = (
        ControlYear.objects.filter(control_changed__isnull=False)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return list(years)


# --- One council -----------------------------------------------------------


@dataclass(frozen=True)
class CouncilLookup:
    council: Council
    # True when the code asked for is not the council's canonical code (a former
    # GSS code, a mySociety code for a council that has a GSS code, other case).
    is_canonical: bool


def council_lookup(code: str) -> CouncilLookup | None:
    """Find a council by its GSS code, a former GSS code or its mySociety code."""
    code = (code or "").strip()
    if not CODE_PATTERN.fullmatch(code):
        return None
    upper = code.upper()
    council = (
        Council.objects.filter(gss_code=upper).first()
        or Council.objects.filter(la_code=upper).first()
        or Council.objects.filter(pk__in=CouncilCode.objects.filter(code=upper).values("council_id")).first()
    )
    if council is None:
        return None
    return CouncilLookup(council=council, is_canonical=council.code == code)


def _ref_queryset() -> QuerySet[Council]:
    return Council.objects.defer(*LIST_DEFERRED).order_by("name", "la_code")


def council_detail(pk: int) -> Council:
    """One council with everything its profile and API detail show, in a fixed number of queries."""
    return (
        Council.objects.select_related("county", "combined_authority")
        .defer(
            "search_names",
            *(f"county__{name}" for name in LIST_DEFERRED),
            *(f"combined_authority__{name}" for name in LIST_DEFERRED),
        )
        .prefetch_related(
            Prefetch("districts", queryset=_ref_queryset().filter(is_current=True)),
            Prefetch("constituent_councils", queryset=_ref_queryset().filter(is_current=True)),
            Prefetch("successors", queryset=_ref_queryset()),
            Prefetch("predecessors", queryset=_ref_queryset()),
            Prefetch("codes", queryset=CouncilCode.objects.order_by("code")),
            Prefetch("control_years", queryset=ControlYear.objects.order_by("year")),
        )
        .get(pk=pk)
    )


def former_codes(council: Council) -> list[str]:
    """GSS codes the council has had before (uses the prefetched codes)."""
    return [code.code for code in council.codes.all() if code.code != council.gss_code]


# --- Control history ---------------------------------------------------------

PARTY_ORDER = [party.value for party in Party]
PARTY_NAMES = dict(Party.choices)
CONTROL_NAMES = dict(Control.choices)


@dataclass(frozen=True)
class SeatCount:
    party: str
    party_name: str
    seats: int


@dataclass(frozen=True)
class ControlRow:
    year: int
    control: str
    control_name: str
    control_changed: bool | None
    total_seats: int
    seats: tuple[SeatCount, ...]
    majority_label: str

    def seats_for(self, party: str) -> int:
        return next((count.seats for count in self.seats if count.party == party), 0)

    @property
    def seats_by_size(self) -> list[SeatCount]:
        """Parties holding seats, largest first (ties in the standard party order)."""
        return sorted(self.seats, key=lambda count: -count.seats)


@dataclass(frozen=True)
class ControlHistory:
    rows: tuple[ControlRow, ...]
    # Parties holding seats in at least one year, in the standard order.
    parties: tuple[str, ...] = field(default=())

    @property
    def party_names(self) -> list[tuple[str, str]]:
        return [(party, PARTY_NAMES.get(party, party)) for party in self.parties]


def _seat_counts(seats: Any) -> tuple[SeatCount, ...]:
    if not isinstance(seats, dict):
        return ()
    counts = []
    for party, value in seats.items():
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if number > 0:
            counts.append(SeatCount(party=str(party), party_name=PARTY_NAMES.get(party, str(party)), seats=number))
    order = {party: index for index, party in enumerate(PARTY_ORDER)}
    return tuple(sorted(counts, key=lambda count: (order.get(count.party, len(order)), count.party)))


def control_history(council: Council) -> ControlHistory:
    """Seats and control by year, from the council's (prefetched) ControlYear rows."""
    rows = tuple(
        ControlRow(
            year=item.year,
            control=item.control,
            control_name=CONTROL_NAMES.get(item.control, item.control),
            control_changed=item.control_changed,
            total_seats=item.total_seats,
            seats=_seat_counts(item.seats),
            majority_label=item.majority_label,
        )
        for item in sorted(council.control_years.all(), key=lambda item: item.year)
    )
    present = {count.party for row in rows for count in row.seats}
    order = {party: index for index, party in enumerate(PARTY_ORDER)}
    parties = tuple(sorted(present, key=lambda party: (order.get(party, len(order)), party)))
    return ControlHistory(rows=rows, parties=parties)


# --- Comparators -------------------------------------------------------------

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
    council: Council
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


def comparator_source(kind: str) -> DatasetSpec | None:
    try:
        return dataset_spec(COMPARATOR_DATASETS[kind])
    except (KeyError, DatasetNotFound):
        return None


def _limited(queryset: QuerySet[Any], limit: int | None) -> Iterable[Any]:
    return queryset if limit is None else queryset[: max(limit, 0)]


def similar_councils(council: Council, kind: str, limit: int | None = None) -> list[Comparator]:
    """Councils comparable to ``council`` by one ComparatorKind, best first.

    same-type / same-region: other current councils of the same type / in the same
    region, by name. DfE and geographic neighbours: the published ranked list.
    Similarity kinds: other current councils sharing the council's cluster label.
    """
    kind = ComparatorKind(kind)
    if kind in COMPUTED_KINDS:
        if kind == ComparatorKind.SAME_TYPE:
            queryset = _ref_queryset().filter(is_current=True, type=council.type)
        else:
            if not council.region:
                return []
            queryset = _ref_queryset().filter(is_current=True, region=council.region)
        queryset = queryset.exclude(pk=council.pk)
        return [Comparator(council=other, rank=None, note="") for other in _limited(queryset, limit)]
    if kind in RANKED_KINDS:
        links = (
            ComparatorLink.objects.filter(kind=kind, council=council)
            .exclude(neighbour=council)
            .select_related("neighbour")
            .defer(*(f"neighbour__{name}" for name in LIST_DEFERRED))
            .order_by("rank", "neighbour__name")
        )
        return [Comparator(council=link.neighbour, rank=link.rank, note=link.note) for link in _limited(links, limit)]
    labels = ClusterLabel.objects.filter(kind=kind, council=council).values("label")
    queryset = (
        _ref_queryset()
        .filter(is_current=True, cluster_labels__kind=kind, cluster_labels__label__in=labels)
        .exclude(pk=council.pk)
        .distinct()
    )
    return [Comparator(council=other, rank=None, note="") for other in _limited(queryset, limit)]


def comparator_group(council: Council, kind: str, limit: int | None = None) -> ComparatorGroup:
    """``similar_councils`` with the kind's name, its source and (for clusters) the council's label."""
    kind = ComparatorKind(kind)
    label = description = ""
    if kind in CLUSTER_KINDS:
        own = ClusterLabel.objects.filter(kind=kind, council=council).only("label", "description").first()
        if own is not None:
            label, description = own.label, own.description
    return ComparatorGroup(
        kind=kind.value,
        kind_name=kind.label,
        source=comparator_source(kind),
        comparators=similar_councils(council, kind, limit=limit),
        label=label,
        label_description=description,
    )


def comparator_groups(council: Council) -> list[ComparatorGroup]:
    """One group per ComparatorKind, in the order the kinds are declared."""
    return [comparator_group(council, kind) for kind in ComparatorKind]


# --- Boundaries --------------------------------------------------------------

BOUNDARY_TIERS: dict[str, frozenset[str]] = {
    "upper": frozenset(PRINCIPAL_TYPES - {CouncilType.NON_METROPOLITAN_DISTRICT}),
    "lower": frozenset(PRINCIPAL_TYPES - {CouncilType.COUNTY}),
}


def boundary_list(tier: str | None = None) -> QuerySet[Council]:
    """Current English principal councils that have a boundary (optionally one tier only)."""
    types = BOUNDARY_TIERS[tier] if tier else PRINCIPAL_TYPES
    return (
        Council.objects.filter(is_current=True, nation=Nation.ENGLAND, type__in=types, boundary__isnull=False)
        .only("gss_code", "la_code", "name", "type", "boundary")
        .order_by("name", "la_code")
    )
