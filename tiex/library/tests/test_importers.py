"""Climate plans and editors' CSV files in; CSV out. All or nothing, dry runs, idempotent re-imports."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from tiex.core.importing import ImportFailed, run_import
from tiex.core.models import AuditEvent, Dataset
from tiex.library.exporters import DOWNLOAD_COLUMNS
from tiex.library.importers import CLIMATE_DATASET
from tiex.library.models import ResourcePage
from tiex.library.resource_csv import import_resources
from tiex.library.search import restrict_to_matches
from tiex.library.tests.factories import CouncilFactory, editor

pytestmark = pytest.mark.django_db

DATA = Path(__file__).with_name("data")


@pytest.fixture
def councils(exchange):  # type: ignore[no-untyped-def]
    return (
        CouncilFactory(la_code="AAA", gss_code="E07900001", name="Alpha"),
        CouncilFactory(la_code="BBB", gss_code="E07900002", name="Beta"),
    )


# --- Climate plans ------------------------------------------------------------------


def test_climate_plans_become_external_resources_linked_to_councils(councils) -> None:  # type: ignore[no-untyped-def]
    alpha, beta = councils
    report = run_import(CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"))
    assert (report.rows, report.created, report.updated, report.unchanged, report.skipped) == (5, 3, 0, 0, 2)
    assert any("no document" in note for note in report.notes)
    plans = ResourcePage.objects.filter(source_dataset=CLIMATE_DATASET)
    assert plans.count() == 3 and all(plan.live for plan in plans)
    plan = plans.get(external_url="https://alpha.example.gov.uk/climate-action-plan.pdf")
    assert plan.title == "Climate Action Plan 2021 to 2030"  # the later of two rows for the same document
    assert plan.resource_type == "external"
    assert list(plan.councils.all()) == [alpha]
    assert plan.licence == "CC BY 4.0"
    assert plan.attribution == "mySociety / Climate Emergency UK (CC BY 4.0)"
    # The plan's own date: the period in its title (no time_period given), not the day it was retrieved.
    assert plan.date == datetime.date(2021, 1, 1)
    assert plan.summary == "Action plan published by Alpha, for 2021 to 2030."
    assert plan.url == "/exchange/alpha-climate-action-plan-2021-to-2030/"
    assert [s.slug for s in plan.service_areas.all()] == ["climate"]
    # Themes from what the document is (climate_plans.toml), not a blanket tag.
    assert [t.slug for t in plan.themes.all()] == ["capacity-to-deliver"]
    untitled = plans.get(councils=beta)
    assert untitled.title == "Progress report: Beta"
    assert untitled.date is None  # no period given; the register's update date is not the plan's
    assert {t.slug for t in untitled.themes.all()} == {"data-and-intelligence", "organisational-leadership"}
    marked_old = plans.get(external_url="https://alpha.example.gov.uk/net-zero-strategy")
    assert marked_old.is_possibly_out_of_date
    assert marked_old.date is None and marked_old.review_date == datetime.date(2023, 9, 18)
    assert [t.slug for t in marked_old.themes.all()] == ["understanding-of-place"]
    assert report.warnings == []
    # In the search index and the page tree, like any page.
    assert restrict_to_matches(ResourcePage.objects.live(), ["strategy"]).get() == marked_old
    assert Client().get(plan.url).status_code == 200
    assert Dataset.objects.get(slug=CLIMATE_DATASET).last_row_count == 5


def test_re_importing_the_same_file_changes_nothing(councils) -> None:  # type: ignore[no-untyped-def]
    run_import(CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"))
    ids = set(ResourcePage.objects.values_list("pk", flat=True))
    report = run_import(CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert set(ResourcePage.objects.values_list("pk", flat=True)) == ids


def test_a_changed_plan_is_updated_in_place(councils, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_import(CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"))
    changed = tmp_path / "plans.csv"
    changed.write_text(
        (DATA / "climate_plans_good.csv").read_text().replace("Net Zero Strategy", "Net Zero Strategy 2024")
    )
    report = run_import(CLIMATE_DATASET, str(changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert ResourcePage.objects.filter(title="Net Zero Strategy 2024", live=True).count() == 1


def test_a_dry_run_changes_nothing(councils) -> None:  # type: ignore[no-untyped-def]
    report = run_import(CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"), dry_run=True)
    assert report.created == 3 and report.dry_run
    assert not ResourcePage.objects.exists()


def test_a_bad_file_reports_every_row_and_changes_nothing(councils) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed) as failed:
        run_import(CLIMATE_DATASET, str(DATA / "climate_plans_bad.csv"))
    messages = [str(error) for error in failed.value.errors]
    assert any("line 2" in m and "'url'" in m and "not a web address" in m for m in messages)
    assert any("line 3" in m and "no council has the code" in m for m in messages)
    assert not ResourcePage.objects.exists()
    with pytest.raises(ImportFailed, match="missing column"):
        run_import(CLIMATE_DATASET, str(DATA / "climate_plans_wrong_columns.csv"))


def test_climate_plans_need_the_councils_first(exchange) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed, match="import the councils first"):
        run_import(CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"))


# --- What became of every row: recorded on the Dataset, shown on /data/ and by `tiex import` ---

# The good sample: 5 rows read, 3 resources created, 1 row without a document, 1 repeated row.
GOOD_SAMPLE_FIGURES = {"rows": 5, "created": 3, "updated": 0, "unchanged": 0, "skipped": 2}


def _figures(report: dict) -> dict:  # type: ignore[type-arg]
    return {key: value for key, value in report.items() if key not in ("notes", "warnings")}


def test_the_import_records_what_became_of_every_row(councils) -> None:  # type: ignore[no-untyped-def]
    report = run_import(CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"))
    recorded = Dataset.objects.get(slug=CLIMATE_DATASET).last_report
    assert _figures(recorded) == GOOD_SAMPLE_FIGURES
    assert recorded["notes"] == report.notes
    assert [("no document" in note, "repeat" in note) for note in recorded["notes"]] == [(True, False), (False, True)]
    # Every row is accounted for: resources created plus rows skipped (each kind explained by a note).
    assert recorded["created"] + recorded["skipped"] == recorded["rows"]
    run_import(CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"))
    again = Dataset.objects.get(slug=CLIMATE_DATASET).last_report
    assert _figures(again) == {**GOOD_SAMPLE_FIGURES, "created": 0, "unchanged": 3}


def test_the_data_page_shows_the_rows_read_and_the_notes(councils) -> None:  # type: ignore[no-untyped-def]
    report = run_import(CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"))
    html = Client().get("/data/").content.decode()
    section = html.split(f'id="{CLIMATE_DATASET}"', 1)[1].split("<h2", 1)[0]
    assert "Result of last import" in section
    assert "5 rows read: 3 created, 0 updated, 0 unchanged, 2 skipped." in section
    assert len(report.notes) == 2
    for note in report.notes:
        assert f"<li>{escape(note)}</li>" in section


def test_a_failed_import_leaves_the_previous_report_in_place(councils) -> None:  # type: ignore[no-untyped-def]
    run_import(CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"))
    before = Dataset.objects.get(slug=CLIMATE_DATASET)
    with pytest.raises(ImportFailed):
        run_import(CLIMATE_DATASET, str(DATA / "climate_plans_bad.csv"))
    after = Dataset.objects.get(slug=CLIMATE_DATASET)
    assert _figures(after.last_report) == GOOD_SAMPLE_FIGURES
    assert after.last_report == before.last_report
    assert (after.last_imported_at, after.last_imported_from) == (before.last_imported_at, before.last_imported_from)


def test_a_dry_run_records_no_report(councils, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_import(CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"), dry_run=True)
    assert not Dataset.objects.filter(slug=CLIMATE_DATASET).exists()
    run_import(CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"))
    before = Dataset.objects.get(slug=CLIMATE_DATASET)
    changed = tmp_path / "plans.csv"
    changed.write_text(
        (DATA / "climate_plans_good.csv").read_text().replace("Net Zero Strategy", "Net Zero Strategy 2024")
    )
    report = run_import(CLIMATE_DATASET, str(changed), dry_run=True)
    assert report.updated == 1
    after = Dataset.objects.get(slug=CLIMATE_DATASET)
    assert _figures(after.last_report) == GOOD_SAMPLE_FIGURES
    assert (after.last_report, after.last_imported_at) == (before.last_report, before.last_imported_at)


def test_tiex_import_prints_the_same_summary_and_the_notes(councils) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("import_dataset", CLIMATE_DATASET, str(DATA / "climate_plans_good.csv"), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"Imported {CLIMATE_DATASET} from ")
    outcome = "5 rows read: 3 created, 0 updated, 0 unchanged, 2 skipped."
    assert lines[0].endswith(". " + outcome)
    assert [line.strip() for line in lines[1:]] == Dataset.objects.get(slug=CLIMATE_DATASET).last_report["notes"]
    assert len(lines) == 3
    assert outcome in Client().get("/data/").content.decode()


# --- Editors' CSV files ----------------------------------------------------------------


def test_editors_import_resources_from_csv(councils) -> None:  # type: ignore[no-untyped-def]
    report = import_resources(DATA / "resources_good.csv")
    assert (report.rows, report.created, report.updated, report.unchanged) == (2, 2, 0, 0)
    legal = ResourcePage.objects.get(slug="shared-legal-service")
    assert legal.live and legal.resource_type == "case-study"
    assert "<h2>What we did</h2>" in legal.body and "<li>Fewer external barristers</li>" in legal.body
    assert [t.slug for t in legal.themes.order_by("slug")] == ["capacity-to-deliver", "organisational-leadership"]
    assert {c.gss_code for c in legal.councils.all()} == {"E07900001", "E07900002"}
    savings = [(o.amount, o.period, o.status, o.description) for o in legal.outcomes.filter(kind="saving")]
    assert savings == [
        (Decimal("250000.00"), "per-year", "achieved", "external legal spend"),
        (Decimal("30000.00"), "one-off", "expected", ""),
    ]
    assert [(o.status, o.description) for o in legal.outcomes.filter(kind="benefit")] == [
        ("expected", "Faster contract reviews")
    ]
    guide = ResourcePage.objects.get(slug="procurement-guide")
    assert not guide.live  # status draft
    assert AuditEvent.objects.filter(action="resource.import").count() == 1
    again = import_resources(DATA / "resources_good.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_bad_editors_file_reports_every_problem(councils) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed) as failed:
        import_resources(DATA / "resources_bad.csv")
    text = "\n".join(str(error) for error in failed.value.errors)
    for field in ("'type'", "'themes'", "'councils'", "'date'", "'evidence_level'", "'savings'", "'contact_email'"):
        assert field in text
    assert "'external_url'" in text
    assert "line 3, field 'title': is required" in text
    assert not ResourcePage.objects.exists()


def test_an_editors_dry_run_changes_nothing(councils) -> None:  # type: ignore[no-untyped-def]
    report = import_resources(DATA / "resources_good.csv", dry_run=True)
    assert report.created == 2
    assert not ResourcePage.objects.exists()
    assert not AuditEvent.objects.filter(action="resource.import").exists()


def test_tiex_import_resources_command(councils) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("import_dataset", "resources", str(DATA / "resources_good.csv"), "--dry-run", stdout=out)
    assert "Would import resources" in out.getvalue()
    assert not ResourcePage.objects.exists()
    call_command("import_dataset", "resources", str(DATA / "resources_good.csv"), stdout=out)
    assert ResourcePage.objects.count() == 2


def test_an_export_can_be_imported_again_unchanged(councils, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_resources(DATA / "resources_good.csv")
    client = Client()
    client.force_login(editor())
    response = client.get("/admin/exchange/export.csv")
    assert response.status_code == 200 and response.streaming
    body = response.getvalue()  # streamed: read once
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert list(rows[0]) == DOWNLOAD_COLUMNS
    assert {row["status"] for row in rows} == {"published", "draft"}
    exported = tmp_path / "export.csv"
    exported.write_text(body.decode())
    report = import_resources(exported)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_the_admin_import_page_runs_a_dry_run(councils) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(editor())
    with (DATA / "resources_good.csv").open("rb") as handle:
        response = client.post("/admin/exchange/import/", {"file": handle, "dry_run": "on"}, follow=True)
    assert response.status_code == 200
    assert "Would import resources" in response.content.decode()
    assert not ResourcePage.objects.exists()
    with (DATA / "resources_bad.csv").open("rb") as handle:
        response = client.post("/admin/exchange/import/", {"file": handle}, follow=True)
    assert "Nothing was imported" in response.content.decode()
    assert "resources_bad.csv, line 2" in response.content.decode()
