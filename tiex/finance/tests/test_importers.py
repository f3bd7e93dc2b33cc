"""`tiex import revenue-outturn`: columns by label, matching, skips, errors, dry runs, re-imports."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tiex.core.importing import ImportFailed, run_import
from tiex.core.models import Dataset
from tiex.councils.models import CouncilType
from tiex.councils.tests.factories import CouncilCodeFactory, CouncilFactory
from tiex.finance.models import FinanceSummary, RevenueOutturn
from tiex.finance.tests.workbooks import LABELS_2016, figures, write_workbook
from tiex.finance.workbook import normalise_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def councils() -> dict[str, object]:
    kent = CouncilFactory(name="Kent", county_council=True, gss_code="E10000016")
    barnsley = CouncilFactory(name="Barnsley", type=CouncilType.METROPOLITAN_DISTRICT, gss_code="E08000038")
    CouncilCodeFactory(council=barnsley, code="E08000016")
    nyorks = CouncilFactory(name="North Yorkshire", county_council=True, gss_code="E10000023", is_current=False)
    return {"kent": kent, "barnsley": barnsley, "nyorks": nyorks}


def rows_2015() -> list[list[object]]:
    return [
        ["E2221", "E10000016", "Kent", None, "SC", *figures(906931, (169153, 163105), (34725, 37213))],
        ["E4401", "E08000016", "Barnsley", None, "MD", *figures(150000.00002046462, (40000, 30000), (10000, 7000))],
        ["E2721", "E10000023", "North Yorkshire", None, "SC", *figures(350000, (100000, 90000), (20000, 21000))],
        ["E7022", "E23000032", "Kent Police and Crime Commissioner", None, "O", *figures(1, (1, 1), (1, 1))],
        ["E6122", "E31000022", "Kent Combined Fire and Rescue Authority", None, "O", *figures(1, (1, 1), (1, 1))],
        [None, None, "OTHER AUTHORITIES", None, "O", *([None] * 11)],
    ]


def load(path: Path, *, dry_run: bool = False):  # type: ignore[no-untyped-def]
    return run_import("revenue-outturn", str(path), dry_run=dry_run)


def test_labels_are_normalised() -> None:
    assert normalise_label("Estimated  other earmarked financial reserves level at 1 April") == (
        "other earmarked financial reserves level at 1 april"
    )
    assert normalise_label("COUNCIL TAX REQUIREMENT (total of lines 905 to 980)") == "council tax requirement"


def test_imports_councils_and_skips_other_bodies_with_the_reason(tmp_path: Path, councils: dict) -> None:
    path = write_workbook(tmp_path / "RS_2015-16_data_by_LA_-_Revision.xlsx", "2015-16", rows_2015())
    report = load(path)
    assert (report.rows, report.created, report.skipped) == (5, 3, 2)
    assert any("1 rows of police bodies skipped" in note for note in report.notes)
    assert any("1 rows of fire and rescue authorities skipped" in note for note in report.notes)
    kent = RevenueOutturn.objects.get(council=councils["kent"])
    assert kent.financial_year == "2015-16"
    assert kent.status == "revised outturn"  # the file name says "Revision"
    assert kent.source_file == path.name and kent.source_line == 8
    assert kent.net_revenue_expenditure == Decimal("906931")
    assert (kent.earmarked_reserves_start, kent.unallocated_reserves_end) == (Decimal("169153"), Decimal("37213"))
    assert (kent.schools_reserves_end, kent.public_health_reserves_start) == (Decimal("90"), Decimal("10"))
    # Barnsley's pre-2025 code finds it; float noise is rounded to three places.
    barnsley = RevenueOutturn.objects.get(council=councils["barnsley"])
    assert barnsley.net_revenue_expenditure == Decimal("150000.000")
    assert barnsley.ons_code == "E08000016"
    # A former council keeps its figures.
    assert RevenueOutturn.objects.filter(council=councils["nyorks"]).exists()
    assert FinanceSummary.objects.count() == 3
    assert Dataset.objects.get(slug="revenue-outturn").last_row_count == 5


def test_a_later_layout_reads_by_label_and_reimport_changes_nothing(tmp_path: Path, councils: dict) -> None:
    first = write_workbook(tmp_path / "RS_2015-16_data_by_LA_-_Revision.xlsx", "2015-16", rows_2015())
    later_rows = [
        ["E2221", "E10000016", "Kent", None, "SC", *figures(904612, (163105, 158815), (37213, 37213))],
        # A wrong ONS code: matched by the E-code Kent's... North Yorkshire's other year was matched under.
        ["E2721", "E10000022", "North Yorkshire", "I", "SC", *(["…"] * 11)],
    ]
    later = write_workbook(
        tmp_path / "RS_2018-19_data_by_LA.xlsx",
        "2018-19",
        later_rows,
        labels=LABELS_2016,
        header_row=9,
        extra_columns=3,
        provisional=True,
    )
    load(first)
    report = load(later)
    assert (report.created, report.updated) == (2, 0)
    kent = RevenueOutturn.objects.get(council=councils["kent"], financial_year="2018-19")
    assert kent.status == "provisional outturn"
    assert kent.earmarked_reserves_end == Decimal("158815")
    nyorks = RevenueOutturn.objects.get(council=councils["nyorks"], financial_year="2018-19")
    assert nyorks.net_revenue_expenditure is None and nyorks.source_note == "I"
    messages = [str(warning) for warning in report.warnings]
    assert any("E10000022" in message and "E-code E2721" in message for message in messages)
    assert any("imputed" in message for message in messages)
    assert any("gives no figures" in message for message in messages)

    # Kent's earmarked reserves: 163,105 at 31 March 2016 in the first workbook, 163,105 at 1 April in the
    # second (no restatement); North Yorkshire's later year has no figures. So nothing is noted.
    assert not any("differ from the previous year" in note for note in report.notes)

    before = list(RevenueOutturn.objects.order_by("pk").values())
    summaries = list(FinanceSummary.objects.order_by("pk").values())
    again = load(later)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert list(RevenueOutturn.objects.order_by("pk").values()) == before
    assert list(FinanceSummary.objects.order_by("pk").values()) == summaries
    summary = FinanceSummary.objects.get(council=councils["kent"])
    assert (summary.first_year, summary.last_year, summary.years) == ("2015-16", "2018-19", 2)


def test_a_dry_run_changes_nothing(tmp_path: Path, councils: dict) -> None:
    path = write_workbook(tmp_path / "RS_2016-17_data_by_LA.xlsx", "2016-17", rows_2015(), labels=LABELS_2016)
    report = load(path, dry_run=True)
    assert report.created == 3 and report.dry_run
    assert not RevenueOutturn.objects.exists()
    assert not FinanceSummary.objects.exists()
    assert not Dataset.objects.filter(slug="revenue-outturn", last_imported_at__isnull=False).exists()


def test_an_unmatched_council_row_fails_the_whole_import(tmp_path: Path, councils: dict) -> None:
    rows = [
        *rows_2015(),
        ["E9999", "E07999999", "Nowhere", None, "SD", *figures(1000, (1, 1), (1, 1))],
        ["E2222", "E10000017", "Lancashire", None, "XX", *figures(1000, (1, 1), (1, 1))],
        ["E2223", "E10000016", "Kent again", None, "SC", *figures(1000, (1, 1), (1, 1))],
        ["E2224", "E06000001", "Hartlepool", None, "UA", 1, "n.a.", *([0] * 9)],
    ]
    path = write_workbook(tmp_path / "RS_2015-16.xlsx", "2015-16", rows)
    with pytest.raises(ImportFailed) as failure:
        load(path)
    text = str(failure.value)
    assert "RS_2015-16.xlsx, line 14, field 'ONS Code': 'Nowhere'" in text
    assert "line 15, field 'Class'" in text
    assert "line 16, field 'ONS Code': 'Kent again' is the same council as 'Kent' on line 8" in text
    assert "line 17, field 'NET REVENUE EXPENDITURE': 'n.a.' is not a number" in text
    assert not RevenueOutturn.objects.exists()


def test_a_missing_column_or_year_is_named(tmp_path: Path, councils: dict) -> None:
    labels = [label for label in LABELS_2016 if label != "NET REVENUE EXPENDITURE"] + ["Other"]
    path = write_workbook(tmp_path / "RS_2016-17.xlsx", "2016-17", rows_2015(), labels=labels)
    with pytest.raises(ImportFailed, match=r"net revenue expenditure.*no column has this label"):
        load(path)
    nothing = tmp_path / "empty.xlsx"
    write_workbook(nothing, "2016-17", [])
    from openpyxl import load_workbook

    book = load_workbook(nothing)
    book["RS LA Data 2016-17"].title = "Data"
    book["Data"]["A1"] = "Revenue outturn"
    book.save(nothing)
    with pytest.raises(ImportFailed, match="financial year"):
        load(nothing)
