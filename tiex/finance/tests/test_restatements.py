"""Restated balances: the pure function, the importer's row warnings and the profile's flag."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from tiex.core.importing import run_import
from tiex.councils.tests.factories import CouncilFactory
from tiex.finance.indicators import YearFigures
from tiex.finance.restatements import Restatement, next_year, pounds, restatements
from tiex.finance.tests.factories import add_outturns
from tiex.finance.tests.workbooks import LABELS_2016, figures, write_workbook


def year(name: str, e_start: int | None, e_end: int | None, u_start: int | None, u_end: int | None) -> YearFigures:
    return YearFigures(
        financial_year=name,
        earmarked_reserves_start=e_start,
        earmarked_reserves_end=e_end,
        unallocated_reserves_start=u_start,
        unallocated_reserves_end=u_end,
    )


def test_an_opening_balance_that_differs_from_last_years_closing_is_a_restatement() -> None:
    years = [
        year("2016-17", 160000, 150000, 37213, 30000),  # earmarked opened 160,000 after closing at 163,105
        year("2015-16", 169153, 163105, 34725, 37213),
        year("2017-18", 150000, 140000, None, 20000),  # unallocated opening not published: no restatement
    ]
    found = restatements(years)
    assert found == [Restatement("2016-17", "2015-16", "earmarked", Decimal(163105), Decimal(160000))]
    assert found[0].difference == Decimal(-3105) and not found[0].large and found[0].date == "1 April 2016"
    assert pounds(found[0].difference) == "-£3,105,000"


def test_a_gap_between_years_is_no_restatement_and_large_ones_are_marked() -> None:
    assert restatements([year("2015-16", 1, 10, 1, 10), year("2017-18", 99, 1, 99, 1)]) == []
    swapped = restatements([year("2015-16", 1, 30, 1, 10), year("2016-17", 10, 1, 30, 1)])
    assert [(item.balance, item.large) for item in swapped] == [("earmarked", True), ("unallocated", True)]
    assert next_year("2019-20") == "2020-21" and next_year("1999-00") == "2000-01"


@pytest.mark.django_db
def test_the_importer_warns_of_each_restated_balance_with_a_summary(tmp_path: Path) -> None:
    CouncilFactory(name="Kent", county_council=True, gss_code="E10000016")
    CouncilFactory(name="Surrey", county_council=True, gss_code="E10000030")
    first = write_workbook(
        tmp_path / "RS_2015-16_data_by_LA_-_Revision.xlsx",
        "2015-16",
        [
            ["E2221", "E10000016", "Kent", None, "SC", *figures(906931, (169153, 163105), (34725, 37213))],
            ["E3621", "E10000030", "Surrey", None, "SC", *figures(700000, (100000, 90000), (20000, 21000))],
        ],
    )
    second = write_workbook(
        tmp_path / "RS_2016-17_data_by_LA.xlsx",
        "2016-17",
        [
            # Kent's earmarked reserves open at 163,000 after closing at 163,105; its unallocated agree.
            ["E2221", "E10000016", "Kent", None, "SC", *figures(904612, (163000, 158815), (37213, 37213))],
            # Surrey's unallocated open at 12,000 after closing at 21,000 (by more than a tenth).
            ["E3621", "E10000030", "Surrey", None, "SC", *figures(710000, (90000, 80000), (12000, 10000))],
        ],
        labels=LABELS_2016,
    )
    assert not any("differ from the previous" in note for note in run_import("revenue-outturn", str(first)).notes)
    report = run_import("revenue-outturn", str(second))
    restated = [warning for warning in report.warnings if "differs from last year's closing" in warning.message]
    assert [(warning.line, warning.field) for warning in restated] == [
        (8, "earmarked reserves at 1 April"),
        (9, "unallocated reserves at 1 April"),
    ]
    kent, surrey = (warning.message for warning in restated)
    assert kent == (
        "RS_2016-17_data_by_LA.xlsx 2016-17: Kent: earmarked reserves at 1 April 2016 are £163,000,000, but the "
        "2015-16 return (RS_2015-16_data_by_LA_-_Revision.xlsx) closed at £163,105,000: opening balance differs "
        "from last year's closing by -£105,000"
    )
    assert "Surrey: unallocated reserves at 1 April 2016 are £12,000,000" in surrey and "by -£9,000,000" in surrey
    assert all("flagged on the council's finance section" in warning.action for warning in restated)
    assert any(
        note.startswith("2 reserve figures at 1 April differ from the previous year's 31 March figure (1 by more")
        for note in report.notes
    )
    # The warnings are what the data sources page shows of the last import.
    page = Client().get("/data/").content.decode()
    assert "opening balance differs from last year&#x27;s closing by -£105,000" in page


@pytest.mark.django_db
def test_the_profile_flags_a_restated_balance() -> None:
    council = CouncilFactory(name="Restated", county_council=True, gss_code="E10900077")
    add_outturns(
        council,
        {
            "2015-16": ("revised outturn", 1000, 500, 200, 180, 50, 40),
            "2016-17": ("outturn", 1000, 500, 185, 170, 40, 30),
        },
    )
    page = " ".join(Client().get(f"/councils/{council.code}/").content.decode().split())
    assert 'id="finances-restated">Restated balances' in page
    assert (
        "2016-17, earmarked reserves at 1 April 2016 (£0.2m): restated: opening balance differs from last "
        "year&#x27;s closing by £5,000 (£0.2m at 31 March 2016 in the 2015-16 return)"
    ) in page
    assert page.count(">restated<span") == 1
