"""Reads for coverage: every council with its last corporate peer challenge, and the map of it.

The coverage page, its CSV download and the API's /peer-challenges/coverage all call
``coverage(params)``: three queries whatever the number of councils (the councils, their
last corporate peer challenge, their last change of control); filtering and counting are
in the pure module coverage.py. ``coverage_on(day)`` gives the same rows as they stood on
a past day (the councils that existed then, the challenges delivered before it): the demo's
calibration and the yearly figures use it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from tiex.core.selectors import data_version
from tiex.councils import selectors as councils
from tiex.councils.models import PRINCIPAL_TYPES, Control, Council, CouncilType, Nation
from tiex.partnerships import map_selectors
from tiex.peer_challenges import coverage as cov
from tiex.peer_challenges import financial_years as fy
from tiex.peer_challenges.models import Challenge

TYPE_NAMES = dict(CouncilType.choices)
CONTROL_NAMES = dict(Control.choices)
COUNCIL_FIELDS = ("id", "gss_code", "la_code", "name", "type", "region", "control", "control_year")
# Map fills by status (colour is never the only carrier: each area has a title, the table says it all).
FILLS = {"since": "#1d70b8", "before": "#f47738", "never": "#d4351c", "": "#f3f2f1"}
STATUS_LABELS = {
    "since": "Corporate peer challenge since {year}",
    "before": "Only before {year}",
    "never": "Never had one",
    "": "Not in this selection (or a county: see the table)",
}


def corporate_challenges(on: date) -> dict[int, tuple[date | None, int, str]]:
    """(last visit end, number, the last one's reference) of the corporate peer challenges delivered
    by ``on``, by council id: one query, the latest of each council winning as the rows go by."""
    rows = (
        Challenge.objects.delivered(on=on)
        .filter(kind__counts_as_corporate=True)
        .order_by("council_id", "visit_end", "pk")
        .values_list("council_id", "visit_end", "reference")
    )
    found: dict[int, tuple[date | None, int, str]] = {}
    for council_id, visit_end, reference in rows.iterator(chunk_size=2000):
        number = found[council_id][1] + 1 if council_id in found else 1
        found[council_id] = (visit_end, number, reference)
    return found


def _rows(queryset: object, on: date) -> list[cov.CouncilCoverage]:
    councils_rows = list(queryset.values_list(*COUNCIL_FIELDS))  # type: ignore[attr-defined]
    challenges = corporate_challenges(on)
    changes = councils.last_control_changes(queryset.values("id"))  # type: ignore[attr-defined]
    rows = []
    for pk, gss, la_code, name, kind, region, control, control_year in councils_rows:
        last, number, reference = challenges.get(pk, (None, 0, ""))
        rows.append(
            cov.CouncilCoverage(
                id=pk,
                code=gss or la_code,
                name=name,
                type=kind,
                region=region,
                control=control,
                control_year=control_year,
                last_control_change=changes.get(pk),
                last_challenge=last,
                challenges=number,
                last_reference=reference,
            )
        )
    return rows


def coverage_councils() -> list[cov.CouncilCoverage]:
    """Every current English principal council with its coverage (three queries)."""
    queryset = Council.objects.principal().filter(nation=Nation.ENGLAND).order_by()
    return _rows(queryset, timezone.localdate())


def coverage_on(day: date) -> list[cov.CouncilCoverage]:
    """The English principal councils that existed on ``day``, with the challenges delivered before it."""
    queryset = (
        Council.objects.filter(nation=Nation.ENGLAND, type__in=PRINCIPAL_TYPES)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .order_by()
    )
    return _rows(queryset, day - timedelta(days=1))


def choices(rows: Sequence[cov.CouncilCoverage]) -> cov.Choices:
    """What the filters accept: the regions and types of these councils, and every control code."""
    regions = sorted({row.region for row in rows if row.region})
    types = {code: TYPE_NAMES[code] for code in TYPE_NAMES if any(row.type == code for row in rows)}
    return cov.Choices(regions=regions, types=types, controls=CONTROL_NAMES)


@dataclass(frozen=True)
class Coverage:
    result: cov.CoverageResult
    choices: cov.Choices


def coverage(params: Mapping[str, Sequence[str]], *, strict: bool = True) -> Coverage:
    """The coverage of the filters in ``params`` (GET parameters); raises coverage.FilterErrors
    (``strict``: see coverage.parse_filters)."""
    rows = coverage_councils()
    found = choices(rows)
    filters = cov.parse_filters(params, found, strict=strict)
    return Coverage(result=cov.apply(rows, filters), choices=found)


# --- The map -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    path: str
    fill: str
    label: str


@dataclass(frozen=True)
class LegendItem:
    fill: str
    label: str


@dataclass(frozen=True)
class CoverageMap:
    view_box: str
    areas: tuple[MapArea, ...]
    legend: tuple[LegendItem, ...]


def coverage_map(result: cov.CoverageResult) -> CoverageMap | None:
    """The filtered councils' areas shaded by their status (districts, unitaries, London and
    metropolitan boroughs tile England; counties are in the table). The projected boundaries are
    the Shared Services Map's, cached under the councils' data version (one query for it)."""
    base = map_selectors.basemap(data_version())
    if base is None:
        return None
    since = result.filters.since
    since_label = fy.label(since)
    by_code = {row.code: cov.status(row, since) for row in result.rows}
    areas = []
    for outline in base.outlines:
        state = by_code.get(outline.gss, "")
        label = STATUS_LABELS[state].format(year=since_label)
        areas.append(MapArea(outline.gss, outline.name, outline.path, FILLS[state], label))
    legend = tuple(LegendItem(FILLS[state], text.format(year=since_label)) for state, text in STATUS_LABELS.items())
    return CoverageMap(base.view_box, tuple(areas), legend)
