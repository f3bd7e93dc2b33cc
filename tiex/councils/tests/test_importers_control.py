"""The political control importer (Open Council Data history CSV)."""

from __future__ import annotations

import pytest

from tiex.core.importing import ImportFailed
from tiex.councils.models import ControlYear, Council
from tiex.councils.tests.import_helpers import edited_csv, load, load_councils, snapshot

pytestmark = pytest.mark.django_db

SAMPLE = "opencouncildata_history.csv"
# lines: 2 Allerdale 2021, 3 N Yorks (county, ocd 17) 2021, 4 N Yorks (417) 2022, 5 Kent 2023, 6 Maidstone 2023,
# 7 N Yorks 2023, 8 Barnsley 2024, 9 Kent 2024, 10 Barnsley 2025, 11 Cumberland (418) 2025, 12 Kent 2025,
# 13 Maidstone 2025


def control_rows(la_code):
    rows = ControlYear.objects.filter(council__la_code=la_code).order_by("year")
    return [(row.year, row.control, row.control_changed) for row in rows]


def test_import_works_out_control_and_changes():
    load_councils()

    report = load("control", SAMPLE)

    assert (report.rows, report.created, report.updated, report.unchanged) == (12, 12, 0, 0)
    assert control_rows("KEN") == [(2023, "con", None), (2024, "con", False), (2025, "ref", True)]
    assert control_rows("MAI") == [(2023, "noc", None), (2025, "noc", None)]  # 2024 is missing: change unknown
    kent_2025 = ControlYear.objects.get(council__la_code="KEN", year=2025)
    assert kent_2025.total_seats == 81
    assert kent_2025.seats == {"con": 6, "lab": 2, "ld": 12, "green": 5, "ref": 56}
    assert kent_2025.majority_label == "REF"


def test_latest_control_is_copied_to_the_council():
    load_councils()
    load("control", SAMPLE)

    kent = Council.objects.get(la_code="KEN")
    assert (kent.control, kent.control_year) == ("ref", 2025)
    assert (Council.objects.get(la_code="ALL").control, Council.objects.get(la_code="ALL").control_year) == (
        "noc",
        2021,
    )
    assert Council.objects.get(la_code="SHF").control == ""


def test_rows_without_a_known_id_match_current_councils_by_name():
    load_councils()
    load("control", SAMPLE)

    # "North Yorkshire" with id 17 is the former county; with the unknown id 417 it is the current unitary.
    assert control_rows("NYK") == [(2021, "con", None)]
    assert control_rows("NYE") == [(2022, "con", None), (2023, "con", False)]
    assert control_rows("CBD") == [(2025, "lab", None)]


def test_gss_code_column_is_used_when_present(tmp_path):
    load_councils()
    path = edited_csv(tmp_path, "control_with_codes.csv", {(4, "authority"): "A name nobody uses"})

    report = load("control", path)

    assert report.created == 3
    assert control_rows("BNS") == [(2024, "lab", None), (2025, "lab", False)]  # via its former code E08000016
    assert control_rows("CBD") == [(2025, "lab", None)]


def test_reimport_changes_nothing():
    load_councils()
    load("control", SAMPLE)
    before = snapshot(with_datasets=False)

    report = load("control", SAMPLE)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 12)
    assert snapshot(with_datasets=False) == before


def test_dry_run_changes_nothing():
    load_councils()
    before = snapshot()

    assert load("control", SAMPLE, dry_run=True).created == 12
    assert snapshot() == before


def test_a_later_import_of_an_earlier_year_updates_the_change_flag(tmp_path):
    load_councils()
    kent_2025_only = tmp_path / "kent_2025.csv"
    kent_2025_only.write_text(
        "id,council id,authority,year,total,con,lab,ld,green,ukip,ref,pc,snp,other,majority\n"
        "3676,12,Kent,2025,81,6,2,12,5,0,56,0,0,0,REF\n"
    )
    load("control", kent_2025_only)
    assert control_rows("KEN") == [(2025, "ref", None)]

    report = load("control", SAMPLE)

    assert control_rows("KEN") == [(2023, "con", None), (2024, "con", False), (2025, "ref", True)]
    assert (report.created, report.updated, report.unchanged) == (11, 1, 0)


def test_bad_file_changes_nothing_and_names_every_problem(tmp_path):
    load_councils()
    load("control", SAMPLE)
    before = snapshot()
    path = edited_csv(
        tmp_path,
        SAMPLE,
        {
            (3, "year"): "20x1",
            (4, "con"): "-3",
            (5, "total"): "10",  # fewer seats than the parties hold
            (6, "year"): "1850",
            (7, "council id"): "99999",
            (7, "authority"): "Nowhere",
            (8, "lab"): "4.5",
            (12, "year"): "2024",  # a second Kent 2024 (line 9)
        },
    )

    with pytest.raises(ImportFailed) as failed:
        load("control", path)

    assert {(e.line, e.field) for e in failed.value.errors} == {
        (3, "year"),
        (4, "con"),
        (5, "total"),
        (6, "year"),
        (7, "authority"),
        (8, "lab"),
        (12, "year"),
    }
    assert snapshot() == before


def test_missing_column_fails_on_the_header(tmp_path):
    load_councils()

    with pytest.raises(ImportFailed) as failed:
        load("control", edited_csv(tmp_path, SAMPLE, drop="total"))

    assert [(e.line, e.field) for e in failed.value.errors] == [(1, None)]
    assert not ControlYear.objects.exists()
