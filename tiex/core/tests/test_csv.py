from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from tiex.core.csv import FORMULA_PREFIXES, csv_response, neutralise, render_csv, unneutralise


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
    response = csv_response("councils.csv", ["name"], [["Council\u2019s plan"]])
    assert response.content.startswith(b"\xef\xbb\xbf")
    # Read as a spreadsheet reads a UTF-8 file with a BOM: the mark goes, the text is intact.
    assert parse(response.content.decode("utf-8-sig")) == [["name"], ["Council\u2019s plan"]]
    assert response.content.count(b"\xef\xbb\xbf") == 1
