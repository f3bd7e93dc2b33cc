from __future__ import annotations

import csv
import io

from django.http import StreamingHttpResponse
from hypothesis import given
from hypothesis import strategies as st

from tiex.core import csv as core_csv
from tiex.core.csv import BYTE_ORDER_MARK, FORMULA_PREFIXES, Written, csv_response, neutralise, render_csv, unneutralise


def parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), min_size=1, max_size=5))
def test_no_cell_can_start_a_formula(rows: list[list[str]]) -> None:
    parsed = parse(render_csv(["a", "b", "c", "d"][: len(rows[0])], rows))
    for row in parsed[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_PREFIXES)


@given(st.text())
def test_neutralising_only_ever_adds_one_leading_quote(value: str) -> None:
    safe = neutralise(value)
    assert safe in (value, "'" + value)
    # A cell that starts with a quote gets one more, so that the import can tell them apart.
    assert (safe != value) == value.startswith((*FORMULA_PREFIXES, "'"))


@given(st.text())
def test_unneutralising_gives_back_exactly_what_was_neutralised(value: str) -> None:
    assert unneutralise(neutralise(value)) == value


def test_a_cell_that_starts_with_a_quote_keeps_it_through_a_round_trip() -> None:
    assert neutralise("'=cmd") == "''=cmd"
    assert unneutralise(neutralise("'=cmd")) == "'=cmd"
    assert unneutralise(neutralise("=cmd")) == "=cmd"
    assert unneutralise("plain") == "plain"


def test_dangerous_cells_are_prefixed_and_numbers_are_kept() -> None:
    text = render_csv(["name", "seats"], [['=HYPERLINK("http://x")', -3], ["@SUM(A1)", 2.5], ["\tTab", None]])
    assert parse(text)[1:] == [['\'=HYPERLINK("http://x")', "-3"], ["'@SUM(A1)", "2.5"], ["'\tTab", ""]]


def test_csv_response_is_a_download() -> None:
    response = csv_response("councils.csv", ["name"], [["Kent"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="councils.csv"'


def test_csv_response_starts_with_a_byte_order_mark_so_excel_reads_utf8() -> None:
    body = csv_response("councils.csv", ["name"], [["Council\u2019s plan"]]).getvalue()  # a stream: read once
    assert body.startswith(b"\xef\xbb\xbf")
    # Read as a spreadsheet reads a UTF-8 file with a BOM: the mark goes, the text is intact.
    assert parse(body.decode("utf-8-sig")) == [["name"], ["Council\u2019s plan"]]
    assert body.count(b"\xef\xbb\xbf") == 1


def test_csv_response_streams_the_same_bytes_as_the_whole_text() -> None:
    header = ["name", "note"]
    rows = [[f"Council {n}", "=SUM(A1)" if n % 7 == 0 else "caf\u00e9, \u201cquoted\u201d"] for n in range(1234)]
    response = csv_response("councils.csv", header, iter(rows))
    assert isinstance(response, StreamingHttpResponse)
    chunks = list(response.streaming_content)
    assert len(chunks) > 2  # header, then a few hundred rows at a time
    assert b"".join(chunks) == (BYTE_ORDER_MARK + render_csv(header, rows)).encode("utf-8")


def test_csv_response_of_written_text_streams_it_in_slices_with_the_same_bytes(monkeypatch) -> None:
    monkeypatch.setattr(core_csv, "WRITTEN_SLICE", 100)
    header = ["name"]
    written = Written(core_csv.render_rows([[f"Council \u2019{n}"] for n in range(50)]))
    response = csv_response("councils.csv", header, written)
    assert isinstance(response, StreamingHttpResponse)
    chunks = [chunk.decode("utf-8") for chunk in response.streaming_content]
    assert len(chunks) > 5
    assert all(chunk.endswith("\r\n") for chunk in chunks)  # cut at the end of a line
    assert "".join(chunks) == BYTE_ORDER_MARK + render_csv(header, written)
    assert response["Content-Disposition"] == 'attachment; filename="councils.csv"'


def test_csv_response_of_no_rows_is_the_header_alone() -> None:
    response = csv_response("empty.csv", ["a", "b"], Written(""))
    assert response.getvalue() == (BYTE_ORDER_MARK + "a,b\r\n").encode("utf-8")
    assert csv_response("empty.csv", ["a", "b"], []).getvalue() == (BYTE_ORDER_MARK + "a,b\r\n").encode("utf-8")
