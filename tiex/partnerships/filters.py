"""What a view of the Shared Services Map asks for, parsed from GET parameters (page, API, downloads alike).

Every state of the map is a set of GET parameters, each given at most once: ``region``,
``category`` (an esd function identifier, level 1 or 2), ``kind``, ``status``,
``council_type``, ``council`` (a GSS code), ``evidence``, ``year`` (a financial year's
starting year: 2018 is 2018/19) and ``q`` (words in the name or description). A blank value
is no filter. A value that cannot be used is an error, collected as {parameter: message}
and raised as ``FilterErrors``: the page shows a GOV.UK error summary, the API a 422.

The values a filter accepts that live in the database (regions, categories, councils) come
from a ``Vocabulary`` (selectors.vocabulary()), which reads each list only when asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Protocol

from tiex.councils.models import CouncilType
from tiex.partnerships.models import (
    FIRST_YEAR,
    LAST_YEAR,
    PartnershipKind,
    PartnershipStatus,
    SavingsEvidence,
    financial_year_label,
)

# (parameter, label), in the order the form shows them.
FILTERS: tuple[tuple[str, str], ...] = (
    ("q", "Search"),
    ("region", "Region"),
    ("category", "What is shared"),
    ("kind", "Kind"),
    ("status", "Status"),
    ("council_type", "Council type"),
    ("council", "Council"),
    ("evidence", "Savings evidence"),
    ("year", "Financial year"),
)
PARAMS = tuple(name for name, _ in FILTERS)
LABELS = dict(FILTERS)
MAX_QUERY_LENGTH = 200
MAX_VALUE_LENGTH = 100
KINDS = dict(PartnershipKind.choices)
STATUSES = dict(PartnershipStatus.choices)
EVIDENCE = dict(SavingsEvidence.choices)
COUNCIL_TYPES = dict(CouncilType.choices)


@dataclass(frozen=True)
class CategoryChoice:
    identifier: int
    label: str
    level: int
    parent_identifier: int | None = None


@dataclass(frozen=True)
class CouncilChoice:
    code: str  # the GSS code, or the mySociety code for the few without one
    name: str
    region: str
    type: str
    is_current: bool = True


class Vocabulary(Protocol):
    """The values the database-backed filters accept (see selectors.vocabulary)."""

    def regions(self) -> list[str]: ...

    def categories(self) -> dict[int, CategoryChoice]: ...

    def council(self, code: str) -> CouncilChoice | None: ...


@dataclass(frozen=True)
class PartnershipFilters:
    """Validated filters; the empty default is every partnership."""

    q: str = ""
    region: str = ""
    category: int | None = None
    kind: str = ""
    status: str = ""
    council_type: str = ""
    council: str = ""
    evidence: str = ""
    year: int | None = None

    def as_query(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs in a stable order (the shareable URL of this view)."""
        pairs = []
        for name in PARAMS:
            value = getattr(self, name)
            if value not in ("", None):
                pairs.append((name, str(value)))
        return pairs

    def without(self, param: str) -> PartnershipFilters:
        default: Any = next(f.default for f in fields(self) if f.name == param)
        return replace(self, **{param: default})

    @property
    def is_empty(self) -> bool:
        return not self.as_query()


class FilterErrors(ValueError):
    """Parameters that cannot be used, as {parameter: message}."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


def _choice(value: str, choices: Mapping[str, str], what: str) -> str:
    if value not in choices:
        raise ValueError(f"Choose a {what} from the list")
    return value


def _year(value: str) -> int:
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise ValueError(
            f"Enter a financial year as its starting year, for example 2018 for {financial_year_label(2018)}"
        )
    year = int(value)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"Enter a financial year from {FIRST_YEAR} to {LAST_YEAR}")
    return year


def _category(value: str, vocab: Vocabulary | None) -> int:
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        raise ValueError("Choose what is shared from the list (an esd function identifier)")
    identifier = int(value)
    if vocab is not None and identifier not in vocab.categories():
        raise ValueError(f"No esd function at level 1 or 2 has the identifier {identifier}")
    return identifier


def _council(value: str, vocab: Vocabulary | None) -> str:
    code = value.upper()
    if not (code.isascii() and code.isalnum() and len(code) <= 12):
        raise ValueError("Choose a council from the list, or give its GSS code, for example E07000223")
    if vocab is None:
        return code
    council = vocab.council(code)
    if council is None:
        raise ValueError(f"No council has the code {code}")
    return council.code


def _text(value: str) -> str:
    if len(value) > MAX_QUERY_LENGTH:
        raise ValueError(f"Search for at most {MAX_QUERY_LENGTH} characters")
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValueError("Search for letters, numbers and punctuation only")
    return " ".join(value.split())


def parse_filters(params: Mapping[str, Sequence[str]], vocab: Vocabulary, *, strict: bool = True) -> PartnershipFilters:
    """The filters in ``params`` ({name: [values]}, as ``QueryDict.lists()`` gives), or FilterErrors.

    Unknown parameters (``page``, tracking tags) are left alone. With ``strict`` False (the
    API, whose documented schema already bounds each value), a well-formed region, category
    or council that the database does not know is kept, and matches nothing.
    """
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for name in PARAMS:
        given = [value.strip() for value in params.get(name, [])]
        given = [value for value in given if value]
        if not given:
            continue
        if len(given) > 1:
            errors[name] = f"Choose one {LABELS[name].lower()} only"
            continue
        value = given[0]
        try:
            if name != "q" and len(value) > MAX_VALUE_LENGTH:
                raise ValueError(f"Choose a {LABELS[name].lower()} from the list")
            if name == "q":
                text = _text(value)
                if text:
                    values[name] = text
            elif name == "region":
                if strict and value not in vocab.regions():
                    raise ValueError("Choose a region from the list")
                values[name] = value
            elif name == "category":
                values[name] = _category(value, vocab if strict else None)
            elif name == "kind":
                values[name] = _choice(value, KINDS, "kind of partnership")
            elif name == "status":
                values[name] = _choice(value, STATUSES, "status")
            elif name == "council_type":
                values[name] = _choice(value, COUNCIL_TYPES, "council type")
            elif name == "council":
                values[name] = _council(value, vocab if strict else None)
            elif name == "evidence":
                values[name] = _choice(value, EVIDENCE, "kind of savings evidence")
            elif name == "year":
                values[name] = _year(value)
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise FilterErrors(errors)
    return PartnershipFilters(**values)  # type: ignore[arg-type]
