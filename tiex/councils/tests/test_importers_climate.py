"""Net zero commitments and climate emergency declarations (mySociety / Climate Emergency UK).

Samples: real rows for Barnsley, Kent, Maidstone and Sheffield, plus made-up rows that exercise
the checks (Gateshead's year "2O30" and date "05/2019", a row without a code, Dorset's
declaration dated 2099 with a target year of 3030).
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client

from tiex.core.importing import ImportFailed, run_import
from tiex.councils.models import ClimateEmergencyDeclaration, NetZeroCommitment
from tiex.councils.tests.import_helpers import edited_csv, load, load_councils

pytestmark = pytest.mark.django_db

PROMISES = "net_zero_commitments.csv"  # lines 2-3 BNS, 4-5 KEN, 6 MAI, 7 SHF, 8 GAT "2O30", 9 no code
DECLARATIONS = "climate_emergency_declarations.csv"  # 2 BNS, 3 KEN, 4 MAI, 5 SHF, 6 GAT, 7 no code, 8 DST


def snapshot() -> list[list[dict]]:  # type: ignore[type-arg]
    return [
        list(model.objects.order_by("pk").values())
        for model in (NetZeroCommitment, ClimateEmergencyDeclaration)  # type: ignore[attr-defined]
    ]


def test_net_zero_commitments_are_imported_per_council_and_scope():
    load_councils()
    report = load("net-zero-commitments", PROMISES)

    assert (report.rows, report.created, report.skipped) == (8, 7, 1)
    kent = {c.scope: c for c in NetZeroCommitment.objects.filter(council__la_code="KEN")}
    assert kent["Council operations"].target_year == 2030
    assert kent["Whole area"].target_year == 2050
    assert kent["Whole area"].wording.startswith("We are also committed")
    assert kent["Whole area"].source_url.startswith("https://")
    gateshead = NetZeroCommitment.objects.get(council__la_code="GAT")
    assert gateshead.target_year is None
    warnings = {(w.line, w.field): w for w in report.warnings}
    assert warnings[(8, "target")].message.startswith(
        "Gateshead Metropolitan Borough Council (E08000037, GAT): '2O30' is not a year"
    )
    assert warnings[(8, "target")].action == "shown without a year"
    assert warnings[(9, "local-authority-code")].action == "row skipped"


def test_declarations_with_dates_links_and_checks():
    load_councils()
    report = load("climate-emergency-declarations", DECLARATIONS)

    assert (report.rows, report.created, report.skipped) == (7, 6, 1)
    kent = ClimateEmergencyDeclaration.objects.get(council__la_code="KEN")
    assert (kent.made_declaration, kent.date_made) == (True, datetime.date(2019, 5, 23))
    assert kent.motion_url == ""  # "Loading..." in the source
    assert (kent.council_target_year, kent.area_target) == (2030, "2050")
    maidstone = ClimateEmergencyDeclaration.objects.get(council__la_code="MAI")
    assert maidstone.motion_url.startswith("https://www.maidstone.gov.uk/")
    dorset = ClimateEmergencyDeclaration.objects.get(council__la_code="DST")
    assert (dorset.made_declaration, dorset.declaration_text) == (False, "N - but made pledges")
    assert (dorset.date_made, dorset.council_target_year) == (None, None)
    gateshead = ClimateEmergencyDeclaration.objects.get(council__la_code="GAT")
    assert (gateshead.date_made, gateshead.date_precision) == (datetime.date(2019, 5, 1), "month")
    assert kent.date_precision == "day"
    messages = {(w.line, w.field): w.message for w in report.warnings}
    assert messages[(8, "date_made")] == "Dorset Council (E06000059, DST): '01/01/2099' is in the future"
    assert messages[(8, "carbon_neutral_date")].startswith("Dorset Council (E06000059, DST): '3030' is not a year")
    assert (6, "date_made") not in messages
    assert any("links were not web addresses" in note for note in report.notes)


def test_reimport_changes_nothing_and_a_dry_run_writes_nothing():
    load_councils()
    dry = load("net-zero-commitments", PROMISES, dry_run=True)
    assert dry.created == 7 and not NetZeroCommitment.objects.exists()
    load("net-zero-commitments", PROMISES)
    load("climate-emergency-declarations", DECLARATIONS)
    before = snapshot()
    again = [load("net-zero-commitments", PROMISES), load("climate-emergency-declarations", DECLARATIONS)]
    assert [(r.created, r.updated, r.unchanged) for r in again] == [(0, 0, 7), (0, 0, 6)]
    assert snapshot() == before


def test_rows_no_longer_in_the_file_are_removed(tmp_path):
    load_councils()
    load("net-zero-commitments", PROMISES)
    shorter = edited_csv(tmp_path, PROMISES, {(7, "scope"): "Council operations"})
    report = load("net-zero-commitments", shorter)
    assert (report.created, report.updated) == (1, 0)
    assert list(NetZeroCommitment.objects.filter(council__la_code="SHF").values_list("scope", flat=True)) == [
        "Council operations"
    ]
    assert "Removed 1" in report.notes[0]


def test_a_bad_file_changes_nothing_and_reports_every_row(tmp_path):
    load_councils()
    load("net-zero-commitments", PROMISES)
    before = snapshot()
    bad = edited_csv(tmp_path, PROMISES, {(2, "local-authority-code"): "NOPE", (5, "scope"): "Council operations"})
    with pytest.raises(ImportFailed) as failed:
        load("net-zero-commitments", bad)
    found = {(error.line, error.field) for error in failed.value.errors}
    assert found == {(2, "local-authority-code"), (5, "scope")}
    assert snapshot() == before
    with pytest.raises(ImportFailed, match="missing column"):
        load("climate-emergency-declarations", edited_csv(tmp_path, DECLARATIONS, drop="date_made"))


def test_the_profile_shows_commitments_and_declaration_with_attribution():
    load_councils()
    load("net-zero-commitments", PROMISES)
    load("climate-emergency-declarations", DECLARATIONS)
    page = Client().get("/councils/E10000016/").content.decode()
    section = page.split('id="climate"', 1)[1].split("<h2", 1)[0]
    assert "Climate commitments" in page
    assert "Declared a climate emergency on 23 May 2019" in section
    assert "Net zero by 2030" in section and "Council operations" in section
    assert "Net zero by 2050" in section and "Whole area" in section
    assert "We are also committed to reducing greenhouse gas emissions" in section
    assert "mySociety / Climate Emergency UK (CC BY 4.0)" in section
    assert 'href="/data/#net-zero-commitments"' in section
    assert 'href="/data/#climate-emergency-declarations"' in section
    dorset = Client().get("/councils/E06000059/").content.decode()
    assert "has not declared a climate emergency" in dorset
    assert "2099" not in dorset


def test_the_api_detail_carries_the_commitments():
    load_councils()
    load("net-zero-commitments", PROMISES)
    load("climate-emergency-declarations", DECLARATIONS)
    data = Client().get("/api/v1/councils/E10000016").json()
    assert [(c["scope"], c["target_year"]) for c in data["net_zero_commitments"]] == [
        ("Whole area", 2050),
        ("Council operations", 2030),
    ]
    assert data["climate_emergency_declaration"]["date_made"] == "2019-05-23"
    assert data["climate_emergency_declaration"]["date_precision"] == "day"
    assert data["climate_emergency_declaration"]["link_label"] == "Link"
    assert data["climate_emergency_declaration"]["made_declaration"] is True
    assert Client().get("/api/v1/councils/E10000016").json() == data


FILES = [
    settings.DATA_DIR / "councils" / "uk_local_authorities_mysociety.csv",
    settings.DATA_DIR / "case_studies" / "mysociety_council_net_zero_commitments.csv",
    settings.DATA_DIR / "case_studies" / "mysociety_council_climate_emergency_declarations.csv",
]


@pytest.mark.skipif(not all(path.exists() for path in FILES), reason=f"the files are not in {settings.DATA_DIR}")
def test_the_real_files():
    run_import("councils")
    promises = run_import("net-zero-commitments")
    declarations = run_import("climate-emergency-declarations")

    assert (promises.rows, promises.created) == (497, 497)
    assert (declarations.rows, declarations.created, declarations.skipped) == (404, 402, 2)
    assert NetZeroCommitment.objects.get(council__la_code="KEN", scope="Whole area").target_year == 2050
    assert ClimateEmergencyDeclaration.objects.filter(made_declaration=True).count() >= 338
    assert not ClimateEmergencyDeclaration.objects.filter(date_made__gt=datetime.date.today()).exists()
    # Derbyshire's "05/2019" is kept to the month; no date in the file is unusable.
    assert not [w for w in declarations.warnings if w.field == "date_made"]
    derbyshire = ClimateEmergencyDeclaration.objects.get(council__la_code="DBY")
    assert (derbyshire.date_made, derbyshire.date_precision) == (datetime.date(2019, 5, 1), "month")
    assert all(w.message.split(": ", 1)[0].endswith(")") for w in [*promises.warnings, *declarations.warnings])


DERBYSHIRE = "climate_derbyshire_declarations.csv"  # real rows: 2 AMB, 3 CHS, 4 DBY


def test_derbyshire_has_pledges_not_a_motion_dated_to_the_month():
    """Derbyshire's real row: "N - but made pledges", "05/2019", "Link to pledges", an area target ending ".)"."""
    load("councils", "councils_checks.csv")
    report = load("climate-emergency-declarations", DERBYSHIRE)

    assert not report.warnings
    derbyshire = ClimateEmergencyDeclaration.objects.get(council__la_code="DBY")
    assert (derbyshire.date_made, derbyshire.date_precision) == (datetime.date(2019, 5, 1), "month")
    assert derbyshire.link_label == "Link to pledges"
    page = Client().get("/councils/E10000007/").content.decode()
    section = " ".join(page.split('id="climate"', 1)[1].split("<h2", 1)[0].split())
    assert "Derbyshire has not declared a climate emergency" in section
    assert "(the source says: “N - but made pledges”, dated May 2019)." in section
    assert "motion" not in section
    assert '>Source: pledges<span class="govuk-visually-hidden">' in section
    assert "the whole area: 2050 (allocated carbon budgets for Derbyshire and to net zero by 2050).</p>" in section
    assert ".)." not in section
    # A council that declared, with the source's plain "Link": the motion, dated to the day.
    chesterfield = " ".join(Client().get("/councils/E07000034/").content.decode().split())
    assert "Declared a climate emergency on 17 July 2019." in chesterfield
    assert ">Read the motion<" in chesterfield
    assert "own operations by 2030; the whole area: 2050.</p>" in chesterfield
