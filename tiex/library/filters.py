"""What a search of the Exchange asks for, parsed from query parameters (page, downloads and API alike).

Every state of the search is a set of GET parameters: ``q``, one parameter per facet
(repeat it for several values: ``theme=a&theme=b`` means a or b), ``council`` and
``sort``. Values within a facet are alternatives; different facets all apply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from tiex.library import search
from tiex.library.choices import ALL_COLLECTIONS, DEFAULT_COLLECTION, Collection, EvidenceLevel, ResourceType

# (query parameter, label), in the order the page shows them.
FACETS: tuple[tuple[str, str], ...] = (
    ("type", "Type"),
    ("theme", "Theme"),
    ("service_area", "Service area"),
    ("region", "Region"),
    ("council_type", "Council type"),
    ("evidence", "Evidence"),
    ("year", "Year"),
)
FACET_PARAMS = tuple(name for name, _ in FACETS)
FACET_LABELS = dict(FACETS)
SORTS: dict[str, str] = {
    "relevance": "Most relevant",
    "newest": "Newest",
    "oldest": "Oldest",
    "title": "Title (A to Z)",
}
# The collections a search may ask for (one of them): each collection, or "all". Without
# the parameter, a search covers the Exchange's own resources (DEFAULT_COLLECTION).
COLLECTIONS: dict[str, str] = {
    Collection.EXCHANGE.value: Collection.EXCHANGE.label,
    Collection.CLIMATE_PLANS.value: Collection.CLIMATE_PLANS.label,
    Collection.PEER_CHALLENGE_REPORTS.value: Collection.PEER_CHALLENGE_REPORTS.label,
    ALL_COLLECTIONS: "All collections",
}
MAX_VALUES_PER_FACET = 30
YEAR_MIN = 1990
YEAR_MAX = 2100
MAX_COUNCIL_CODE_LENGTH = 12


@dataclass(frozen=True)
class Vocabulary:
    """The values each facet accepts, with their labels (read from the database by the selector)."""

    themes: Mapping[str, str]
    service_areas: Mapping[str, str]
    regions: Mapping[str, str]
    council_types: Mapping[str, str]
    types: Mapping[str, str] = field(default_factory=lambda: dict(ResourceType.choices))
    evidence: Mapping[str, str] = field(default_factory=lambda: dict(EvidenceLevel.choices))

    def for_param(self, param: str) -> Mapping[str, str] | None:
        return {
            "type": self.types,
            "theme": self.themes,
            "service_area": self.service_areas,
            "region": self.regions,
            "council_type": self.council_types,
            "evidence": self.evidence,
        }.get(param)


@dataclass(frozen=True)
class ResourceFilters:
    q: str = ""
    types: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    service_areas: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    council_types: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    council: str = ""
    sort: str = ""
    collection: str = ""  # "" is the default collection, the Exchange's own resources

    _FIELDS = {
        "type": "types",
        "theme": "themes",
        "service_area": "service_areas",
        "region": "regions",
        "council_type": "council_types",
        "evidence": "evidence",
        "year": "years",
    }

    @property
    def terms(self) -> list[str]:
        return search.parse_terms(self.q)

    @property
    def effective_sort(self) -> str:
        """The order used: relevance needs words to search for; without them, newest first."""
        if self.sort and (self.sort != "relevance" or self.terms):
            return self.sort
        return "relevance" if self.terms else "newest"

    @property
    def effective_collection(self) -> str:
        return self.collection or DEFAULT_COLLECTION

    def values(self, param: str) -> tuple[str, ...]:
        return tuple(str(value) for value in getattr(self, self._FIELDS[param]))

    def without(self, param: str, value: str | None = None) -> ResourceFilters:
        """These filters with one facet value (or the whole facet, or q/council/sort/collection) removed."""
        if param in ("q", "council", "sort", "collection"):
            return replace(self, **{param: ""})  # type: ignore[arg-type]
        name = self._FIELDS[param]
        kept = tuple(item for item in getattr(self, name) if value is not None and str(item) != value)
        return replace(self, **{name: kept})  # type: ignore[arg-type]

    def as_query(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs in a stable order (the shareable URL of this search)."""
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        if self.collection:
            pairs.append(("collection", self.collection))
        for param in FACET_PARAMS:
            pairs.extend((param, value) for value in self.values(param))
        if self.council:
            pairs.append(("council", self.council))
        if self.sort:
            pairs.append(("sort", self.sort))
        return pairs

    @property
    def is_empty(self) -> bool:
        return not any(pair for pair in self.as_query() if pair[0] != "sort")


class FilterErrors(ValueError):
    """Parameters that cannot be used, as {parameter: message}."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


def _known_values(
    param: str, raw: Sequence[str], known: Mapping[str, str] | None, errors: dict[str, str]
) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(value.strip() for value in raw if value.strip()))
    if len(values) > MAX_VALUES_PER_FACET:
        errors[param] = f"Choose at most {MAX_VALUES_PER_FACET} values for {param}."
        return ()
    if known is None:
        return values
    unknown = [value for value in values if value not in known]
    if unknown:
        label = FACET_LABELS[param].lower()
        errors[param] = f"Unknown {label} {unknown[0][:60]!r}. Known values: {', '.join(list(known)[:40])}."
    return values


# Facets whose values are rows in the database (they change): the API accepts any value of
# the documented form for these and simply finds nothing for an unknown one.
OPEN_FACETS = frozenset({"theme", "service_area", "region"})


def parse_filters(
    params: Mapping[str, Sequence[str]], vocabulary: Vocabulary, *, strict: bool = True
) -> ResourceFilters:
    """Validate query parameters ({name: [values]}) into filters, or raise FilterErrors.

    ``strict`` (the page and downloads) refuses unknown themes, service areas and regions
    with a message; otherwise (the API) they are kept and match nothing.
    """
    errors: dict[str, str] = {}

    def first(name: str) -> str:
        values = params.get(name) or []
        return values[0] if values else ""

    q = " ".join(first("q").split())
    if any(ord(char) < 32 for char in first("q")):
        errors["q"] = "The search must not contain control characters."
    else:
        try:
            search.parse_terms(q)
        except search.QueryError as exc:
            errors["q"] = str(exc)

    chosen: dict[str, tuple[str, ...]] = {}
    for param in FACET_PARAMS:
        if param == "year":
            continue
        known = None if (not strict and param in OPEN_FACETS) else (vocabulary.for_param(param) or {})
        chosen[param] = _known_values(param, list(params.get(param) or []), known, errors)

    years: list[int] = []
    for raw in params.get("year") or []:
        raw = raw.strip()
        if not raw:
            continue
        if not (raw.isascii() and raw.isdigit() and YEAR_MIN <= int(raw) <= YEAR_MAX):
            errors["year"] = f"A year is four digits between {YEAR_MIN} and {YEAR_MAX}, not {raw[:10]!r}."
            break
        if int(raw) not in years:
            years.append(int(raw))
    if len(years) > MAX_VALUES_PER_FACET:
        errors["year"] = f"Choose at most {MAX_VALUES_PER_FACET} years."

    council = first("council").strip()
    if council and not (
        council.isascii() and council.replace("-", "").isalnum() and len(council) <= MAX_COUNCIL_CODE_LENGTH
    ):
        errors["council"] = "A council is given by its GSS code (for example E09000012) or mySociety code."

    sort = first("sort").strip()
    if sort and sort not in SORTS:
        errors["sort"] = f"Sort by one of: {', '.join(SORTS)}."

    collection = first("collection").strip()
    if collection and collection not in COLLECTIONS:
        errors["collection"] = f"Choose the collection {', '.join(COLLECTIONS)}."

    if errors:
        raise FilterErrors(errors)
    return ResourceFilters(
        q=q,
        types=chosen["type"],
        themes=chosen["theme"],
        service_areas=chosen["service_area"],
        regions=chosen["region"],
        council_types=chosen["council_type"],
        evidence=chosen["evidence"],
        years=tuple(years),
        council=council.upper(),
        sort=sort,
        collection=collection,
    )
