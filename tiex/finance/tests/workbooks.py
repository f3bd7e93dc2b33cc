"""Small RS workbooks written for the tests, in the two layouts the published years use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Labels as 2015-16 and 2017-18 print them ("Estimated ...", "(total of lines ...)").
LABELS_2015 = [
    "TOTAL SERVICE EXPENDITURE (total of lines 190 to 698)",
    "NET REVENUE EXPENDITURE",
    "COUNCIL TAX REQUIREMENT (total of lines 905 to 980)",
    "Estimated schools reserves level at 1 April",
    "Estimated public health financial reserves level at 1 April",
    "Estimated other earmarked financial reserves level at 1 April",
    "Estimated unallocated financial reserves level at 1 April",
    "Estimated schools reserves level at 31 March",
    "Estimated public health financial reserves level at 31 March",
    "Estimated other earmarked financial reserves level at 31 March",
    "Estimated unallocated financial reserves level at 31 March",
]
# As 2016-17 prints them: no "Estimated", no "(total of lines ...)".
LABELS_2016 = [
    "TOTAL SERVICE EXPENDITURE",
    "NET REVENUE EXPENDITURE",
    "COUNCIL TAX REQUIREMENT",
    "Schools reserves level at 1 April",
    "Public health financial reserves level at 1 April",
    "Other earmarked financial reserves level at 1 April",
    "Unallocated financial reserves level at 1 April",
    "Schools reserves level at 31 March",
    "Public health financial reserves level at 31 March",
    "Other earmarked financial reserves level at 31 March",
    "Unallocated financial reserves level at 31 March",
]


def write_workbook(
    path: Path,
    year: str,
    rows: list[list[Any]],
    *,
    labels: list[str] = LABELS_2015,
    header_row: int = 7,
    extra_columns: int = 0,
    provisional: bool = False,
    front: str = "",
) -> Path:
    """A workbook with a front page and a data sheet; each row is [E-code, ONS code, name, note, class, 11 figures].

    ``extra_columns`` puts unrelated columns before the figures (as a new line in a later year does).
    """
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Front Page"
    cover["C11"] = f"RS - REVENUE OUTTURN SUMMARY {year}"
    if front:
        cover["C15"] = front
    sheet = book.create_sheet(f"RS LA Data {year}")
    sheet["A1"] = f"Revenue Outturn (RO) {year}: Revenue Outturn Summary (RS) data"
    if provisional:
        sheet["A5"] = "PROVISIONAL (1)"
    extras = [f"Other line {index}" for index in range(extra_columns)]
    header = ["E-code", "ONS Code", "Local authority", None, "Class", *extras, *labels]
    for column, label in enumerate(header, start=1):
        sheet.cell(row=header_row, column=column, value=label)
    line = header_row
    for row in rows:
        line += 1
        values = [*row[:5], *([0] * extra_columns), *row[5:]]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=line, column=column, value=value)
    sheet.cell(row=line + 2, column=3, value="ENGLAND")
    sheet.cell(row=line + 4, column=1, value="Notes")
    book.save(path)
    return path


def figures(nre: float, earmarked: tuple[float, float], unallocated: tuple[float, float]) -> list[Any]:
    """The 11 figures of a row: TSE, NRE, CTR, then reserves (schools, PH, earmarked, unallocated) start and end."""
    return [nre * 1.5, nre, nre * 0.6, 100, 10, earmarked[0], unallocated[0], 90, 12, earmarked[1], unallocated[1]]
