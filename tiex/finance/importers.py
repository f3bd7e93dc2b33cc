"""`tiex import revenue-outturn PATH_OR_URL`: MHCLG's Revenue Outturn Summary workbooks.

PATH is one year's workbook, or a folder of them (every .xlsx in it, by name: what
`tiex bootstrap` loads from TIEX_DATA_DIR). Prepared, then written in one short
transaction (docs/decisions/0006-imports-prepare-then-write.md): all the workbooks or
none, a dry run changes nothing, and re-importing a workbook changes nothing.

Each row is matched to a council by its ONS code (a council's current or former code,
so Barnsley's and Sheffield's pre-2025 codes and the districts abolished since find their
council); failing that by its MHCLG E-code, as another year's row (in this import or an
earlier one) matched it. Rows of class O (police, fire, waste, park and transport bodies,
combined authorities, the GLA) are counted and skipped with the reason; any other row
that matches no council is an error naming the file, line and column. docs/data.md
lists what is checked and flagged.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from tiex.core.datasets import DatasetSpec
from tiex.core.importing import ErrorCollector, ImportFailed, ImportReport, Prepared, Progress, RowError, prepares
from tiex.councils.models import Council, CouncilCode
from tiex.finance import services
from tiex.finance.indicators import YearFigures
from tiex.finance.models import RevenueOutturn
from tiex.finance.restatements import BALANCES, Restatement, pounds, restatements
from tiex.finance.workbook import ECODE, MONEY_COLUMNS, Workbook, WorkbookRow, read_workbook

COUNCIL_CLASSES = {
    "SC": "shire county",
    "SD": "shire district",
    "UA": "unitary authority",
    "MD": "metropolitan district",
    "L": "London borough or the City of London",
}
OTHER_CLASS = "O"
NOTES = {"I": "imputed by the department (no return was received)", "GROSSED": "grossed up by the department"}
# (ONS code prefix, words in the name) -> why a class O row is skipped.
NON_COUNCIL_REASONS = (
    ("E23", ("police",), "police bodies"),
    ("E31", ("fire",), "fire and rescue authorities"),
    ("E47", ("combined authority",), "combined authorities"),
    ("E50", ("waste",), "waste disposal authorities"),
    ("E26", ("national park", "park authority", "broads"), "national park and other park authorities"),
    ("", ("transport", "passenger", "travel"), "transport authorities"),
    ("E12", ("greater london authority",), "the Greater London Authority"),
)
FIELDS = (
    "status",
    "source_file",
    "source_line",
    "source_note",
    "ecode",
    "ons_code",
    "authority_name",
    "authority_class",
    *MONEY_COLUMNS,
)


def non_council_reason(row: WorkbookRow) -> str:
    name = row.authority.lower()
    for prefix, words, reason in NON_COUNCIL_REASONS:
        if (prefix and row.ons_code.startswith(prefix)) or any(word in name for word in words):
            return reason
    return "other bodies that are not councils"


def workbook_paths(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(item for item in path.glob("*.xlsx") if not item.name.startswith("~$"))
        if not found:
            raise ImportFailed([RowError(path.name, None, None, "the folder holds no .xlsx workbook")])
        return found
    return [path]


@dataclass
class Matched:
    workbook: Workbook
    row: WorkbookRow
    council_id: int


def _values(matched: Matched) -> dict[str, Any]:
    row, book = matched.row, matched.workbook
    return {
        "status": book.status,
        "source_file": book.name[:200],
        "source_line": row.line,
        "source_note": row.note[:40],
        "ecode": row.ecode,
        "ons_code": row.ons_code[:9],
        "authority_name": row.authority[:200],
        "authority_class": row.authority_class,
        **row.money,
    }


def _flag(report: ImportReport, book: Workbook, row: WorkbookRow, council_name: str) -> None:
    """Warnings for a row imported as published but worth a second look."""
    where = f"{book.name} {book.financial_year}: {council_name}"
    note = NOTES.get(row.note.upper())
    if note:
        report.warn(
            row.line, None, f"{where}: figures {note}", action=f"kept, marked as the workbook marks it ({row.note})"
        )
    if all(value is None for value in row.money.values()):
        report.warn(row.line, None, f"{where}: the workbook gives no figures", action="kept without figures")
    nre = row.money["net_revenue_expenditure"]
    if nre is not None and nre <= 0:
        report.warn(
            row.line,
            "net revenue expenditure",
            f"{where}: net revenue expenditure is {nre} (not positive)",
            action="kept; ratios to it are left out",
        )
    for name in ("schools_reserves_end", "unallocated_reserves_end", "earmarked_reserves_end"):
        value = row.money[name]
        if value is not None and value < 0:
            report.warn(
                row.line, name.replace("_", " "), f"{where}: {name.replace('_', ' ')} is {value}", action="kept"
            )


@prepares
def import_revenue_outturn(path: Path, *, dataset: DatasetSpec, progress: Progress | None = None) -> Prepared:
    books = [read_workbook(item) for item in workbook_paths(path)]
    report = ImportReport()
    by_code = dict(CouncilCode.objects.values_list("code", "council_id"))
    by_code.update((code, pk) for code, pk in Council.objects.values_list("gss_code", "pk") if code)
    names = dict(Council.objects.values_list("pk", "name"))
    known_ecodes: dict[str, int] = dict(RevenueOutturn.objects.values_list("ecode", "council_id").distinct())
    skipped: Counter[str] = Counter()
    errors: list[RowError] = []
    pending: list[tuple[Workbook, WorkbookRow]] = []
    matched: dict[tuple[int, str], Matched] = {}

    # First by ONS code, in every workbook, so a row whose ONS code is wrong can then be
    # matched by the E-code another year's row was matched under.
    for book in books:
        collector = ErrorCollector(book.name)
        years_seen = {key[1] for key in matched}
        if book.financial_year in years_seen:
            collector.add(None, None, f"a second workbook for {book.financial_year}")
        for row in book.rows:
            report.rows += 1
            for _name, label, text in row.bad_cells:
                collector.add(
                    row.line, label, f"{text!r} is not a number (nor the workbook's mark for 'not available')"
                )
            if row.authority_class == OTHER_CLASS:
                skipped[non_council_reason(row)] += 1
                continue
            if row.authority_class not in COUNCIL_CLASSES:
                collector.add(row.line, "Class", f"{row.authority_class!r} is not a class of authority the returns use")
                continue
            if not ECODE.match(row.ecode):
                collector.add(row.line, "E-code", f"{row.ecode!r} is not an E-code (E and four digits)")
                continue
            council_id = by_code.get(row.ons_code)
            if council_id is None:
                pending.append((book, row))
                continue
            known_ecodes.setdefault(row.ecode, council_id)
            _keep(matched, collector, Matched(book, row, council_id))
        errors.extend(collector.errors)
    for book, row in pending:
        collector = ErrorCollector(book.name)
        council_id = known_ecodes.get(row.ecode)
        if council_id is None:
            collector.add(
                row.line,
                "ONS Code",
                f"{row.authority!r} ({row.ons_code or 'no ONS code'}, E-code {row.ecode}): "
                "no council has this ONS code, "
                "and no other year's row with this E-code matched one",
            )
        else:
            report.warn(
                row.line,
                "ONS Code",
                f"{book.name} {book.financial_year}: {row.authority!r} has the ONS code {row.ons_code or '(none)'}, "
                "which is no council's",
                action=f"matched by its E-code {row.ecode} to {names.get(council_id, council_id)}, as in another year",
            )
            _keep(matched, collector, Matched(book, row, council_id))
        errors.extend(collector.errors)
    if errors:
        raise ImportFailed(errors)

    for item in sorted(matched.values(), key=lambda item: (item.workbook.name, item.row.line)):
        _flag(report, item.workbook, item.row, names.get(item.council_id, str(item.council_id)))
    _note_restatements(report, matched, names)
    existing = {
        (row.council_id, row.financial_year): row
        for row in RevenueOutturn.objects.filter(financial_year__in={book.financial_year for book in books})
    }
    creates: list[RevenueOutturn] = []
    updates: list[RevenueOutturn] = []
    for key, item in matched.items():
        values = _values(item)
        current = existing.get(key)
        if current is None:
            creates.append(RevenueOutturn(council_id=key[0], financial_year=key[1], **values))
        elif any(_differs(getattr(current, name), value) for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            updates.append(current)
        else:
            report.unchanged += 1
    report.created, report.updated = len(creates), len(updates)
    report.skipped = sum(skipped.values())
    for book in books:
        report.notes.append(
            f"{book.name}: {book.financial_year}, {book.status}, sheet {book.sheet!r}, {len(book.rows)} authorities"
            + (f" ({len(book.totals)} rows of totals and headings passed over)." if book.totals else ".")
        )
    for reason, count in sorted(skipped.items()):
        report.notes.append(f"{count} rows of {reason} skipped (not councils).")
    if progress:
        progress(report.rows, report.rows)

    def write() -> None:
        RevenueOutturn.objects.bulk_create(creates)
        if updates:
            RevenueOutturn.objects.bulk_update(updates, FIELDS)
        services.finance_summaries_refresh()

    return Prepared(report=report, write=write)


@dataclass(frozen=True)
class _Source:
    """Where a year's figures come from: this import's workbook row, or an earlier import's."""

    file: str
    line: int
    figures: YearFigures


def _year_figures(financial_year: str, values: dict[str, Any]) -> YearFigures:
    return YearFigures(
        financial_year=financial_year,
        earmarked_reserves_start=values.get("earmarked_reserves_start"),
        unallocated_reserves_start=values.get("unallocated_reserves_start"),
        earmarked_reserves_end=values.get("earmarked_reserves_end"),
        unallocated_reserves_end=values.get("unallocated_reserves_end"),
    )


def _note_restatements(report: ImportReport, matched: dict[tuple[int, str], Matched], names: dict[int, str]) -> None:
    """A row warning for each reserve figure at 1 April that differs from the previous year's return's
    31 March figure (a restated balance), on the row of the later year, and a note counting them with
    the largest few. The years are kept as their returns give them (tiex/finance/restatements.py)."""
    sources: dict[int, dict[str, _Source]] = defaultdict(dict)
    stored = RevenueOutturn.objects.filter(council_id__in={key[0] for key in matched}).values(
        "council_id", "financial_year", "source_file", "source_line", *(f for _, *pair in BALANCES for f in pair)
    )
    for values in stored:
        sources[values["council_id"]][values["financial_year"]] = _Source(
            values["source_file"], values["source_line"], _year_figures(values["financial_year"], values)
        )
    for (council_id, year), item in matched.items():
        sources[council_id][year] = _Source(item.workbook.name, item.row.line, _year_figures(year, item.row.money))
    found: list[tuple[int, Restatement]] = []
    for council_id in sorted(sources, key=lambda pk: (names.get(pk, ""), pk)):
        years = sources[council_id]
        for restated in restatements(source.figures for source in years.values()):
            found.append((council_id, restated))
            where = years[restated.financial_year]
            name = names.get(council_id, str(council_id))
            report.warn(
                where.line,
                f"{restated.balance} reserves at 1 April",
                f"{where.file} {restated.financial_year}: {name}: {restated.balance} reserves at {restated.date} "
                f"are {pounds(restated.opening)}, but the {restated.previous_year} return "
                f"({years[restated.previous_year].file}) closed at {pounds(restated.closing)}: "
                f"opening balance differs from last year's closing by {pounds(restated.difference)}",
                action="kept as each return gives it; flagged on the council's finance section",
            )
    if not found:
        return
    large = sum(1 for _, restated in found if restated.large)
    largest = sorted(found, key=lambda item: abs(item[1].difference), reverse=True)[:3]
    examples = "; ".join(
        f"{names.get(council_id, council_id)} {restated.balance} {restated.closing:,.0f} at 31 March "
        f"{int(restated.previous_year[:4]) + 1}, {restated.opening:,.0f} at 1 April"
        for council_id, restated in largest
    )
    report.notes.append(
        f"{len(found)} reserve figures at 1 April differ from the previous year's 31 March figure "
        f"({large} by more than a tenth): restated, or (as Bristol's 2015-16 earmarked and unallocated "
        f"figures) swapped; each year is kept as its return gives it, and each is a warning below. "
        f"Largest: {examples}."
    )


def _differs(stored: object, value: object) -> bool:
    if isinstance(value, Decimal) and stored is not None:
        return Decimal(str(stored)) != value
    return stored != value


def _keep(matched: dict[tuple[int, str], Matched], collector: ErrorCollector, item: Matched) -> None:
    key = (item.council_id, item.workbook.financial_year)
    if key in matched:
        first = matched[key]
        collector.add(
            item.row.line,
            "ONS Code",
            f"{item.row.authority!r} is the same council as {first.row.authority!r} on line {first.row.line}",
        )
        return
    matched[key] = item
