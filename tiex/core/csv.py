"""CSV downloads that are safe to open in a spreadsheet.

Cells that a spreadsheet would read as a formula (starting with =, +, -, @, a
tab or a carriage return) are prefixed with a single quote, so a council name or
a free-text field can never run as a formula on someone's machine. A cell that
itself starts with a single quote gets one more, as a spreadsheet shows it, so
that ``unneutralise`` (used when a download is imported again) is the exact
inverse: it removes one leading quote, and only from a cell that has one.

Every download starts with a UTF-8 byte-order mark: without it Excel reads the file
as Windows-1252 and turns a curly apostrophe (U+2019) into three odd characters.
Python's "utf-8-sig" codec (which tiex's importers read with) and spreadsheets skip it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
QUOTE = "'"


_NEEDS_QUOTE = (*FORMULA_PREFIXES, QUOTE)


def neutralise(value: Any) -> str:
    if type(value) is str:  # the common case first (a download has thousands of cells)
        return QUOTE + value if value.startswith(_NEEDS_QUOTE) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if text.startswith(_NEEDS_QUOTE):
        return QUOTE + text
    return text


def unneutralise(text: str) -> str:
    """A cell as it was before ``neutralise``: without the one quote that was put in front of it."""
    return text[1:] if text.startswith(QUOTE) else text


def render_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(map(neutralise, header)))
    writerow = writer.writerow
    for row in rows:
        writerow(list(map(neutralise, row)))
    return buffer.getvalue()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A CSV file download, byte-order mark first so that spreadsheets read it as UTF-8."""
    response = HttpResponse(BYTE_ORDER_MARK + render_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
