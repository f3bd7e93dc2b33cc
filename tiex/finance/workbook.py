"""Reading MHCLG's Revenue Outturn Summary (RS) "data by LA" workbook for one year.

The workbooks of different years differ in their header rows and in the wording and
position of their columns ("Estimated other earmarked financial reserves level at 1 April"
in 2015-16 is "Other earmarked financial reserves level at 1 April" in 2016-17, and a new
column moves everything after it one place). So nothing here is found by position:

* the data sheet is the sheet with a header row holding both "E-code" and "ONS Code";
* each column is found by its label, compared after normalising (``normalise_label``:
  lower case, single spaces, a leading "estimated" and a trailing "(total of lines ...)"
  dropped); a label that matches two columns, or none, is an error naming it;
* the financial year comes from the sheet's title ("RS LA Data 2017-18"), or its first rows;
* the status: "provisional outturn" when the sheet or the front page says PROVISIONAL,
  "revised outturn" when the front page says the figures were "originally published" earlier
  or the file name says "revision", "outturn" otherwise.

A later year's workbook with the same labels reads without change. Data rows are the rows
with a class or an ONS code; other rows (section headings, notes) are passed over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from tiex.core.importing import ImportFailed, RowError

# Field -> the normalised label of its column.
IDENTITY_COLUMNS = {"ecode": "e-code", "ons_code": "ons code", "authority": "local authority", "class": "class"}
MONEY_COLUMNS = {
    "total_service_expenditure": "total service expenditure",
    "net_revenue_expenditure": "net revenue expenditure",
    "council_tax_requirement": "council tax requirement",
    "schools_reserves_start": "schools reserves level at 1 april",
    "public_health_reserves_start": "public health financial reserves level at 1 april",
    "earmarked_reserves_start": "other earmarked financial reserves level at 1 april",
    "unallocated_reserves_start": "unallocated financial reserves level at 1 april",
    "schools_reserves_end": "schools reserves level at 31 march",
    "public_health_reserves_end": "public health financial reserves level at 31 march",
    "earmarked_reserves_end": "other earmarked financial reserves level at 31 march",
    "unallocated_reserves_end": "unallocated financial reserves level at 31 march",
}
# What the workbooks print where a figure is not available.
NOT_AVAILABLE = frozenset({"…", "...", "..", ".", "-", "x", "n/a", ""})
HEADER_SEARCH_ROWS = 40
YEAR = re.compile(r"\b(20\d\d)\s*[-/\u2013]\s*(\d\d)\b")
ECODE = re.compile(r"^E\d{4}$")
PLACES = Decimal("0.001")


def normalise_label(text: object) -> str:
    words = " ".join(str(text or "").split()).lower()
    words = re.sub(r"\s*\(total of lines[^)]*\)\s*$", "", words)
    return words.removeprefix("estimated ").strip()


@dataclass
class WorkbookRow:
    line: int
    ecode: str
    ons_code: str
    authority: str
    authority_class: str
    note: str
    money: dict[str, Decimal | None] = field(default_factory=dict)
    # Money cells that are neither numbers nor a "not available" mark: (field, label, cell text).
    bad_cells: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Workbook:
    name: str
    sheet: str
    financial_year: str
    status: str
    rows: list[WorkbookRow]
    # Rows without codes that total or head the authorities ("ENGLAND", "LONDON BOROUGHS").
    totals: list[str] = field(default_factory=list)


def money(value: object) -> Decimal | None:
    """A cell as £ thousand to three places (None for an empty or "not available" cell).

    Raises ValueError for other text. Floats are rounded from their exact binary value, so
    the figure is the one Python's round(value, 3) gives.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int | float):
        return Decimal(value).quantize(PLACES, rounding=ROUND_HALF_EVEN)
    text = str(value).strip()
    if text.lower() in NOT_AVAILABLE:
        return None
    return Decimal(text.replace(",", "")).quantize(PLACES, rounding=ROUND_HALF_EVEN)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _fail(path: Path, line: int | None, message: str, column: str | None = None) -> ImportFailed:
    return ImportFailed([RowError(path.name, line, column, message)])


def _find_header(rows: list[tuple[object, ...]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        labels = {normalise_label(cell) for cell in row}
        if IDENTITY_COLUMNS["ecode"] in labels and IDENTITY_COLUMNS["ons_code"] in labels:
            return index
    return None


def _columns(path: Path, header: tuple[object, ...], line: int) -> dict[str, int]:
    labels = [normalise_label(cell) for cell in header]
    found: dict[str, int] = {}
    errors = []
    for name, label in {**IDENTITY_COLUMNS, **MONEY_COLUMNS}.items():
        matches = [index for index, text in enumerate(labels) if text == label]
        if len(matches) == 1:
            found[name] = matches[0]
        elif not matches:
            errors.append(RowError(path.name, line, label, "no column has this label"))
        else:
            errors.append(RowError(path.name, line, label, f"{len(matches)} columns have this label"))
    if errors:
        raise ImportFailed(errors)
    return found


def _status(path: Path, texts: list[str]) -> str:
    words = " ".join(texts).lower()
    if "provisional" in words:
        return "provisional outturn"
    if "originally published" in words or re.search(r"revis(ion|ed)", path.stem.lower()):
        return "revised outturn"
    return "outturn"


def read_workbook(path: Path) -> Workbook:
    """Every data row of one RS workbook, with its year and status. Raises ImportFailed for a file
    that is not such a workbook (no header row, a column missing, no year)."""
    from openpyxl import load_workbook  # only needed for spreadsheets

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not a workbook
        raise _fail(path, None, f"not a readable .xlsx workbook: {exc}") from exc
    try:
        sheets = [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]
    finally:
        book.close()
    data = next(((title, rows, _find_header(rows)) for title, rows in sheets if _find_header(rows) is not None), None)
    if data is None:
        raise _fail(path, None, "no sheet has a header row with the labels 'E-code' and 'ONS Code'")
    title, rows, header_index = data
    assert header_index is not None
    columns = _columns(path, rows[header_index], header_index + 1)
    above = [_text(cell) for row in rows[:header_index] for cell in row if cell is not None]
    front = [_text(cell) for other, other_rows in sheets if other != title for row in other_rows[:40] for cell in row]
    match = YEAR.search(title) or next(filter(None, (YEAR.search(text) for text in above)), None)
    if match is None or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise _fail(
            path,
            None,
            f"the financial year (such as 2017-18) is neither in the sheet name {title!r} nor above its header",
        )
    year = f"{match.group(1)}-{match.group(2)}"
    note_column = columns["authority"] + 1
    if note_column == columns["class"] or _text(rows[header_index][note_column]):
        note_column = -1

    parsed = []
    totals: list[str] = []
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]

        def cell(name: str, cells: tuple[object, ...] = cells) -> object:
            position = columns[name]
            return cells[position] if position < len(cells) else None

        ecode, ons_code, kind = _text(cell("ecode")), _text(cell("ons_code")).upper(), _text(cell("class"))
        if not ons_code and not ECODE.match(ecode):
            if kind or _text(cell("authority")).isupper():
                totals.append(_text(cell("authority")))
            continue  # a total (England, a class), a section heading, a note or a blank row
        row = WorkbookRow(
            line=index + 1,
            ecode=ecode,
            ons_code=ons_code,
            authority=_text(cell("authority")),
            authority_class=kind.upper(),
            note=_text(cells[note_column]) if 0 <= note_column < len(cells) else "",
        )
        for name in MONEY_COLUMNS:
            raw = cell(name)
            try:
                row.money[name] = money(raw)
            except (ValueError, ArithmeticError):
                row.money[name] = None
                row.bad_cells.append((name, _text(rows[header_index][columns[name]]), _text(raw)))
        parsed.append(row)
    return Workbook(
        name=path.name,
        sheet=title,
        financial_year=year,
        status=_status(path, above + front),
        rows=parsed,
        totals=totals,
    )
