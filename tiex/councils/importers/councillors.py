"""Councillors in office in 2021, by council, party and gender (mySociety, CC BY 4.0).

The source (``council_data_final_no_personal.csv`` from mysociety/councillor_participation_research)
has one row per seat: the council's mySociety code (``council_id``), party (``partyName``
and the grouped ``party_reduced``), ``gender``, council type and country, with no names.
tiex keeps only counts: one ``CouncillorCount`` per council, party and gender for the year
the count describes (2021; the file has no year column).

Rows are matched to councils on ``council_id`` (``Council.la_code``), as the other mySociety
importers do; a code no council has is a row error and nothing is imported. Parties are
grouped into tiex's party codes (tiex.councils.models.Party): ``CON`` -> con, ``GRN`` ->
green, and so on; independents, residents' groups and Northern Ireland's parties (DUP,
Sinn Féin, UUP, SDLP, Alliance) are "other".

What the importer flags (warnings on /data/, each starting with the council's name and codes):

* a vacant seat (``partyName`` "Vacant", no gender): not a councillor; the row is skipped;
* a gender other than male or female: counted as "not recorded";
* a party group it does not know: counted as "other";
* a council type or country that disagrees with the council list;
* a council that had been replaced before the count's year began (the source files
  Buckinghamshire's councillors under the county council abolished in 2020): counted under
  that council, as the source gives;
* a council with no region in the council list: the region of its successors is used
  (when they agree), so regional totals count every councillor.

A note names the current principal councils that have no count (councils created since).
The file is the whole count for its year: groups no longer in it are deleted.
"""

from __future__ import annotations

import datetime
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tiex.core.datasets import DatasetSpec
from tiex.core.importing import ErrorCollector, ImportReport, Progress, read_csv
from tiex.councils.importers._common import Ticker
from tiex.councils.models import Council, CouncillorCount, Gender, Party

YEAR = 2021
COLUMNS = ("council", "council_id", "partyName", "party_reduced", "gender")
PARTY_GROUPS = {
    "CON": Party.CONSERVATIVE,
    "LAB": Party.LABOUR,
    "LD": Party.LIBERAL_DEMOCRATS,
    "GRN": Party.GREEN,
    "UKIP": Party.UKIP,
    "PC": Party.PLAID_CYMRU,
    "SNP": Party.SNP,
    "REF": Party.REFORM,
    "IND": Party.OTHER,
    "DUP": Party.OTHER,
    "SF": Party.OTHER,
    "UUP": Party.OTHER,
    "SDLP": Party.OTHER,
    "ALI": Party.OTHER,
}
GENDERS = {"female": Gender.FEMALE, "male": Gender.MALE}
# The source's council_type -> tiex's CouncilType code (England's codes are the same).
SOURCE_TYPES = {"pla": "WPA", "sct": "SCO", "nir": "NID"}
COUNTRIES = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}
VACANT = "vacant"


@dataclass
class _Council:
    pk: int
    la_code: str
    label: str
    type: str
    nation: str
    region: str
    end_date: datetime.date | None
    successor_regions: set[str]
    is_principal: bool


def _councils() -> dict[str, _Council]:
    successors: dict[int, set[str]] = defaultdict(set)
    for council_id, region in Council.successors.through.objects.values_list("from_council_id", "to_council__region"):
        if region:
            successors[council_id].add(region)
    found = {}
    for council in Council.objects.only(
        "id", "la_code", "name", "official_name", "gss_code", "type", "nation", "region", "end_date", "is_current"
    ):
        codes = ", ".join(code for code in (council.gss_code, council.la_code) if code)
        found[council.la_code] = _Council(
            pk=council.pk,
            la_code=council.la_code,
            label=f"{council.official_name or council.name} ({codes})",
            type=council.type,
            nation=council.nation,
            region=council.region,
            end_date=council.end_date,
            successor_regions=successors[council.pk],
            is_principal=council.is_principal,
        )
    return found


def _read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows, from UTF-8 or (as mySociety publishes the file) Windows-1252 text."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        with tempfile.TemporaryDirectory(prefix="tiex-councillors-") as folder:
            copy = Path(folder) / path.name
            copy.write_text(raw.decode("cp1252", errors="replace"), encoding="utf-8")
            return list(read_csv(copy, COLUMNS))
    return list(read_csv(path, COLUMNS))


class _Checks:
    """Flags each council's problem once (on its first row), however many of its rows share it."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.seen: set[tuple[str, str]] = set()

    def once(self, council: _Council, line: int, column: str, message: str, *, action: str) -> None:
        if (council.la_code, message) not in self.seen:
            self.seen.add((council.la_code, message))
            self.report.warn(line, column, f"{council.label}: {message}", action=action)


def _region(council: _Council, line: int, checks: _Checks) -> str:
    if council.region:
        return council.region
    if len(council.successor_regions) == 1:
        region = next(iter(council.successor_regions))
        checks.once(
            council,
            line,
            "council_id",
            "the council list gives no region",
            action=f"counted in its successor's region, {region}",
        )
        return region
    checks.once(council, line, "council_id", "the council list gives no region", action="counted in no region")
    return ""


def _check_council(council: _Council, line: int, row: dict[str, str], checks: _Checks) -> None:
    given_type = row.get("council_type", "")
    if given_type and SOURCE_TYPES.get(given_type, given_type) != council.type:
        checks.once(
            council,
            line,
            "council_type",
            f"the source's type {given_type!r} is not the council list's {council.type!r}",
            action="the council list's type is used",
        )
    country = COUNTRIES.get(row.get("country", ""), "")
    if country and country != council.nation:
        checks.once(
            council,
            line,
            "country",
            f"the source's country {country} is not the council list's {council.nation}",
            action="the council list's nation is used",
        )
    if council.end_date is not None and council.end_date < datetime.date(YEAR, 1, 1):
        checks.once(
            council,
            line,
            "council_id",
            f"the council was replaced on {council.end_date:%-d %B %Y}, before {YEAR}",
            action="counted under this council, as the source gives",
        )


def import_councillors(path: Path, *, dataset: DatasetSpec, progress: Progress | None = None) -> ImportReport:
    """Upsert CouncillorCount rows on (council, year, party, gender) from one row per seat."""
    rows = _read_rows(path)
    report = ImportReport(rows=len(rows))
    errors = ErrorCollector(path)
    checks = _Checks(report)
    councils = _councils()
    ticker = Ticker(progress, len(rows), every=2000)
    counts: Counter[tuple[int, str, str]] = Counter()
    regions: dict[int, str] = {}
    for line, row in rows:
        ticker.tick()
        code = row["council_id"]
        council = councils.get(code)
        if not code:
            errors.add(line, "council_id", "is required (the council's mySociety code)")
            continue
        if council is None:
            errors.add(line, "council_id", f"no council has the mySociety code {code!r} ({row['council']})")
            continue
        if row["partyName"].lower() == VACANT:
            report.warn(line, "partyName", f"{council.label}: a vacant seat, not a councillor", action="row skipped")
            report.skipped += 1
            continue
        party = PARTY_GROUPS.get(row["party_reduced"].upper())
        if party is None:
            report.warn(
                line,
                "party_reduced",
                f"{council.label}: the party group {row['party_reduced']!r} ({row['partyName']}) is not known",
                action="counted as independents and others",
            )
            party = Party.OTHER
        gender = GENDERS.get(row["gender"].lower())
        if gender is None:
            report.warn(
                line,
                "gender",
                f"{council.label}: the gender {row['gender']!r} is neither male nor female",
                action="counted as not recorded",
            )
            gender = Gender.NOT_RECORDED
        _check_council(council, line, row, checks)
        if council.pk not in regions:
            regions[council.pk] = _region(council, line, checks)
        counts[(council.pk, party, gender)] += 1
    errors.raise_if_any()
    _apply(counts, regions, report)
    missing = sorted(c.label for c in councils.values() if c.is_principal and c.pk not in regions)
    if missing:
        report.notes.append(
            f"{len(missing)} current councils have no {YEAR} count (most were created since): {'; '.join(missing)}."
        )
    report.notes.append(f"{sum(counts.values()):,} councillors on {len(regions):,} councils, counted in {YEAR}.")
    ticker.finish()
    return report


def _apply(counts: Counter[tuple[int, str, str]], regions: dict[int, str], report: ImportReport) -> None:
    have = {(row.council_id, row.party, row.gender): row for row in CouncillorCount.objects.filter(year=YEAR)}
    to_create, to_update = [], []
    for key, count in counts.items():
        values: dict[str, Any] = {"count": count, "region": regions[key[0]]}
        row = have.get(key)
        if row is None:
            to_create.append(CouncillorCount(council_id=key[0], party=key[1], gender=key[2], year=YEAR, **values))
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            to_update.append(row)
    stale = [row.pk for key, row in have.items() if key not in counts]
    CouncillorCount.objects.filter(pk__in=stale).delete()
    CouncillorCount.objects.bulk_create(to_create, batch_size=500)
    CouncillorCount.objects.bulk_update(to_update, ["count", "region"], batch_size=500)
    report.created, report.updated = len(to_create), len(to_update)
    report.unchanged = len(counts) - len(to_create) - len(to_update)
    if stale:
        report.notes.append(f"Removed {len(stale):,} groups no longer in the file.")
