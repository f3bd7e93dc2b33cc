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
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
QUOTE = "'"
STREAM_ROWS = 500  # rows written per chunk of a streamed download


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


class Written:
    """Rows already written as CSV text, exactly as ``render_csv`` writes them (each cell
    neutralised, quoted where needed, each line ending in CRLF): ``render_csv`` and
    ``csv_response`` put the text after the header as it is. For downloads that keep their
    rows' text (tiex/partnerships/csv_lines.py)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class _Lines(list[str]):
    """What a csv.writer writes to: it calls ``write`` once per row, with the whole line."""

    write = list.append


def written_lines(rows: Iterable[Sequence[Any]]) -> list[str]:
    """Each row as its own CSV line (CRLF at the end), cells neutralised, as ``render_csv`` writes it."""
    lines = _Lines()
    writerow = csv.writer(lines, lineterminator="\r\n").writerow
    for row in rows:
        writerow(list(map(neutralise, row)))
    return lines


def render_rows(rows: Iterable[Sequence[Any]]) -> str:
    """The rows' lines, as ``render_csv`` writes them after the header."""
    return "".join(written_lines(rows))


def render_csv(header: Sequence[str], rows: Iterable[Sequence[Any]] | Written) -> str:
    if isinstance(rows, Written):
        return render_rows([header]) + rows.text
    return render_rows(itertools.chain([header], rows))


WRITTEN_SLICE = 64 * 1024  # characters of a ``Written`` text sent per chunk


def _written_slices(text: str) -> Iterator[str]:
    """``text`` in slices of about ``WRITTEN_SLICE`` characters, each cut after a line's end
    where there is one, so no chunk is a partial row when it can be helped."""
    start = 0
    while start < len(text):
        end = start + WRITTEN_SLICE
        if end < len(text):
            newline = text.rfind("\n", start, end)
            if newline >= start:
                end = newline + 1
        yield text[start:end]
        start = end


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]] | Written
) -> StreamingHttpResponse:
    """A CSV file download, byte-order mark first so that spreadsheets read it as UTF-8, sent
    as it is written (the same bytes as ``BYTE_ORDER_MARK + render_csv(header, rows)``): the
    header first, then the rows a few hundred at a time, or a ``Written`` text in slices."""
    if isinstance(rows, Written):
        text = rows.text

        def chunks() -> Iterator[str]:
            yield BYTE_ORDER_MARK + render_rows([header])
            yield from _written_slices(text)

        response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return csv_streaming_response(filename, header, rows)


def csv_streaming_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """A CSV download sent as it is written (byte-order mark first, each cell neutralised as in
    ``render_csv``), a few hundred rows at a time: for downloads whose rows are many."""

    def lines() -> Iterator[str]:
        yield BYTE_ORDER_MARK + render_rows([header])
        remaining = iter(rows)
        while chunk := list(itertools.islice(remaining, STREAM_ROWS)):
            yield render_rows(chunk)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_streaming_lines(filename: str, header: Sequence[str], lines: Iterable[str]) -> StreamingHttpResponse:
    """A CSV download sent as it is written, from rows already written as CSV text (``lines``:
    pieces of text, each whole lines as ``render_rows`` writes them), byte-order mark and header first."""

    def chunks() -> Iterator[str]:
        yield BYTE_ORDER_MARK + render_rows([header])
        yield from lines

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
