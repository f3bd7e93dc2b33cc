"""Comparator importers: DfE statistical neighbours, mySociety similarity clusters, ONS geographic neighbours."""

from __future__ import annotations

import json
import shutil

import pytest
from openpyxl import Workbook

from tiex.core.importing import ImportFailed
from tiex.councils.models import ClusterLabel, ComparatorKind, ComparatorLink
from tiex.councils.tests.import_helpers import DATA, edited_csv, load, load_councils, sample_rows, snapshot

pytestmark = pytest.mark.django_db

DFE = "dfe_sn_wide.csv"  # lines: 2 Barnsley, 3 Sheffield, 4 N Yorks, 5 Bedford, 6 Dorset, 7 Kent, 8 Cumberland,
# 9 Dorset (Pre LG), 10 Cumbria
GEO = "ons_geographic_neighbours.json"


def links(kind, la_code):
    rows = ComparatorLink.objects.filter(kind=kind, council__la_code=la_code).order_by("rank")
    return [(row.rank, row.neighbour.la_code, row.note) for row in rows]


# DfE statistical neighbours ----------------------------------------------------------------------------------------


def test_dfe_neighbours_are_ranked_with_closeness():
    load_councils()

    report = load("comparators-dfe", DFE)

    kind = ComparatorKind.DFE_STATISTICAL_NEIGHBOURS
    assert (report.rows, report.created) == (9, 18)
    assert links(kind, "BNS") == [(1, "SHF", "Very close"), (2, "NYE", "Very close")]
    assert links(kind, "BDF") == [(1, "KEN", "Very close")]  # "Bedford Borough" is mySociety's "Bedford"
    assert links(kind, "NYE")[0] == (1, "DST", "Extremely close")  # "Dorset" is the current unitary
    # Pre-reorganisation entries map to the former councils.
    assert links(kind, "DOR") == [(1, "DST", "Extremely close"), (2, "NYE", "Very close")]
    assert links(kind, "CMA") == [(1, "CBD", "Extremely close"), (2, "NYE", "Very close")]
    assert links(kind, "DST")[1] == (2, "DOR", "Very close")


def test_dfe_xlsx_with_the_same_columns(tmp_path):
    load_councils()
    load("comparators-dfe", DFE)
    before = snapshot(with_datasets=False)
    rows = sample_rows(DFE)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(rows[0]))
    for row in rows:  # numbers as numbers, as in the DfE workbook
        sheet.append([int(value) if value.isdigit() else (value or None) for value in row.values()])
    path = tmp_path / "sn_may_2025.xlsx"
    workbook.save(path)

    report = load("comparators-dfe", path)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 18)
    assert snapshot(with_datasets=False) == before


def test_dfe_closeness_is_each_neighbours_own_whatever_the_column_spelling(tmp_path):
    load_councils()
    rows = sample_rows(DFE)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([name.replace("_closeness", " Closeness") for name in rows[0]])
    for row in rows:
        sheet.append([value or None for value in row.values()])
    path = tmp_path / "sn_may_2025.xlsx"
    workbook.save(path)

    report = load("comparators-dfe", path)

    kind = ComparatorKind.DFE_STATISTICAL_NEIGHBOURS
    # Sheffield's first neighbour is "Very close", its second only "Close": not one band for all.
    assert links(kind, "SHF") == [(1, "BNS", "Very close"), (2, "NYE", "Close")]
    assert links(kind, "NYE") == [(1, "DST", "Extremely close"), (2, "CBD", "Very close"), (3, "SHF", "Somewhat close")]
    assert not report.notes


def test_dfe_without_closeness_columns_says_so(tmp_path):
    load_councils()
    path = tmp_path / "sn.csv"
    rows = sample_rows(DFE)
    columns = [name for name in rows[0] if not name.endswith("_closeness")]
    path.write_text("\n".join([",".join(columns), *(",".join(row[name] for name in columns) for row in rows)]) + "\n")
    report = load("comparators-dfe", path)
    assert links(ComparatorKind.DFE_STATISTICAL_NEIGHBOURS, "SHF")[0] == (1, "BNS", "")
    assert "No closeness column for SN1, SN2" in report.notes[0]


def test_dfe_reimport_replaces_the_lists_of_the_councils_in_the_file(tmp_path):
    load_councils()
    load("comparators-dfe", DFE)
    kind = ComparatorKind.DFE_STATISTICAL_NEIGHBOURS
    path = edited_csv(tmp_path, DFE, {(2, "SN2"): "", (2, "SN1_closeness"): "Close"})

    report = load("comparators-dfe", path)

    assert links(kind, "BNS") == [(1, "SHF", "Close")]
    assert (report.created, report.updated, report.unchanged) == (0, 1, 16)
    assert "Removed 1" in report.notes[0]
    assert load("comparators-dfe", path).unchanged == 17


def test_dfe_bad_file_changes_nothing(tmp_path):
    load_councils()
    load("comparators-dfe", DFE)
    before = snapshot()
    path = edited_csv(
        tmp_path,
        DFE,
        {(3, "SN1"): "999", (5, "LA Name"): "Atlantis", (6, "LA num"): "8x8", (7, "SN2"): "886"},  # 886 is Kent itself
    )

    with pytest.raises(ImportFailed) as failed:
        load("comparators-dfe", path)

    assert {(e.line, e.field) for e in failed.value.errors} == {
        (3, "SN1"),
        (5, "LA Name"),
        (6, "LA num"),
        (7, "SN2"),
        (4, "SN1"),  # North Yorkshire's SN1 is Dorset (838), whose LA num is now invalid
        (9, "SN1"),  # and so is Dorset (Pre LG)'s
    }  # Kent's SN1, Bedford, is not reported again: its own row already is
    assert snapshot() == before


# mySociety similarity clusters -------------------------------------------------------------------------------------


def test_similarity_folder_imports_every_measure_with_descriptions():
    load_councils()

    report = load("comparators-similarity", "similarity")

    assert (report.rows, report.created) == (7, 7)
    barnsley = ClusterLabel.objects.get(kind=ComparatorKind.SIMILARITY_DEPRIVATION, council__la_code="BNS")
    assert barnsley.label == "1st IMD quintile"
    assert barnsley.description == "Councils in most deprived quintile (20%)"
    rural = ClusterLabel.objects.get(kind=ComparatorKind.SIMILARITY_RURAL_URBAN, council__la_code="NYE")
    assert (rural.label, rural.description) == ("Sparse and rural", "")  # no label_desc file for ruc here


def test_similarity_single_file_and_upstream_folder_layout(tmp_path):
    load_councils()
    upstream = tmp_path / "imd_distance"
    upstream.mkdir()
    shutil.copy(DATA / "similarity" / "mysociety_imd_la_labels.csv", upstream / "la_labels.csv")
    shutil.copy(DATA / "similarity" / "mysociety_imd_label_desc.csv", upstream / "label_desc.csv")

    report = load("comparators-similarity", upstream / "la_labels.csv")

    assert report.created == 4
    assert ClusterLabel.objects.filter(kind=ComparatorKind.SIMILARITY_DEPRIVATION).count() == 4
    assert ClusterLabel.objects.get(council__la_code="KEN").description.startswith("Councils in second least")


def test_similarity_reimport_and_dry_run_change_nothing():
    load_councils()
    before = snapshot()
    assert load("comparators-similarity", "similarity", dry_run=True).created == 7
    assert snapshot() == before

    load("comparators-similarity", "similarity")
    before = snapshot(with_datasets=False)
    report = load("comparators-similarity", "similarity")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 7)
    assert snapshot(with_datasets=False) == before


def test_similarity_bad_file_changes_nothing(tmp_path):
    load_councils()
    before = snapshot()
    bad = edited_csv(tmp_path, "similarity/mysociety_imd_la_labels.csv", {(3, "local-authority-code"): "NOPE"})
    unnamed = tmp_path / "labels.csv"
    shutil.copy(DATA / "similarity" / "mysociety_ruc_la_labels.csv", unnamed)

    with pytest.raises(ImportFailed) as failed:
        load("comparators-similarity", bad)
    assert [(e.source, e.line, e.field) for e in failed.value.errors] == [
        ("mysociety_imd_la_labels.csv", 3, "local-authority-code")
    ]
    with pytest.raises(ImportFailed, match="cannot tell the measure"):
        load("comparators-similarity", unnamed)
    assert snapshot() == before


# ONS geographic neighbours -----------------------------------------------------------------------------------------


def test_geographic_neighbours_resolve_old_codes_and_skip_self_and_repeats():
    load_councils()

    report = load("comparators-geographic", GEO)

    kind = ComparatorKind.GEOGRAPHIC_NEIGHBOURS
    # E08000016 is Barnsley's former code; Sheffield is listed twice.
    assert links(kind, "BNS") == [(1, "SHF", "borders"), (2, "NYE", "borders"), (3, "MAI", "nearby")]
    # Allerdale (abolished) lists itself.
    assert links(kind, "ALL") == [(1, "CBD", "borders"), (2, "WAF", "borders"), (3, "CMA", "nearby")]
    assert links(kind, "MAI") == [(1, "KEN", "nearby")]  # no bordering list (null)
    assert (report.rows, report.created, report.skipped) == (4, 9, 2)


def test_geographic_reimport_and_dry_run_change_nothing():
    load_councils()
    before = snapshot()
    assert load("comparators-geographic", GEO, dry_run=True).created == 9
    assert snapshot() == before

    load("comparators-geographic", GEO)
    before = snapshot(with_datasets=False)
    report = load("comparators-geographic", GEO)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 9)
    assert snapshot(with_datasets=False) == before


def test_geographic_unknown_code_changes_nothing(tmp_path):
    load_councils()
    load("comparators-geographic", GEO)
    before = snapshot()
    data = json.loads((DATA / GEO).read_text())
    data["E07000110"] = [["E99999999"], "E10000016"]
    data["E00000000"] = [None]
    path = tmp_path / "neighbours.json"
    path.write_text(json.dumps(data))

    with pytest.raises(ImportFailed) as failed:
        load("comparators-geographic", path)

    assert {e.field for e in failed.value.errors} == {"E07000110", "E00000000"}
    assert snapshot() == before
