"""Newer GSS codes for existing councils (ONS re-coded Barnsley and Sheffield in 2025).

Two formats are read:

* tiex's derived ``england_councils_current.csv``: ``la_code, gss_code, gss_code_2025``
  (``gss_code`` must be a code the council already has, which catches a file
  joined to the wrong councils);
* ONSvisual's ``input/changes.csv``: ``oldcd, oldnm, newcd, newnm, type, start``,
  of which only ``type = new_code`` rows (same area, new code) are applied;
  mergers and new geographies are the councils dataset's business.

Only codes change: the council's current code becomes the new one and its
previous code is kept as a former code that still resolves to it. A code the
council already holds as a former code never becomes current again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tiex.core.datasets import DatasetSpec
from tiex.core.importing import ErrorCollector, ImportFailed, ImportReport, Progress, RowError, csv_header, read_csv
from tiex.councils.importers._common import Invalid, Ticker, parse_gss
from tiex.councils.models import Council, CouncilCode

DERIVED_COLUMNS = ("la_code", "gss_code", "gss_code_2025")
ONS_CHANGES_COLUMNS = ("oldcd", "newcd", "type")


@dataclass
class Recoding:
    line: int
    column: str  # the column holding the new code, for error messages
    council: Council
    new: str


def import_council_codes(path: Path, *, dataset: DatasetSpec, progress: Progress | None = None) -> ImportReport:
    """Apply newer GSS codes from the derived 2025 file or from ONSvisual's changes.csv."""
    header = set(csv_header(path))
    if set(DERIVED_COLUMNS) <= header:
        old_column, new_column, required = "gss_code", "gss_code_2025", DERIVED_COLUMNS
    elif set(ONS_CHANGES_COLUMNS) <= header:
        old_column, new_column, required = "oldcd", "newcd", ONS_CHANGES_COLUMNS
    else:
        expected = (
            f"{', '.join(DERIVED_COLUMNS)} (tiex's 2025 file) or {', '.join(ONS_CHANGES_COLUMNS)} (ONS changes.csv)"
        )
        raise ImportFailed([RowError(path.name, 1, None, f"expected the columns {expected}")])
    rows = list(read_csv(path, required))
    errors = ErrorCollector(path)
    ticker = Ticker(progress, len(rows))
    councils = {c.pk: c for c in Council.objects.only("id", "la_code", "gss_code", "name")}
    by_la_code = {c.la_code: c for c in councils.values()}
    owners = {
        code: (cid, current)
        for code, cid, current in CouncilCode.objects.values_list("code", "council_id", "is_current")
    }
    for known in councils.values():
        if known.gss_code:
            owners.setdefault(known.gss_code, (known.pk, True))

    report = ImportReport(rows=len(rows))
    recodings: list[Recoding] = []
    seen: dict[int, int] = {}
    for line, row in rows:
        ticker.tick()
        if old_column == "oldcd" and row["type"] != "new_code":
            report.skipped += 1
            continue
        codes: dict[str, str | None] = {}
        for column in (old_column, new_column):
            try:
                codes[column] = parse_gss(row[column]) if row[column] else None
            except Invalid as exc:
                errors.add(line, column, str(exc))
        if len(codes) < 2:
            continue
        old, new = codes[old_column], codes[new_column]
        council: Council | None
        if "la_code" in row:
            council = by_la_code.get(row["la_code"])
            if council is None:
                errors.add(
                    line, "la_code", f"no council has the code {row['la_code']!r}; import the councils dataset first"
                )
                continue
            if old and owners.get(old, (None,))[0] != council.pk:
                errors.add(line, old_column, f"{old} is not a code of {council.name} ({council.la_code})")
                continue
        else:
            owner = owners.get(old or "")
            if owner is None:
                errors.add(line, old_column, f"no council has the code {old!r}; import the councils dataset first")
                continue
            council = councils[owner[0]]
        if council.pk in seen:
            errors.add(line, old_column, f"{council.name} is also re-coded on line {seen[council.pk]}")
            continue
        seen[council.pk] = line
        owner = owners.get(new or "")
        if new is None or new == council.gss_code or owner == (council.pk, False):
            report.unchanged += 1  # nothing new, or a former code, which never becomes current again
        elif owner is not None:
            errors.add(line, new_column, f"{new} already belongs to {councils[owner[0]].name}")
        else:
            recodings.append(Recoding(line, new_column, council, new))
    claimed: dict[str, int] = {}
    for recoding in recodings:
        if recoding.new in claimed:
            errors.add(
                recoding.line, recoding.column, f"{recoding.new} is also the new code on line {claimed[recoding.new]}"
            )
        claimed[recoding.new] = recoding.line
    errors.raise_if_any()

    for recoding in recodings:
        council = recoding.council
        if council.gss_code:
            CouncilCode.objects.update_or_create(
                code=council.gss_code, defaults={"council": council, "is_current": False}
            )
        CouncilCode.objects.update_or_create(code=recoding.new, defaults={"council": council, "is_current": True})
        report.notes.append(f"{council.name}: {council.gss_code or 'no code'} -> {recoding.new}")
        council.gss_code = recoding.new
    Council.objects.bulk_update([r.council for r in recodings], ["gss_code"])
    report.updated = len(recodings)
    ticker.finish()
    return report
