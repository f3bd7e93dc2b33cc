"""The three published workbooks against our derived CSV of the same columns (skipped without the files)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from tiex.core.datasets import dataset_spec
from tiex.core.importing import run_import
from tiex.councils.models import Council
from tiex.finance.models import FinanceSummary, RevenueOutturn

FOLDER = Path(settings.DATA_DIR) / "finance"
CSV = FOLDER / "mhclg_rs_reserves_nre_2015-16_to_2017-18.csv"
present = CSV.exists() and dataset_spec("revenue-outturn").default_local_source(settings.DATA_DIR).exists()
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not present, reason=f"the revenue outturn workbooks are not in {FOLDER}"),
]
# CSV column -> RevenueOutturn field
COLUMNS = {
    "total_service_expenditure": "total_service_expenditure",
    "net_revenue_expenditure": "net_revenue_expenditure",
    "council_tax_requirement": "council_tax_requirement",
    "earmarked_reserves_1apr": "earmarked_reserves_start",
    "unallocated_reserves_1apr": "unallocated_reserves_start",
    "earmarked_reserves_31mar": "earmarked_reserves_end",
    "unallocated_reserves_31mar": "unallocated_reserves_end",
    "schools_reserves_31mar": "schools_reserves_end",
    "public_health_reserves_31mar": "public_health_reserves_end",
}


def test_the_import_agrees_with_the_derived_csv_row_for_row() -> None:
    run_import("councils")
    run_import("council-codes-2025")
    report = run_import("revenue-outturn")
    with CSV.open(newline="", encoding="utf-8") as handle:
        expected = list(csv.DictReader(handle))
    councils = [row for row in expected if row["class"] != "O"]
    assert report.rows == len(expected) == 1335
    assert report.skipped == len(expected) - len(councils) == 276
    stored = {(row.financial_year, row.ecode): row for row in RevenueOutturn.objects.all()}
    assert len(stored) == len(councils) == 1059
    for row in councils:
        outturn = stored[(row["financial_year"], row["ecode"])]
        assert outturn.status == row["status"]
        assert outturn.ons_code == row["ons_code"]
        assert outturn.authority_name == row["authority"]
        assert outturn.authority_class == row["class"]
        for column, name in COLUMNS.items():
            value = getattr(outturn, name)
            assert (None if value is None else Decimal(value)) == (Decimal(row[column]) if row[column] else None), (
                row["financial_year"],
                row["authority"],
                column,
            )

    kent = Council.objects.get(la_code="KEN")
    assert list(kent.revenue_outturns.order_by("financial_year").values_list("financial_year", flat=True)) == [
        "2015-16",
        "2016-17",
        "2017-18",
    ]
    # Barnsley and Sheffield report under their pre-2025 codes; North Yorkshire under a wrong one in two years.
    assert Council.objects.get(la_code="BNS").revenue_outturns.count() == 3
    assert Council.objects.get(la_code="SHF").revenue_outturns.count() == 3
    assert Council.objects.get(la_code="NYK").revenue_outturns.count() == 3
    assert FinanceSummary.objects.filter(unallocated_change__lt=-25, council__is_current=True).exists()

    # Restated balances are counted; Bristol's 2015-16 earmarked and unallocated reserves are swapped.
    assert any("265 reserve figures at 1 April differ" in note and "City of Bristol" in note for note in report.notes)
    # ... and each is a row warning naming the council, the year, the balance and both figures.
    restated = [str(warning) for warning in report.warnings if "differs from last year's closing" in warning.message]
    assert len(restated) == 265
    assert any("City of Bristol" in text and "earmarked reserves at 1 April 2016 are £" in text for text in restated)

    again = run_import("revenue-outturn")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1059)
