"""The council list: mySociety's uk_local_authorities.csv, and the 2025 GSS re-codings.

Councils are upserted on the mySociety code (``la_code``), which never changes;
GSS codes do (ONS re-coded Barnsley and Sheffield in 2025), so every code a
council has had is kept as a ``CouncilCode`` and resolves to it.

The re-coding rule: a code a council already holds as a *former* code never
becomes its current code again. Re-importing the mySociety file (which still
carries Barnsley's pre-2025 code) after the 2025 codes therefore leaves
Barnsley on E08000038, with E08000016 resolving to it as a former code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

from tiex.core.datasets import DatasetSpec
from tiex.core.importing import ErrorCollector, ImportReport, Progress, read_csv
from tiex.councils.importers._common import (
    Invalid,
    Ticker,
    parse_bool,
    parse_date,
    parse_float,
    parse_gss,
    parse_int,
)
from tiex.councils.importers.checks import check_records
from tiex.councils.models import Council, CouncilCode, CouncilType, Nation, Powers
from tiex.councils.names import search_names, split_alt_names

MYSOCIETY_COLUMNS = (
    "local-authority-code",
    "official-name",
    "nice-name",
    "gss-code",
    "start-date",
    "end-date",
    "replaced-by",
    "nation",
    "region",
    "local-authority-type",
    "county-la",
    "combined-authority",
    "alt-names",
    "former-gss-codes",
    "current-authority",
    "gov-uk-slug",
    "area",
    "pop-2020",
    "lat",
    "long",
    "powers",
    "open-council-data-id",
)

# Model fields set straight from one row, compared to decide "unchanged".
SIMPLE_FIELDS = (
    "gss_code",
    "ocd_id",
    "official_name",
    "name",
    "alt_names",
    "search_names",
    "type",
    "powers",
    "region",
    "nation",
    "start_date",
    "end_date",
    "is_current",
    "population_2020",
    "area_km2",
    "latitude",
    "longitude",
    "gov_uk_slug",
    "corrections",
)
MAX_LENGTHS = {"local-authority-code": 10, "official-name": 200, "nice-name": 150, "region": 60, "gov-uk-slug": 100}


@dataclass
class CouncilRecord:
    line: int
    la_code: str
    values: dict[str, Any]
    gss_code: str | None
    former_codes: list[str]
    county: str
    combined_authority: str
    successors: list[str]
    names: list[str] = field(default_factory=list)


def _split_codes(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def _parse_row(line: int, row: dict[str, str], errors: ErrorCollector) -> CouncilRecord | None:
    problems_before = len(errors.errors)

    def check(column: str, parse: Any, **kwargs: Any) -> Any:
        value = row[column]
        if value == "":
            return None
        try:
            return parse(value, **kwargs)
        except Invalid as exc:
            errors.add(line, column, str(exc))
            return None

    for column, limit in MAX_LENGTHS.items():
        if len(row[column]) > limit:
            errors.add(line, column, f"is longer than {limit} characters")
    for column in ("local-authority-code", "official-name", "nice-name"):
        if not row[column]:
            errors.add(line, column, "is required")
    choices = {
        "local-authority-type": CouncilType.values,
        "nation": Nation.values,
        "powers": [*Powers.values, ""],
    }
    for column, allowed in choices.items():
        if row[column] not in allowed:
            errors.add(line, column, f"{row[column]!r} is not one of {', '.join(v for v in allowed if v)}")

    gss_code = check("gss-code", parse_gss)
    former_codes = []
    for code in _split_codes(row["former-gss-codes"]):
        try:
            former_codes.append(parse_gss(code))
        except Invalid as exc:
            errors.add(line, "former-gss-codes", str(exc))
    if gss_code and gss_code in former_codes:
        errors.add(line, "former-gss-codes", f"{gss_code} is also the current gss-code")
    start_date = check("start-date", parse_date)
    end_date = check("end-date", parse_date)
    if start_date and end_date and end_date < start_date:
        errors.add(line, "end-date", f"{end_date} is before the start date {start_date}")
    is_current = check("current-authority", parse_bool)
    if is_current is None and not any(e.field == "current-authority" for e in errors.errors[problems_before:]):
        errors.add(line, "current-authority", "is required (True or False)")
    values = {
        "ocd_id": check("open-council-data-id", parse_int, minimum=1, maximum=2_147_483_647),
        "population_2020": check("pop-2020", parse_int, minimum=0, maximum=2_147_483_647),
        "area_km2": check("area", parse_float, minimum=0),
        "latitude": check("lat", parse_float, minimum=-90, maximum=90),
        "longitude": check("long", parse_float, minimum=-180, maximum=180),
    }
    if len(errors.errors) > problems_before:
        return None
    name, official_name = row["nice-name"], row["official-name"]
    own = {name.lower(), official_name.lower()}
    alt_names = [alt for alt in split_alt_names(row["alt-names"]) if alt.lower() not in own]
    values.update(
        {
            "official_name": official_name,
            "name": name,
            "alt_names": "\n".join(alt_names),
            "type": row["local-authority-type"],
            "powers": row["powers"],
            "region": row["region"],
            "nation": row["nation"],
            "start_date": start_date,
            "end_date": end_date,
            "is_current": is_current,
            "gov_uk_slug": row["gov-uk-slug"],
        }
    )
    return CouncilRecord(
        line=line,
        la_code=row["local-authority-code"],
        values=values,
        gss_code=gss_code,
        former_codes=former_codes,
        county=row["county-la"],
        combined_authority=row["combined-authority"],
        successors=_split_codes(row["replaced-by"]),
        names=[name, official_name, *alt_names],
    )


def _check_references(records: dict[str, CouncilRecord], known: set[str], errors: ErrorCollector) -> None:
    for record in records.values():
        for column, codes in (
            ("county-la", [record.county] if record.county else []),
            ("combined-authority", [record.combined_authority] if record.combined_authority else []),
            ("replaced-by", record.successors),
        ):
            for code in codes:
                if code not in known:
                    errors.add(
                        record.line, column, f"{code!r} is not a local-authority-code in this file or the database"
                    )
                elif code == record.la_code:
                    errors.add(record.line, column, "refers to the council itself")


def import_councils(path: Path, *, dataset: DatasetSpec, progress: Progress | None = None) -> ImportReport:
    """Upsert councils from mySociety's uk_local_authorities.csv (keyed on local-authority-code).

    What the file gets wrong (record dates as start dates, future dates, regions and county
    centroids that disagree with the districts) is fixed as checks.py says, with a warning.
    """
    errors = ErrorCollector(path)
    rows = list(read_csv(path, MYSOCIETY_COLUMNS))
    ticker = Ticker(progress, len(rows) * 2)
    records: dict[str, CouncilRecord] = {}
    for line, row in rows:
        record = _parse_row(line, row, errors)
        ticker.tick()
        if record is None:
            continue
        if record.la_code in records:
            errors.add(
                line, "local-authority-code", f"{record.la_code} also appears on line {records[record.la_code].line}"
            )
            continue
        records[record.la_code] = record

    existing = {council.la_code: council for council in Council.objects.defer("boundary")}
    _check_references(records, set(records) | set(existing), errors)
    report = ImportReport(rows=len(rows))
    plan = _CodePlan(records, existing, errors, report)
    errors.raise_if_any()
    check_records(records, report, timezone.localdate())

    # Names of the councils each council replaced, so searching an old name finds its successor.
    predecessors: dict[str, list[str]] = {}
    for record in records.values():
        for successor in record.successors:
            predecessors.setdefault(successor, []).extend(record.names[:2])
    for record in records.values():
        record.values["search_names"] = search_names(record.names, predecessors.get(record.la_code, []))
        record.values["gss_code"] = plan.final_gss[record.la_code]

    changed: set[str] = set()
    to_create: list[Council] = []
    to_update: list[Council] = []
    recoded: list[Council] = []
    for la_code, record in records.items():
        council = existing.get(la_code)
        if council is None:
            to_create.append(Council(la_code=la_code, **record.values))
            continue
        if any(getattr(council, name) != value for name, value in record.values.items()):
            if council.gss_code != record.values["gss_code"] and council.gss_code is not None:
                recoded.append(council)
            for name, value in record.values.items():
                setattr(council, name, value)
            to_update.append(council)
            changed.add(la_code)
    if recoded:  # free the old codes first, so two councils may swap codes without a unique clash
        Council.objects.filter(pk__in=[c.pk for c in recoded]).update(gss_code=None)
    Council.objects.bulk_create(to_create, batch_size=500)
    Council.objects.bulk_update(to_update, SIMPLE_FIELDS, batch_size=500)
    ticker.tick(len(rows) // 2)

    ids = dict(Council.objects.values_list("la_code", "id"))
    changed |= _apply_parents(records, ids)
    changed |= _apply_successors(records, ids)
    changed |= plan.apply(ids)
    ticker.finish()

    report.created = len(to_create)
    report.updated = len(changed - {c.la_code for c in to_create})
    report.unchanged = len(records) - report.created - report.updated
    return report


def _apply_parents(records: dict[str, CouncilRecord], ids: dict[str, int]) -> set[str]:
    """Set county and combined authority; returns the la_codes that changed."""
    councils = Council.objects.filter(la_code__in=list(records)).only(
        "id", "la_code", "county_id", "combined_authority_id"
    )
    changed = []
    for council in councils:
        record = records[council.la_code]
        county_id = ids[record.county] if record.county else None
        combined_id = ids[record.combined_authority] if record.combined_authority else None
        if (council.county_id, council.combined_authority_id) != (county_id, combined_id):
            council.county_id, council.combined_authority_id = county_id, combined_id
            changed.append(council)
    Council.objects.bulk_update(changed, ["county", "combined_authority"], batch_size=500)
    return {council.la_code for council in changed}


def _apply_successors(records: dict[str, CouncilRecord], ids: dict[str, int]) -> set[str]:
    """Make each council's successors those in the file; returns the la_codes that changed."""
    through = Council.successors.through
    by_id = {ids[la_code]: la_code for la_code in records}
    wanted = {(ids[la_code], ids[successor]) for la_code, r in records.items() for successor in r.successors}
    have = {
        (source, target): pk
        for pk, source, target in through.objects.filter(from_council_id__in=list(by_id)).values_list(
            "pk", "from_council_id", "to_council_id"
        )
    }
    stale = [pk for pair, pk in have.items() if pair not in wanted]
    new = [pair for pair in wanted if pair not in have]
    through.objects.filter(pk__in=stale).delete()
    through.objects.bulk_create([through(from_council_id=s, to_council_id=t) for s, t in new], batch_size=500)
    return {by_id[source] for source, _ in new} | {by_id[source] for (source, _), pk in have.items() if pk in stale}


class _CodePlan:
    """Works out each council's current GSS code and its CouncilCode rows, and checks for clashes."""

    def __init__(
        self,
        records: dict[str, CouncilRecord],
        existing: dict[str, Council],
        errors: ErrorCollector,
        report: ImportReport,
    ):
        self.records = records
        owners = {
            code: (la_code, current)
            for code, la_code, current in CouncilCode.objects.values_list("code", "council__la_code", "is_current")
        }
        self.owners = owners
        self.final_gss: dict[str, str | None] = {}
        claimed: dict[str, tuple[str, int]] = {}  # code -> (la_code, line)
        kept = []
        for la_code, record in records.items():
            gss = record.gss_code
            council = existing.get(la_code)
            if gss and council and council.gss_code and owners.get(gss) == (la_code, False):
                kept.append(f"{record.values['name']} keeps {council.gss_code} ({gss} is a former code)")
                gss = council.gss_code
            self.final_gss[la_code] = gss
            for code, column in [(gss, "gss-code"), *((c, "former-gss-codes") for c in record.former_codes)]:
                if code is None:
                    continue
                if code in claimed and claimed[code][0] != la_code:
                    errors.add(
                        record.line, column, f"{code} is also a code of {claimed[code][0]} (line {claimed[code][1]})"
                    )
                claimed[code] = (la_code, record.line)
                owner = owners.get(code)
                if owner and owner[0] != la_code and owner[0] not in records:
                    errors.add(record.line, column, f"{code} already belongs to {owner[0]}, which is not in this file")
        for council in existing.values():
            if council.la_code not in records and council.gss_code in claimed:
                code = council.gss_code
                errors.add(claimed[code][1], "gss-code", f"{code} is the code of {council.la_code}, not in this file")
        if kept:
            report.notes.append("Kept newer GSS codes: " + "; ".join(kept) + ".")

    def apply(self, ids: dict[str, int]) -> set[str]:
        """Create or update CouncilCode rows (codes are never deleted); returns the la_codes that changed."""
        wanted: dict[str, tuple[str, bool]] = {}
        for la_code, record in self.records.items():
            for code in record.former_codes:
                wanted[code] = (la_code, False)
            gss = self.final_gss[la_code]
            if gss:
                wanted[gss] = (la_code, True)
        # A council's other codes stop being current when it has a new one.
        for code, (la_code, current) in self.owners.items():
            if la_code in self.records and current and code not in wanted and self.final_gss[la_code] != code:
                wanted[code] = (la_code, False)
        existing = {c.code: c for c in CouncilCode.objects.filter(code__in=list(wanted))}
        by_id = {council_id: la_code for la_code, council_id in ids.items()}
        to_create, to_update, changed = [], [], set()
        for code, (la_code, current) in wanted.items():
            row = existing.get(code)
            if row is None:
                to_create.append(CouncilCode(code=code, council_id=ids[la_code], is_current=current))
                changed.add(la_code)
            elif (row.council_id, row.is_current) != (ids[la_code], current):
                changed |= {la_code, by_id.get(row.council_id, la_code)}
                row.council_id, row.is_current = ids[la_code], current
                to_update.append(row)
        CouncilCode.objects.bulk_update(to_update, ["council", "is_current"], batch_size=500)
        CouncilCode.objects.bulk_create(to_create, batch_size=500)
        return changed & set(self.records)
