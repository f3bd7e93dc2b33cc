"""Reads about councils: the directory list, profiles and control history (comparators: comparators.py).

The directory page, its CSV and JSON downloads and the API all call
``council_list`` with the same ``CouncilFilters``, so they always agree.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, caches
from django.db.models import Max, Q, QuerySet

from tiex.core.selectors import data_version
from tiex.councils.models import (
    PRINCIPAL_TYPES,
    Control,
    ControlYear,
    Council,
    CouncilCode,
    CouncilType,
    Nation,
    Party,
)
from tiex.finance import selectors as finance

# The directory lists current principal councils unless told otherwise.
DEFAULT_PRINCIPAL = True
# Heavy or search-only columns a list never shows.
LIST_DEFERRED = ("boundary", "search_names", "alt_names")
MAX_QUERY_LENGTH = 100
# GSS codes (E10000016) and mySociety codes (KEN, NIR-F); anything else is not a council.
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,11}")


# --- Caching -----------------------------------------------------------------

# Council data changes only when a dataset is imported, so what is derived from it alone
# (rendered profiles and directory pages, API answers, the boundaries file) is cached
# under a key that embeds the data version: an import makes every earlier entry
# unreachable, and entries expire after CACHE_SECONDS in any case.
CACHE_SECONDS = 24 * 60 * 60
CACHE_ALIAS = "councils"


def page_cache() -> BaseCache:
    """Where council pages and answers are kept: the "councils" cache when configured
    (config/settings.py keeps it apart from the default one), else the default one."""
    return caches[CACHE_ALIAS if CACHE_ALIAS in settings.CACHES else DEFAULT_CACHE_ALIAS]


def cache_key(*parts: object, version: str | None = None) -> str:
    """A cache key for something derived only from imported council data and ``parts``.

    Reads ``data_version()`` (one query) unless ``version`` is given.
    """
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"councils:{version or data_version()}:{digest}"


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
    # Council finances (tiex/finance): an indicator within [finance_min, finance_max] percent, and the order.
    finance_indicator: str = ""
    finance_min: float | None = None
    finance_max: float | None = None
    finance_sort: str = ""

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
        if self.finance_indicator:
            pairs.append(("finance_indicator", self.finance_indicator))
        if self.finance_min is not None:
            pairs.append(("finance_min", _number_text(self.finance_min)))
        if self.finance_max is not None:
            pairs.append(("finance_max", _number_text(self.finance_max)))
        if self.finance_sort:
            pairs.append(("finance_sort", self.finance_sort))
        return pairs


def _number_text(value: float) -> str:
    """25.0 as "25", 12.5 as "12.5": a bound as a query string writes it."""
    return str(int(value)) if value.is_integer() else repr(value)


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
    queryset = Council.objects.select_related("county", "combined_authority", "finance_summary").defer(
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
    filtered = finance.filter_councils(queryset, filters.finance_indicator, filters.finance_min, filters.finance_max)
    return finance.order_councils(filtered.order_by("name", "la_code"), filters.finance_sort)


# What a directory row shows (see views._directory_rows).
DIRECTORY_ROW_FIELDS = ("gss_code", "la_code", "name", "is_current", "type", "region", "control", "control_year")


def council_list_rows(filters: CouncilFilters | None = None) -> QuerySet[Council, dict[str, Any]]:
    """``council_list`` as plain values, only what a directory row shows (no model instances)."""
    filters = filters or CouncilFilters()
    shown = finance.shown_indicator(filters.finance_indicator, filters.finance_sort)
    extra = (f"finance_summary__{finance.INDICATOR_FIELDS[shown]}", "finance_summary__last_year") if shown else ()
    return council_list(filters).values(*DIRECTORY_ROW_FIELDS, *extra)


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


def filter_choices(version: str | None = None) -> tuple[list[str], list[int]]:
    """``council_regions()`` and ``control_change_years()``, the directory form's choices, kept
    under the data version (two queries saved on every download and uncached page)."""
    key = cache_key("filter-choices", version=version)
    choices = page_cache().get(key)
    if choices is None:
        choices = (council_regions(), control_change_years())
        page_cache().set(key, choices, CACHE_SECONDS)
    return choices


def last_control_changes(council_ids: Any = None) -> dict[int, int]:
    """The latest year on record in which each council's political control changed, by council id
    (councils whose control never changed on record are left out). One query; ``council_ids`` may be
    a list or a subquery of ids."""
    rows = ControlYear.objects.filter(control_changed=True)
    if council_ids is not None:
        rows = rows.filter(council_id__in=council_ids)
    return dict(rows.order_by().values("council_id").annotate(last=Max("year")).values_list("council_id", "last"))


# --- One council -----------------------------------------------------------


@dataclass(frozen=True)
class CouncilLookup:
    council: Council
    # True when the code asked for is not the council's canonical code (a former
    # GSS code, a mySociety code for a council that has a GSS code, other case).
    is_canonical: bool


# What a profile or the API detail shows of the council itself: every column but the
# search text (and the boundary unless asked), with its county and combined authority.
_RELATED_DEFERRED = (
    *(f"county__{name}" for name in LIST_DEFERRED),
    *(f"combined_authority__{name}" for name in LIST_DEFERRED),
)


def council_ids(*, la_codes: Iterable[str]) -> QuerySet[Council, int]:
    """The ids of the councils with these mySociety codes: a subquery for another app's filter (no query itself)."""
    return Council.objects.filter(la_code__in=list(la_codes)).values_list("pk", flat=True)


def council_type_of(council_id: int) -> str:
    """The type code of one council (empty when there is no such council)."""
    return Council.objects.filter(pk=council_id).values_list("type", flat=True).first() or ""


def council_lookup(code: str, *, with_boundary: bool = False) -> CouncilLookup | None:
    """Find a council by its GSS code, a former GSS code or its mySociety code.

    One query for a current GSS or mySociety code (two for a former GSS code). The
    council comes with its county, combined authority and climate emergency declaration
    (climate.py); its boundary only if asked.
    """
    code = (code or "").strip()
    if not CODE_PATTERN.fullmatch(code):
        return None
    upper = code.upper()
    councils = Council.objects.select_related("county", "combined_authority", "climate_declaration").defer(
        "search_names", *(() if with_boundary else ("boundary",)), *_RELATED_DEFERRED
    )
    matches = list(councils.filter(Q(gss_code=upper) | Q(la_code=upper)).order_by("pk")[:2])
    council = next((match for match in matches if match.gss_code == upper), None) or next(iter(matches), None)
    if council is None:
        council = councils.filter(pk__in=CouncilCode.objects.filter(code=upper).values("council_id")).first()
    if council is None:
        return None
    return CouncilLookup(council=council, is_canonical=council.code == code)


@dataclass(frozen=True)
class CouncilRow:
    """Another council as a profile or an API answer names it (a link, not the whole record)."""

    gss_code: str | None
    la_code: str
    name: str
    type: str
    is_current: bool
    # What comparator lists rank and filter by (comparators.py): tier, nation, centroid, population.
    powers: str = ""
    nation: str = ""
    latitude: float | None = None
    longitude: float | None = None
    population_2020: int | None = None

    @property
    def code(self) -> str:
        return self.gss_code or self.la_code


ROW_FIELDS = (
    "gss_code",
    "la_code",
    "name",
    "type",
    "is_current",
    "powers",
    "nation",
    "latitude",
    "longitude",
    "population_2020",
)


def council_row(values: tuple[Any, ...]) -> CouncilRow:
    return CouncilRow(*values)


def council_row_fields(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in ROW_FIELDS]


def _by_name(rows: Iterable[CouncilRow]) -> list[CouncilRow]:
    return sorted(rows, key=lambda row: (row.name, row.la_code))


@dataclass(frozen=True)
class CouncilDetail:
    """One council with everything its profile and the API detail show."""

    council: Council
    districts: list[CouncilRow]
    constituent_councils: list[CouncilRow]
    successors: list[CouncilRow]
    predecessors: list[CouncilRow]
    former_codes: list[str]
    history: ControlHistory
    # With peers=True: other current councils of the same type, and in the same region.
    same_type: list[CouncilRow] = field(default_factory=list)
    same_region: list[CouncilRow] = field(default_factory=list)

    @property
    def alt_names(self) -> list[str]:
        return [name.strip() for name in self.council.alt_names.splitlines() if name.strip()]


def council_detail(council: Council, *, peers: bool = False) -> CouncilDetail:
    """Relations, former codes and control history of a council found by ``council_lookup``.

    Always four queries, however many councils are related: the current councils it is
    county or combined authority of (and, with ``peers``, those of the same type or in the
    same region) in one, the councils it replaced or was replaced by in another, its former
    codes and its control history.
    """
    pk = council.pk
    related = Q(county_id=pk) | Q(combined_authority_id=pk)
    if peers:
        related |= Q(type=council.type)
        if council.region:
            related |= Q(region=council.region)
    rows = (
        Council.objects.filter(related, is_current=True)
        .exclude(pk=pk)
        .order_by("name", "la_code")
        .values_list("county_id", "combined_authority_id", "region", *ROW_FIELDS)
    )
    districts, constituents, same_type, same_region = [], [], [], []
    for county_id, combined_id, region, *values in rows:
        row = council_row(tuple(values))
        if county_id == pk:
            districts.append(row)
        if combined_id == pk:
            constituents.append(row)
        if peers and row.type == council.type:
            same_type.append(row)
        if peers and council.region and region == council.region:
            same_region.append(row)

    links = Council.successors.through.objects.filter(Q(from_council_id=pk) | Q(to_council_id=pk)).values_list(
        "from_council_id", *council_row_fields("from_council__"), *council_row_fields("to_council__")
    )
    width = len(ROW_FIELDS)
    successors, predecessors = [], []
    for from_id, *values in links:
        if from_id == pk:
            successors.append(council_row(tuple(values[width:])))
        else:
            predecessors.append(council_row(tuple(values[:width])))

    codes = CouncilCode.objects.filter(council_id=pk).order_by("code").values_list("code", flat=True)
    return CouncilDetail(
        council=council,
        districts=districts,
        constituent_councils=constituents,
        successors=_by_name(successors),
        predecessors=_by_name(predecessors),
        former_codes=[code for code in codes if code != council.gss_code],
        history=control_history(council),
        same_type=same_type,
        same_region=same_region,
    )


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
    """Seats and control by year, from the council's ControlYear rows (one query)."""
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
        for item in ControlYear.objects.filter(council=council).order_by("year")
    )
    present = {count.party for row in rows for count in row.seats}
    order = {party: index for index, party in enumerate(PARTY_ORDER)}
    parties = tuple(sorted(present, key=lambda party: (order.get(party, len(order)), party)))
    return ControlHistory(rows=rows, parties=parties)


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


def council_stub(fields: dict[str, Any]) -> Council:
    """A council rebuilt from a cached page's identifying fields, without a query (never saved)."""
    return Council(pk=fields["pk"], name=fields["name"], gss_code=fields["gss_code"], la_code=fields["la_code"])


@dataclass(frozen=True)
class CouncilPlace:
    """Where a council is on a map of current lower-tier areas (boundary_list("lower"))."""

    code: str
    name: str
    region: str
    latitude: float | None
    longitude: float | None
    areas: tuple[str, ...]  # codes of the current lower-tier areas it covers


def council_places() -> dict[int, CouncilPlace]:
    """Every council by id, with the current English lower-tier areas it covers: a lower-tier
    council its own; a county its current districts; a combined or strategic authority its
    constituent councils' areas; a former council its successors' areas (through later
    mergers too). A council covering none has ``areas=()`` (place it by its centroid).
    One query; derived from council data only, so callers may cache it under ``cache_key``.
    """
    lower = BOUNDARY_TIERS["lower"]
    # One query: a row per council and successor (the successor None when it has none).
    rows = Council.objects.order_by().values_list(
        "id",
        "gss_code",
        "la_code",
        "name",
        "region",
        "latitude",
        "longitude",
        "type",
        "is_current",
        "nation",
        "county_id",
        "combined_authority_id",
        "successors",
    )
    councils: dict[int, tuple[str, str, str, float | None, float | None]] = {}
    successors: dict[int, list[int]] = {}
    children: dict[int, list[int]] = {}
    own: set[int] = set()
    for pk, gss, la_code, name, region, latitude, longitude, kind, current, nation, county, combined, successor in rows:
        if successor is not None:
            successors.setdefault(pk, []).append(successor)
        if pk in councils:
            continue
        councils[pk] = (gss or la_code, name, region, latitude, longitude)
        if current and nation == Nation.ENGLAND and kind in lower:
            own.add(pk)
        for parent in (county, combined):
            if parent is not None and current:
                children.setdefault(parent, []).append(pk)
    codes = {pk: values[0] for pk, values in councils.items()}
    resolved: dict[int, tuple[str, ...]] = {}

    def areas(pk: int, seen: frozenset[int]) -> tuple[str, ...]:
        if pk in resolved:
            return resolved[pk]
        if pk in own:
            return (codes[pk],)
        found: set[str] = set()
        for other in [*children.get(pk, ()), *successors.get(pk, ())]:
            if other not in seen:
                found.update(areas(other, seen | {pk}))
        return tuple(sorted(found))

    places = {}
    for pk, (code, name, region, latitude, longitude) in councils.items():
        resolved[pk] = areas(pk, frozenset())
        places[pk] = CouncilPlace(code, name, region, latitude, longitude, resolved[pk])
    return places
