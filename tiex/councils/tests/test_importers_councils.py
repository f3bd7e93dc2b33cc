"""The councils importer (mySociety's list) and the 2025 GSS re-codings."""

from __future__ import annotations

import datetime

import pytest

from tiex.core.importing import ImportFailed
from tiex.core.models import Dataset
from tiex.councils.models import Council, CouncilCode
from tiex.councils.tests.import_helpers import edited_csv, load, load_councils, snapshot

pytestmark = pytest.mark.django_db

SAMPLE = "uk_local_authorities.csv"  # line 2 ALL, 3 BDF, 4 BNS ... 10 KEN, 11 MAI, 15 SHF, 16 WAF


def test_import_fills_every_council_field():
    report = load("councils", SAMPLE)

    assert (report.rows, report.created, report.updated, report.unchanged) == (15, 15, 0, 0)
    kent = Council.objects.get(la_code="KEN")
    assert kent.gss_code == "E10000016"
    assert kent.official_name == "Kent County Council"
    assert kent.name == "Kent"
    assert (kent.type, kent.powers, kent.region, kent.nation) == ("CTY", "upper tier", "South East", "England")
    assert kent.ocd_id == 12
    assert kent.population_2020 == 1589057
    assert kent.area_km2 == 3544.0
    assert kent.latitude == pytest.approx(51.515, abs=0.001)
    assert kent.gov_uk_slug == "kent"
    assert kent.is_current and kent.is_principal
    assert Council.objects.get(la_code="MAI").county == kent
    assert Council.objects.get(la_code="BNS").combined_authority.la_code == "SCR"


def test_abolished_councils_keep_dates_and_successors():
    load("councils", SAMPLE)

    cumbria = Council.objects.get(la_code="CMA")
    assert not cumbria.is_current
    assert cumbria.end_date == datetime.date(2023, 4, 1)
    assert set(cumbria.successors.values_list("la_code", flat=True)) == {"CBD", "WAF"}
    assert set(Council.objects.get(la_code="CBD").predecessors.values_list("la_code", flat=True)) == {"ALL", "CMA"}
    assert Council.objects.get(la_code="CBD").ocd_id is None  # blank in the file


def test_names_alt_names_and_search_names():
    load("councils", SAMPLE)

    bedford = Council.objects.get(la_code="BDF")
    assert bedford.alt_names.splitlines() == ["Bedford UA"]  # the name itself and case repeats dropped
    assert "bedford borough council" in bedford.search_names.splitlines()
    # A successor is found by its predecessors' names.
    assert "allerdale" in Council.objects.get(la_code="CBD").search_names.splitlines()
    assert "north yorkshire county council" in Council.objects.get(la_code="NYE").search_names.splitlines()


def test_current_and_former_codes_are_kept():
    load("councils", SAMPLE)

    gateshead = Council.objects.get(la_code="GAT")
    assert dict(gateshead.codes.values_list("code", "is_current")) == {"E08000037": True, "E08000020": False}
    assert CouncilCode.objects.get(code="E07000026").council.name == "Allerdale"  # abolished councils keep theirs


def test_import_records_the_dataset_and_its_licence():
    load("councils", SAMPLE)

    dataset = Dataset.objects.get(slug="councils")
    assert dataset.licence == "CC BY 4.0"
    assert "mySociety" in dataset.attribution
    assert dataset.last_imported_from.endswith(SAMPLE)
    assert dataset.last_row_count == 15


def test_reimport_changes_nothing():
    load("councils", SAMPLE)
    before = snapshot(with_datasets=False)

    report = load("councils", SAMPLE)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 15)
    assert snapshot(with_datasets=False) == before


def test_dry_run_changes_nothing():
    before = snapshot()

    report = load("councils", SAMPLE, dry_run=True)

    assert report.dry_run and report.created == 15
    assert snapshot() == before


def test_a_changed_row_is_updated(tmp_path):
    load("councils", SAMPLE)
    path = edited_csv(tmp_path, SAMPLE, {(10, "nice-name"): "Kent (renamed)", (11, "county-la"): ""})

    report = load("councils", path)

    assert (report.created, report.updated, report.unchanged) == (0, 2, 13)
    assert Council.objects.get(la_code="KEN").name == "Kent (renamed)"
    assert Council.objects.get(la_code="MAI").county is None


def test_bad_file_changes_nothing_and_names_every_problem(tmp_path):
    load("councils", SAMPLE)
    before = snapshot()
    path = edited_csv(
        tmp_path,
        SAMPLE,
        {
            (3, "start-date"): "2009-13-01",
            (4, "gss-code"): "X123",
            (6, "replaced-by"): "CBD,NOPE",
            (10, "local-authority-type"): "XYZ",
            (11, "pop-2020"): "-5",
            (12, "current-authority"): "maybe",
            (15, "former-gss-codes"): "E08000037",  # Gateshead's code
        },
    )

    with pytest.raises(ImportFailed) as failed:
        load("councils", path)

    found = {(error.line, error.field) for error in failed.value.errors}
    assert found == {
        (3, "start-date"),
        (4, "gss-code"),
        (6, "replaced-by"),
        (10, "local-authority-type"),
        (11, "pop-2020"),
        (12, "current-authority"),
        (15, "former-gss-codes"),
    }
    assert {error.source for error in failed.value.errors} == {SAMPLE}
    assert "line 6, field 'replaced-by'" in str(failed.value)
    assert snapshot() == before


def test_duplicate_codes_are_errors(tmp_path):
    path = edited_csv(tmp_path, SAMPLE, {(16, "local-authority-code"): "SHF", (5, "gss-code"): "E06000055"})

    with pytest.raises(ImportFailed) as failed:
        load("councils", path)

    found = {(e.line, e.field) for e in failed.value.errors}
    # Line 16 is now a second SHF, so nothing is WAF any more and Cumbria's successor (line 6) is unknown.
    assert found == {(16, "local-authority-code"), (5, "gss-code"), (6, "replaced-by")}
    assert not Council.objects.exists()


def test_missing_column_fails_on_the_header(tmp_path):
    with pytest.raises(ImportFailed) as failed:
        load("councils", edited_csv(tmp_path, SAMPLE, drop="gss-code"))

    (error,) = failed.value.errors
    assert (error.line, error.field) == (1, None)
    assert "gss-code" in error.message
    assert not Council.objects.exists()


# The 2025 re-codings ---------------------------------------------------------------------------------------------


def test_2025_codes_recode_barnsley_and_keep_the_old_code():
    load("councils", SAMPLE)

    report = load("council-codes-2025", "england_councils_current.csv")

    assert (report.updated, report.unchanged) == (2, 2)
    barnsley = Council.objects.get(la_code="BNS")
    assert barnsley.gss_code == "E08000038"
    assert dict(barnsley.codes.values_list("code", "is_current")) == {"E08000038": True, "E08000016": False}
    assert CouncilCode.objects.get(code="E08000016").council == barnsley
    assert Council.objects.get(la_code="SHF").gss_code == "E08000039"


def test_reimporting_the_older_file_does_not_revert_a_new_code():
    load_councils()
    before = snapshot(with_datasets=False)

    report = load("councils", SAMPLE)  # still says Barnsley is E08000016

    assert (report.updated, report.unchanged) == (0, 15)
    assert any("Barnsley keeps E08000038" in note for note in report.notes)
    assert Council.objects.get(la_code="BNS").gss_code == "E08000038"
    assert snapshot(with_datasets=False) == before
    assert load("council-codes-2025", "england_councils_current.csv").updated == 0


def test_ons_changes_file_applies_only_new_codes():
    load("councils", SAMPLE)

    report = load("council-codes-2025", "ons_changes.csv")

    assert (report.rows, report.updated, report.skipped) == (4, 2, 2)  # the merger and termination are skipped
    assert Council.objects.get(la_code="BNS").gss_code == "E08000038"
    assert Council.objects.get(la_code="ALL").gss_code == "E07000026"


def test_codes_file_that_does_not_match_changes_nothing(tmp_path):
    load("councils", SAMPLE)
    before = snapshot()
    path = edited_csv(
        tmp_path,
        "england_councils_current.csv",
        {(3, "gss_code"): "E08000019", (4, "gss_code_2025"): "E10000016", (5, "la_code"): "NOPE"},
    )

    with pytest.raises(ImportFailed) as failed:
        load("council-codes-2025", path)

    assert {(e.line, e.field) for e in failed.value.errors} == {(3, "gss_code"), (4, "gss_code_2025"), (5, "la_code")}
    assert snapshot() == before


def test_codes_dry_run_changes_nothing():
    load("councils", SAMPLE)
    before = snapshot()

    assert load("council-codes-2025", "england_councils_current.csv", dry_run=True).updated == 2
    assert snapshot() == before


def test_sample_principal_councils():
    load_councils()

    principal = Council.objects.principal().filter(nation="England")
    assert set(principal.values_list("la_code", flat=True)) == {
        "BDF", "BNS", "CBD", "DST", "GAT", "KEN", "MAI", "NYE", "SHF", "WAF"
    }  # fmt: skip
