"""Political composition and control: Open Council Data UK's history CSV.

Each row is one council in one year: total seats, seats per party (con, lab,
ld, green, ukip, ref, pc, snp, other) and the source's own ``majority`` label.
A row is matched to a council by, in order: a ``gss_code`` column when the
file has one (the derived *_with_codes.csv), the Open Council Data id
(``council id``, or ``council_id_ocd`` in the derived file) against
Council.ocd_id, then the authority name against *current* councils. Control
is worked out from the seats by tiex.councils.control (see docs/data.md), not
taken from the ``majority`` label, whose styles vary.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from tiex.core.datasets import DatasetSpec
from tiex.core.importing import ErrorCollector, ImportFailed, ImportReport, Progress, RowError, csv_header, read_csv
from tiex.councils.control import PARTIES, control_changes, control_from_seats
from tiex.councils.importers._common import Invalid, Ticker, parse_int
from tiex.councils.importers.matching import NameIndex
from tiex.councils.models import ControlYear, Council, CouncilCode
from tiex.councils.services import council_refresh_control

FIRST_YEAR = 1973  # the first elections to today's county and district councils
ID_COLUMNS = ("council id", "council_id_ocd")
MAX_SEATS = 32767


@dataclass
class ControlRecord:
    line: int
    council_id: int
    year: int
    total: int
    seats: dict[str, int]
    majority_label: str
    control: str


def _match_council(
    row: dict[str, str],
    id_column: str | None,
    by_code: dict[str, int],
    by_ocd: dict[int, list[tuple[int, bool]]],
    names: NameIndex,
) -> tuple[int | None, str | None, str]:
    """(council id, failing column, message) for one row."""
    if row.get("gss_code"):
        council_id = by_code.get(row["gss_code"].upper())
        if council_id is None:
            return None, "gss_code", f"no council has the GSS code {row['gss_code']!r}"
        return council_id, None, ""
    if id_column and row[id_column]:
        try:
            ocd = parse_int(row[id_column], minimum=1)
        except Invalid as exc:
            return None, id_column, str(exc)
        candidates = by_ocd.get(ocd, [])
        if candidates:
            return sorted(candidates, key=lambda c: not c[1])[0][0], None, ""
    matches = names.current(row["authority"])
    if len(matches) == 1:
        return matches[0], None, ""
    if matches:
        return None, "authority", f"{row['authority']!r} matches {len(matches)} current councils"
    return None, "authority", f"no current council is called {row['authority']!r} (and its council id is unknown)"


def import_control(path: Path, *, dataset: DatasetSpec, progress: Progress | None = None) -> ImportReport:
    """Upsert ControlYear rows on (council, year), recompute control_changed, refresh Council.control."""
    header = csv_header(path)
    id_column = next((column for column in ID_COLUMNS if column in header), None)
    if id_column is None and "gss_code" not in header:
        raise ImportFailed(
            [RowError(path.name, 1, None, "needs a 'council id' (or 'council_id_ocd' or 'gss_code') column")]
        )
    rows = list(read_csv(path, ["authority", "year", "total", *PARTIES]))
    errors = ErrorCollector(path)
    ticker = Ticker(progress, len(rows) * 2)

    by_code = dict(CouncilCode.objects.values_list("code", "council_id"))
    by_ocd: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for council_id, ocd, current in Council.objects.filter(ocd_id__isnull=False).values_list(
        "id", "ocd_id", "is_current"
    ):
        if ocd is not None:
            by_ocd[ocd].append((council_id, current))
    names = NameIndex.build()
    last_year = datetime.date.today().year + 1

    records: dict[tuple[int, int], ControlRecord] = {}
    for line, row in rows:
        ticker.tick()
        before = len(errors.errors)
        numbers: dict[str, int] = {}
        for column, low, high in [("year", FIRST_YEAR, last_year), ("total", 0, MAX_SEATS)] + [
            (p, 0, MAX_SEATS) for p in PARTIES
        ]:
            try:
                numbers[column] = parse_int(
                    row[column] or "0" if column in PARTIES else row[column], minimum=low, maximum=high
                )
            except Invalid as exc:
                errors.add(line, column, str(exc) if row[column] else "is required")
        if len(numbers) == 2 + len(PARTIES):
            seated = sum(numbers[p] for p in PARTIES)
            if seated > numbers["total"]:
                errors.add(line, "total", f"the parties hold {seated} seats, more than the total of {numbers['total']}")
        matched, failing_column, message = _match_council(row, id_column, by_code, by_ocd, names)
        if matched is None:
            errors.add(line, failing_column, message)
        if len(errors.errors) > before or matched is None:
            continue
        council_id = matched
        key = (council_id, numbers["year"])
        if key in records:
            errors.add(
                line, "year", f"a second {numbers['year']} row for this council (first on line {records[key].line})"
            )
            continue
        seats = {party: numbers[party] for party in PARTIES if numbers[party]}
        records[key] = ControlRecord(
            line=line,
            council_id=council_id,
            year=numbers["year"],
            total=numbers["total"],
            seats=seats,
            majority_label=row.get("majority", "")[:60],
            control=control_from_seats(seats, numbers["total"]),
        )
    errors.raise_if_any()
    report = _apply(records, len(rows))
    ticker.finish()
    return report


def _apply(records: dict[tuple[int, int], ControlRecord], row_count: int) -> ImportReport:
    council_ids = {council_id for council_id, _ in records}
    existing = {(row.council_id, row.year): row for row in ControlYear.objects.filter(council_id__in=council_ids)}

    # Control by year for each council, from the file over what is already stored.
    controls: dict[int, dict[int, str]] = defaultdict(dict)
    for (council_id, year), row in existing.items():
        controls[council_id][year] = row.control
    for (council_id, year), record in records.items():
        controls[council_id][year] = record.control
    changes = {council_id: control_changes(by_year) for council_id, by_year in controls.items()}

    report = ImportReport(rows=row_count)
    to_create: list[ControlYear] = []
    to_update: list[ControlYear] = []
    for key, record in records.items():
        values = {
            "total_seats": record.total,
            "seats": record.seats,
            "majority_label": record.majority_label,
            "control": record.control,
            "control_changed": changes[record.council_id][record.year],
        }
        stored = existing.get(key)
        if stored is None:
            to_create.append(ControlYear(council_id=record.council_id, year=record.year, **values))
        elif any(getattr(stored, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(stored, name, value)
            to_update.append(stored)
        else:
            report.unchanged += 1
    # Rows not in the file whose neighbouring year was added or changed.
    knock_on = []
    for key, row in existing.items():
        if key not in records and row.control_changed != changes[key[0]][key[1]]:
            row.control_changed = changes[key[0]][key[1]]
            knock_on.append(row)
    fields = ["total_seats", "seats", "majority_label", "control", "control_changed"]
    ControlYear.objects.bulk_create(to_create, batch_size=500)
    ControlYear.objects.bulk_update(to_update + knock_on, fields, batch_size=500)
    refreshed = council_refresh_control(council_ids=council_ids)

    report.created, report.updated = len(to_create), len(to_update)
    if knock_on:
        report.notes.append(f"control_changed recomputed on {len(knock_on)} stored rows not in this file.")
    if refreshed:
        report.notes.append(f"Latest control updated on {refreshed} councils.")
    return report
