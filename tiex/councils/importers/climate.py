"""Councils' climate commitments: net zero promises and climate emergency declarations.

Both files come from mySociety and Climate Emergency UK's la-plans-promises repository
(CC BY 4.0), one row per council and scope (``promises.csv``) or per council
(``declarations.csv``). Rows are matched to councils on ``local-authority-code`` (mySociety's
code, ``Council.la_code``), else on ``gss_code``; a row with neither is skipped with a
warning (two declarations, of councils since abolished or misspelt). Upserts are keyed on
(council, scope) and on the council, and the file is the whole register: rows of councils no
longer in it are deleted. A code that matches no council, a key given twice or an over-long
value is a row error and nothing is imported.

Values a visitor must not see as fact become warnings with the value left out: a target
year that is not a year from 2000 to 2100, a declaration date that is not a date or is in
the future. A date the source gives only to the month ("05/2019") or year ("2019") is kept
at that precision (``date_precision``), as the first day of the month or year. Each warning
starts with the council's name and codes. Links that are not web addresses (the source has
"Loading..." and "#ERROR!" in place of many motion links) are left out and counted in a
note; the source's own label for the link (``motion_link``: "Link", "Link to pledges") is
kept, so the profile can say what the link is.
"""

from __future__ import annotations

import datetime
import math
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

from tiex.core.datasets import DatasetSpec
from tiex.core.importing import ErrorCollector, ImportReport, Progress, read_csv
from tiex.councils.importers._common import Ticker, code_owners
from tiex.councils.models import ClimateEmergencyDeclaration, Council, DatePrecision, NetZeroCommitment

PROMISE_COLUMNS = ("local-authority-code", "council", "scope", "target", "wording", "source_url", "gss_code")
DECLARATION_COLUMNS = (
    "local-authority-code",
    "council",
    "made_declaration",
    "date_made",
    "motion_url",
    "carbon_neutral_date",
    "carbon_neutral_whole_date",
    "gss_code",
)
YEARS = (2000, 2100)
# Date formats the source uses, with how much of the date each gives.
DATE_FORMATS = (
    ("%d/%m/%Y", DatePrecision.DAY),
    ("%Y-%m-%d", DatePrecision.DAY),
    ("%m/%Y", DatePrecision.MONTH),
    ("%Y-%m", DatePrecision.MONTH),
    ("%Y", DatePrecision.YEAR),
)
_URL = URLValidator(schemes=["http", "https"])


class _Rows:
    """What the two importers share: council lookup, value checks, warnings and the link count."""

    def __init__(self, path: Path, report: ImportReport, errors: ErrorCollector):
        self.report = report
        self.errors = errors
        councils = [
            (council_id, la_code, official or name, gss)
            for council_id, la_code, name, official, gss in Council.objects.values_list(
                "id", "la_code", "name", "official_name", "gss_code"
            )
        ]
        self.by_code = {la_code: council_id for council_id, la_code, _, _ in councils}
        self.by_gss = {code: council_id for code, (council_id, _) in code_owners().items()}
        # "Derbyshire County Council (E10000007, DBY)": how each warning names its council.
        self.names = {
            council_id: f"{name} ({', '.join(code for code in (gss, la_code) if code)})"
            for council_id, la_code, name, gss in councils
        }
        self.bad_links = 0
        self.today = timezone.localdate()

    def council(self, line: int, row: dict[str, str]) -> int | None:
        code, gss = row["local-authority-code"], row["gss_code"].upper()
        if code:
            found = self.by_code.get(code)
            if found is None:
                self.errors.add(line, "local-authority-code", f"no council has the code {code!r}")
            return found
        if gss:
            found = self.by_gss.get(gss)
            if found is None:
                self.errors.add(line, "gss_code", f"no council has the GSS code {gss!r}")
            return found
        self.report.warn(
            line,
            "local-authority-code",
            f"{row['council'] or 'A council'} (no code): the row has no local-authority-code or gss_code",
            action="row skipped",
        )
        self.report.skipped += 1
        return None

    def text(self, line: int, row: dict[str, str], column: str, limit: int | None = None) -> str:
        value = row.get(column, "")
        if limit is not None and len(value) > limit:
            self.errors.add(line, column, f"is longer than {limit} characters")
        return value

    def url(self, value: str) -> str:
        if not value:
            return ""
        try:
            _URL(value)
        except ValidationError:
            self.bad_links += 1
            return ""
        return value if len(value) <= 1000 else ""

    def warn(self, council_id: int, line: int, column: str, message: str, *, action: str) -> None:
        self.report.warn(line, column, f"{self.names.get(council_id, 'A council')}: {message}", action=action)

    def year(self, council_id: int, line: int, column: str, value: str) -> int | None:
        """A target year ("2030" or "2030.0"); anything else is a warning and no year."""
        if not value or value.lower() == "none":
            return None
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if math.isfinite(number) and number.is_integer() and YEARS[0] <= number <= YEARS[1]:
            return int(number)
        self.warn(
            council_id,
            line,
            column,
            f"{value!r} is not a year from {YEARS[0]} to {YEARS[1]}",
            action="shown without a year",
        )
        return None

    def date(self, council_id: int, line: int, column: str, value: str) -> tuple[datetime.date | None, str]:
        """A date and its precision: "30/05/2019" (day), "05/2019" (month) or "2019" (year), or ISO.

        Not a date, or in the future (for a month or year: starting after today), is a
        warning and no date.
        """
        value = value.strip()
        if not value:
            return None, DatePrecision.DAY
        for pattern, precision in DATE_FORMATS:
            try:
                parsed = datetime.datetime.strptime(value, pattern).date()
            except ValueError:
                continue
            if parsed > self.today:
                self.warn(council_id, line, column, f"{value!r} is in the future", action="shown without a date")
                return None, DatePrecision.DAY
            return parsed, precision
        self.warn(
            council_id,
            line,
            column,
            f"{value!r} is not a date (day/month/year, month/year or year)",
            action="shown without a date",
        )
        return None, DatePrecision.DAY

    def finish_notes(self) -> None:
        if self.bad_links:
            self.report.notes.append(
                f"{self.bad_links:,} links were not web addresses (the source has 'Loading...' or "
                "'#ERROR!' for some) and are left out."
            )


Wanted = dict[tuple[Any, ...], dict[str, Any]]


def _upsert(model: type[models.Model], key_fields: tuple[str, ...], wanted: Wanted, report: ImportReport) -> None:
    """Make ``model``'s rows exactly ``wanted`` (key -> values), touching only what differs."""
    manager = model._default_manager
    have = {tuple(getattr(row, name) for name in key_fields): row for row in manager.all()}
    fields = sorted({name for values in wanted.values() for name in values})
    to_create, to_update = [], []
    for key, values in wanted.items():
        row = have.get(key)
        if row is None:
            to_create.append(model(**dict(zip(key_fields, key, strict=True)), **values))
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            to_update.append(row)
    stale = [row.pk for key, row in have.items() if key not in wanted]
    manager.filter(pk__in=stale).delete()
    manager.bulk_create(to_create, batch_size=500)
    if to_update:
        manager.bulk_update(to_update, fields, batch_size=500)
    report.created += len(to_create)
    report.updated += len(to_update)
    report.unchanged += len(wanted) - len(to_create) - len(to_update)
    if stale:
        report.notes.append(f"Removed {len(stale):,} rows no longer in the file.")


def import_net_zero_commitments(path: Path, *, dataset: DatasetSpec, progress: Progress | None = None) -> ImportReport:
    """mySociety / CEUK ``promises.csv``: one row per council and scope (council operations, whole area ...)."""
    rows = list(read_csv(path, PROMISE_COLUMNS))
    report = ImportReport(rows=len(rows))
    errors = ErrorCollector(path)
    shared = _Rows(path, report, errors)
    ticker = Ticker(progress, len(rows))
    wanted: dict[tuple[Any, ...], dict[str, Any]] = {}
    lines: dict[tuple[Any, ...], int] = {}
    for line, row in rows:
        ticker.tick()
        council_id = shared.council(line, row)
        scope = shared.text(line, row, "scope", 60)
        if not scope:
            errors.add(line, "scope", "is required")
        if council_id is None or not scope:
            continue
        key = (council_id, scope)
        if key in lines:
            errors.add(line, "scope", f"{scope!r} for this council also appears on line {lines[key]}")
            continue
        lines[key] = line
        wanted[key] = {
            "target_year": shared.year(council_id, line, "target", row["target"]),
            "wording": row["wording"],
            "source_url": shared.url(row["source_url"]),
            "source_name": shared.text(line, row, "source_name", 300),
            "notes": row.get("notes", ""),
        }
    errors.raise_if_any()
    _upsert(NetZeroCommitment, ("council_id", "scope"), wanted, report)
    shared.finish_notes()
    ticker.finish()
    return report


def _made(answer: str) -> bool | None:
    first = answer[:1].upper()
    return True if first == "Y" else False if first == "N" else None


def import_climate_emergency_declarations(
    path: Path, *, dataset: DatasetSpec, progress: Progress | None = None
) -> ImportReport:
    """mySociety / CEUK ``declarations.csv``: one row per council, whether and when it declared."""
    rows = list(read_csv(path, DECLARATION_COLUMNS))
    report = ImportReport(rows=len(rows))
    errors = ErrorCollector(path)
    shared = _Rows(path, report, errors)
    ticker = Ticker(progress, len(rows))
    wanted: dict[tuple[Any, ...], dict[str, Any]] = {}
    lines: dict[int, int] = {}
    for line, row in rows:
        ticker.tick()
        council_id = shared.council(line, row)
        answer = shared.text(line, row, "made_declaration", 300)
        area_target = shared.text(line, row, "carbon_neutral_whole_date", 300)
        if council_id is None:
            continue
        if council_id in lines:
            errors.add(line, "local-authority-code", f"this council also appears on line {lines[council_id]}")
            continue
        lines[council_id] = line
        date_made, precision = shared.date(council_id, line, "date_made", row["date_made"])
        wanted[(council_id,)] = {
            "made_declaration": _made(answer),
            "declaration_text": answer,
            "date_made": date_made,
            "date_precision": precision,
            "motion_url": shared.url(row["motion_url"]),
            "link_label": shared.text(line, row, "motion_link", 300),
            "council_target_year": shared.year(council_id, line, "carbon_neutral_date", row["carbon_neutral_date"]),
            "area_target": "" if area_target.lower() == "none" else area_target,
            "notes": row.get("notes", ""),
        }
    errors.raise_if_any()
    _upsert(ClimateEmergencyDeclaration, ("council_id",), wanted, report)
    shared.finish_notes()
    ticker.finish()
    return report
