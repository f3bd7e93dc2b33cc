"""The import framework: dry runs, all-or-nothing, sources from paths and URLs."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import connection

from tiex.core import datasets
from tiex.core.importing import ErrorCollector, ImportFailed, ImportReport, Prepared, prepares, read_csv, run_import
from tiex.core.models import Dataset

SPEC = datasets.DatasetSpec(
    slug="sample",
    title="Sample",
    publisher="Us",
    description="",
    source_url="https://example.org/sample.csv",
    homepage_url="",
    licence="OGL v3.0",
    licence_url="",
    attribution="Sample attribution",
    local_path="sample/sample.csv",
    importer="tiex.core.tests.test_importing:sample_importer",
    reference=True,
)


def sample_importer(path: Path, *, dataset, progress) -> ImportReport:  # type: ignore[no-untyped-def]
    """Stores each name as a Dataset row (any model would do), failing on blank names."""
    errors = ErrorCollector(path)
    rows = list(read_csv(path, ["name"]))
    report = ImportReport(rows=len(rows))
    for line, row in rows:
        if not row["name"]:
            errors.add(line, "name", "is blank")
            continue
        Dataset.objects.create(
            slug=row["name"], title=row["name"], source_url="https://x.org", licence="x", attribution="x"
        )
        report.created += 1
        if progress:
            progress(report.created, len(rows))
    errors.raise_if_any()
    return report


@pytest.fixture(autouse=True)
def sample_manifest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datasets, "manifest", lambda: {"sample": SPEC})


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sample.csv"
    path.write_text(text)
    return path


@pytest.mark.django_db
def test_a_good_file_is_imported_and_the_import_recorded(tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    report = run_import(
        "sample", str(write(tmp_path, "name\nalpha\nbeta\n")), progress=lambda d, t: seen.append((d, t))
    )
    assert report.created == 2
    assert seen[-1] == (2, 2)
    record = Dataset.objects.get(slug="sample")
    assert record.attribution == "Sample attribution"
    assert record.last_row_count == 2
    assert record.last_imported_from.endswith("sample.csv")
    assert "Imported sample" in report.summary()


def noted_importer(path: Path, *, dataset, progress) -> ImportReport:  # type: ignore[no-untyped-def]
    """The sample importer, with a skipped row and a note saying why."""
    report = sample_importer(path, dataset=dataset, progress=progress)
    report.skipped = 1
    report.notes.append("1 row was skipped for a reason.")
    return report


@pytest.mark.django_db
def test_the_import_report_is_recorded_with_its_notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    noted = dataclasses.replace(SPEC, importer="tiex.core.tests.test_importing:noted_importer")
    monkeypatch.setattr(datasets, "manifest", lambda: {"sample": noted})
    report = run_import("sample", str(write(tmp_path, "name\nalpha\nbeta\n")))
    record = Dataset.objects.get(slug="sample")
    assert record.last_report == {
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 1,
        "notes": ["1 row was skipped for a reason."],
        "warnings": [],
    }
    assert record.last_report == report.as_record()
    assert record.last_row_count == 2


def test_the_outcome_is_plain_english_and_survives_a_round_trip() -> None:
    report = ImportReport(rows=1030, created=855, skipped=175, notes=["168 rows name no document."])
    assert report.outcome() == "1,030 rows read: 855 created, 0 updated, 0 unchanged, 175 skipped."
    assert ImportReport(rows=1, unchanged=1).outcome() == "1 row read: 0 created, 0 updated, 1 unchanged."
    again = ImportReport.from_record(report.as_record(), dataset="climate-plans", source="plans.csv")
    assert (again.outcome(), again.notes) == (report.outcome(), report.notes)
    assert again.summary() == f"Imported climate-plans from plans.csv. {report.outcome()}"
    assert ImportReport.from_record({}).outcome() == "0 rows read: 0 created, 0 updated, 0 unchanged."


def test_warnings_are_counted_in_the_outcome_and_survive_a_round_trip() -> None:
    report = ImportReport(rows=3, created=3)
    report.warn(2, "last_update", "date 2029-03-01 is in the future", action="shown without a date")
    assert report.outcome() == (
        "3 rows read: 3 created, 0 updated, 0 unchanged. 1 row needs a second look (see the warnings)."
    )
    again = ImportReport.from_record(report.as_record())
    assert again.warnings == report.warnings
    assert str(again.warnings[0]) == "line 2, last_update: date 2029-03-01 is in the future (shown without a date)"


@pytest.mark.django_db
def test_a_dry_run_changes_nothing(tmp_path: Path) -> None:
    report = run_import("sample", str(write(tmp_path, "name\nalpha\n")), dry_run=True)
    assert report.created == 1
    assert report.summary().startswith("Would import")
    assert not Dataset.objects.exists()


@pytest.mark.django_db
def test_a_bad_row_changes_nothing_and_names_file_line_and_field(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as failure:
        run_import("sample", str(write(tmp_path, 'name\nalpha\n""\ngamma\n')))
    assert [str(error) for error in failure.value.errors] == ["sample.csv, line 3, field 'name': is blank"]
    assert "nothing was changed" in str(failure.value)
    assert not Dataset.objects.exists()


@pytest.mark.django_db
def test_a_missing_column_is_reported_with_the_columns_found(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="missing column\\(s\\) name; found title"):
        run_import("sample", str(write(tmp_path, "title\nalpha\n")))


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="No such file"):
        run_import("sample", str(tmp_path / "absent.csv"))


@pytest.mark.django_db
def test_without_a_path_the_local_copy_is_read_from_the_data_dir(tmp_path: Path, settings) -> None:
    settings.DATA_DIR = tmp_path
    (tmp_path / "sample").mkdir()
    (tmp_path / "sample" / "sample.csv").write_text("name\nlocal\n")
    run_import("sample")
    assert Dataset.objects.filter(slug="local").exists()


@pytest.mark.django_db
def test_without_a_local_copy_the_official_address_is_downloaded(tmp_path: Path, settings) -> None:
    settings.DATA_DIR = tmp_path
    response = mock.MagicMock()
    response.__enter__.return_value = io.BytesIO(b"name\ndownloaded\n")
    with mock.patch("tiex.core.datasets.urllib.request.urlopen", return_value=response) as urlopen:
        report = run_import("sample")
    assert urlopen.call_args.args[0].full_url == "https://example.org/sample.csv"
    assert report.source == "https://example.org/sample.csv"
    assert Dataset.objects.filter(slug="downloaded").exists()


def test_an_unknown_dataset_lists_the_known_ones() -> None:
    with pytest.raises(datasets.DatasetNotFound, match="Known datasets: sample"):
        datasets.dataset_spec("nope")


# --- Importers that prepare with reads only, then write ------------------------------------


@prepares
def prepared_importer(path: Path, *, dataset, progress) -> Prepared:  # type: ignore[no-untyped-def]
    """Checks every name with reads only; the write creates them (as sample_importer does)."""
    errors = ErrorCollector(path)
    rows = list(read_csv(path, ["name"]))
    for line, row in rows:
        if not row["name"]:
            errors.add(line, "name", "is blank")
        if progress:
            progress(line - 1, len(rows))
    errors.raise_if_any()
    names = [row["name"] for _, row in rows]

    def write() -> None:
        for name in names:
            Dataset.objects.create(slug=name, title=name, source_url="https://x.org", licence="x", attribution="x")

    return Prepared(report=ImportReport(rows=len(rows), created=len(names)), write=write)


PREPARED_SPEC = dataclasses.replace(SPEC, slug="prepared", importer="tiex.core.tests.test_importing:prepared_importer")


@pytest.fixture
def prepared_manifest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datasets, "manifest", lambda: {"sample": SPEC, "prepared": PREPARED_SPEC})


def writes_seen() -> tuple[list[str], Any]:
    seen: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql.lstrip().upper())
        return execute(sql, params, many, context)

    return seen, record


@pytest.mark.django_db
def test_a_preparing_importer_checks_everything_before_its_one_short_transaction(
    tmp_path: Path, prepared_manifest: None
) -> None:
    seen, record = writes_seen()
    checked: list[int] = []
    with connection.execute_wrapper(record):
        report = run_import(
            "prepared",
            str(write(tmp_path, "name\nalpha\nbeta\n")),
            progress=lambda done, total: checked.append(len(seen)),
        )
    assert report.created == 2 and report.summary().startswith("Imported prepared")
    first_write = next(i for i, sql in enumerate(seen) if sql.startswith(("SAVEPOINT", "INSERT", "UPDATE")))
    assert first_write >= checked[-1]
    assert set(Dataset.objects.values_list("slug", flat=True)) >= {"alpha", "beta", "prepared"}


@pytest.mark.django_db
def test_a_preparing_importers_dry_run_opens_no_transaction(tmp_path: Path, prepared_manifest: None) -> None:
    seen, record = writes_seen()
    with connection.execute_wrapper(record):
        report = run_import("prepared", str(write(tmp_path, "name\nalpha\n")), dry_run=True)
    assert report.created == 1 and report.summary().startswith("Would import")
    assert not [sql for sql in seen if sql.startswith(("SAVEPOINT", "INSERT", "UPDATE", "DELETE", "BEGIN"))]
    assert not Dataset.objects.exists()


@pytest.mark.django_db
def test_a_preparing_importers_bad_row_changes_nothing(tmp_path: Path, prepared_manifest: None) -> None:
    with pytest.raises(ImportFailed):
        run_import("prepared", str(write(tmp_path, "name\nalpha\n\n,\n")))
    assert not Dataset.objects.exists()
