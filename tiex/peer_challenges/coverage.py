"""Coverage: which councils have had a corporate peer challenge, and since when (pure: no ORM).

What the coverage page, its CSV download and the API share:

* ``CoverageFilters`` and ``parse_filters``: the GET parameters, validated the same way for
  the page (a 400 with an error summary), the download and the API (a 422);
* ``CouncilCoverage``: one council with its last corporate peer challenge (or none) and the
  last year its political control changed;
* ``apply``: the filtered councils, the count with none since the chosen year, those that
  never had one, and the target list (changed control since a year, none since the chosen year).

Only challenges of a kind that ``counts_as_corporate`` and whose on-site visit has ended
count. "Changed control at their last elections" is read from the control history, which
has a row for every council every year: by default a change in the last ``CYCLE_YEARS``
years on record (one four-year electoral cycle, so every council's last elections are in
it); a chosen ``changed_control_since`` year replaces that default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

DEFAULT_SINCE = 2012  # the board's target: no corporate peer challenge since 2012/13
CYCLE_YEARS = 4
FIRST_YEAR, LAST_YEAR = 1990, 2100
SHOW = {
    "all": "Every council",
    "without": "Councils with none since the year",
    "target": "The target list",
}
# (parameter, label), in the order the form shows them.
FILTERS: tuple[tuple[str, str], ...] = (
    ("region", "Region"),
    ("type", "Council type"),
    ("control", "Political control"),
    ("changed_control_since", "Changed control since"),
    ("since", "No corporate peer challenge since"),
    ("show", "Show"),
)
PARAMS = tuple(name for name, _ in FILTERS)
LABELS = dict(FILTERS)


@dataclass(frozen=True)
class CoverageFilters:
    region: str = ""
    type: str = ""
    control: str = ""
    changed_control_since: int | None = None
    since: int = DEFAULT_SINCE
    show: str = "all"

    def as_query(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs, defaults left out (the shareable URL of this view)."""
        pairs = []
        for item in fields(self):
            value = getattr(self, item.name)
            if value != item.default:
                pairs.append((item.name, str(value)))
        return pairs

    def without(self, param: str) -> CoverageFilters:
        default: Any = next(item.default for item in fields(self) if item.name == param)
        return replace(self, **{param: default})


class FilterErrors(ValueError):
    """Parameters that cannot be used, as {parameter: message}."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Choices:
    """The values the filters accept: regions and council types present, control codes."""

    regions: Sequence[str]
    types: Mapping[str, str]
    controls: Mapping[str, str]


def _year(value: str) -> int:
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise ValueError("Enter a year as four digits, for example 2012")
    year = int(value)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"Enter a year from {FIRST_YEAR} to {LAST_YEAR}")
    return year


def parse_filters(params: Mapping[str, Sequence[str]], choices: Choices, *, strict: bool = True) -> CoverageFilters:
    """The filters in ``params`` ({name: [values]}), or FilterErrors. Other parameters are ignored.

    With ``strict`` False (the API, whose schema already bounds region, type and control to
    their enumerations), a region, type or control that no council has today is kept and
    matches nothing."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name in PARAMS:
        given = [value.strip() for value in params.get(name, []) if value.strip()]
        if not given:
            continue
        if len(given) > 1:
            errors[name] = f"Choose one value for {LABELS[name].lower()} only"
            continue
        value = given[0]
        try:
            if name == "region":
                if strict and value not in choices.regions:
                    raise ValueError("Choose a region from the list")
                values[name] = value
            elif name == "type":
                if strict and value not in choices.types:
                    raise ValueError("Choose a council type from the list")
                values[name] = value
            elif name == "control":
                if strict and value not in choices.controls:
                    raise ValueError("Choose a party or no overall control from the list")
                values[name] = value
            elif name == "show":
                if value not in SHOW:
                    raise ValueError("Choose what to show from the list")
                values[name] = value
            else:
                values[name] = _year(value)
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise FilterErrors(errors)
    return CoverageFilters(**values)


@dataclass(frozen=True)
class CouncilCoverage:
    id: int
    code: str  # GSS code, or the mySociety code for the few without one
    name: str
    type: str
    region: str
    control: str  # party code of the latest control on record, "noc", or "" when unknown
    control_year: int | None
    last_control_change: int | None  # the latest year on record in which control changed
    last_challenge: date | None  # the last day of its latest corporate peer challenge's visit
    challenges: int  # corporate peer challenges delivered
    last_reference: str = ""  # the latest one's reference (its page), "" when none

    def none_since(self, year: int) -> bool:
        """No corporate peer challenge since the start of financial year ``year`` (1 April)."""
        return self.last_challenge is None or self.last_challenge < date(year, 4, 1)

    def changed_since(self, year: int) -> bool:
        return self.last_control_change is not None and self.last_control_change >= year


@dataclass(frozen=True)
class CoverageResult:
    filters: CoverageFilters
    rows: list[CouncilCoverage]  # the filtered set, by name
    matching: int  # councils matching region, type, control and change of control
    without: int  # of those, with none since filters.since
    never: int  # of those, never had one
    target: list[CouncilCoverage]  # matching region, type and control: changed control, none since
    target_changed_since: int | None  # the change-of-control year the target list uses


def target_year(filters: CoverageFilters, latest_year: int | None) -> int | None:
    """The change-of-control year of the target list: the chosen one, else one electoral cycle back."""
    if filters.changed_control_since is not None:
        return filters.changed_control_since
    return latest_year - CYCLE_YEARS + 1 if latest_year is not None else None


def apply(councils: Iterable[CouncilCoverage], filters: CoverageFilters) -> CoverageResult:
    """Filter ``councils`` (every current English principal council) and count (see the module docstring)."""
    everyone = sorted(councils, key=lambda c: (c.name, c.code))
    latest = max((c.control_year for c in everyone if c.control_year), default=None)
    base = [
        c
        for c in everyone
        if (not filters.region or c.region == filters.region)
        and (not filters.type or c.type == filters.type)
        and (not filters.control or c.control == filters.control)
    ]
    since = filters.since
    changed_year = target_year(filters, latest)
    target = [c for c in base if changed_year is not None and c.changed_since(changed_year) and c.none_since(since)]
    matching = [
        c for c in base if filters.changed_control_since is None or c.changed_since(filters.changed_control_since)
    ]
    if filters.show == "without":
        rows = [c for c in matching if c.none_since(since)]
    elif filters.show == "target":
        rows = target
    else:
        rows = matching
    return CoverageResult(
        filters=filters,
        rows=rows,
        matching=len(matching),
        without=sum(1 for c in matching if c.none_since(since)),
        never=sum(1 for c in matching if c.last_challenge is None),
        target=target,
        target_changed_since=changed_year,
    )


def status(council: CouncilCoverage, since: int) -> str:
    """ "since" (one since the year), "before" (only before it) or "never"."""
    if council.last_challenge is None:
        return "never"
    return "before" if council.none_since(since) else "since"
