"""The editors' CSV import's transaction shape: the file is read and checked with reads only,
the changes are written in one short transaction, a dry run opens none, and all or nothing holds.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from wagtail.models import PageLogEntry

from tiex.core.importing import ImportFailed
from tiex.core.models import AuditEvent
from tiex.core.tests import test_backup
from tiex.library import services
from tiex.library.models import ResourcePage
from tiex.library.resource_csv import import_resources, prepare_resources
from tiex.library.search import restrict_to_matches
from tiex.library.tests.factories import make_resource

CHILD_TIMEOUT = 120
ROOT = Path(__file__).resolve().parents[3]
HEADER = "slug,title,type,status,summary,themes\n"

migrated_template = test_backup.migrated_template


def write_csv(path: Path, rows: int, *, bad_line: int | None = None) -> Path:
    lines = [HEADER]
    for number in range(1, rows + 1):
        kind = "not-a-type" if number == bad_line else "case-study"
        lines.append(f"item-{number},Item {number},{kind},published,What item {number} did.,capacity-to-deliver\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "BEGIN")


@contextlib.contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement the default connection runs inside the block."""
    seen: list[str] = []

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql.lstrip().upper())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def first_write(seen: list[str]) -> int | None:
    return next((index for index, sql in enumerate(seen) if sql.startswith(WRITES)), None)


# --- In process ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_dry_run_opens_no_transaction_and_writes_nothing(exchange: Any, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "resources.csv", 5)
    with statements() as seen:
        report = import_resources(source, dry_run=True)
    assert (report.rows, report.created) == (5, 5)
    assert first_write(seen) is None, [sql for sql in seen if sql.startswith(WRITES)]
    assert not ResourcePage.objects.exists()


@pytest.mark.django_db
def test_every_row_is_checked_before_the_first_write(exchange: Any, tmp_path: Path) -> None:
    make_resource("Item 2", slug="item-2", themes=("capacity-to-deliver",))
    source = write_csv(tmp_path / "resources.csv", 5)
    checked_at: list[int] = []
    with statements() as seen:

        def progress(done: int, total: int | None) -> None:
            checked_at.append(len(seen))

        report = import_resources(source, progress=progress)
    assert (report.created, report.updated) == (4, 1)
    assert len(checked_at) == 5
    write = first_write(seen)
    assert write is not None and write >= checked_at[-1], "a write came before the last row was checked"
    assert ResourcePage.objects.filter(slug__startswith="item-").count() == 5


@pytest.mark.django_db
def test_a_bad_row_changes_nothing(exchange: Any, tmp_path: Path) -> None:
    existing = make_resource("Item 1", slug="item-1", summary="Before.", themes=("capacity-to-deliver",))
    source = write_csv(tmp_path / "resources.csv", 4, bad_line=3)
    events = AuditEvent.objects.count()
    with pytest.raises(ImportFailed) as failed:
        import_resources(source)
    assert [(error.line, error.field) for error in failed.value.errors] == [(4, "type")]
    assert list(ResourcePage.objects.values_list("slug", flat=True)) == ["item-1"]
    existing.refresh_from_db()
    assert existing.summary == "Before."
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_resource_changed_while_the_file_was_checked_stops_the_whole_import(exchange: Any, tmp_path: Path) -> None:
    page = make_resource("Item 1", slug="item-1", summary="Before.", themes=("capacity-to-deliver",))
    source = write_csv(tmp_path / "resources.csv", 3)

    prepared = prepare_resources(source)
    assert (prepared.report.created, prepared.report.updated) == (2, 1)
    edited = services.ResourceData(title="Item 1", summary="Edited meanwhile.", themes=("capacity-to-deliver",))
    services.resource_update(actor=None, page=page, data=edited)
    with pytest.raises(ImportFailed) as failed, transaction.atomic():
        prepared.write()
    assert "changed or deleted meanwhile" in str(failed.value)
    assert list(ResourcePage.objects.values_list("slug", flat=True)) == ["item-1"]  # nothing created either
    assert ResourcePage.objects.get().summary == "Edited meanwhile."


# --- Another connection writes during an import (a SQLite file, as the site runs) ----------

CHILD = """
import json, sqlite3, sys
from pathlib import Path

import django

django.setup()
from tiex.library.resource_csv import import_resources, prepare_resources
from tiex.library.services import taxonomy_ensure
from tiex.library.tests.browser_seed import ensure_page_tree

# The template database is copied from the test database, which a transactional test may
# have flushed of what the migrations seed (Wagtail's page tree, the taxonomy): put them
# back (a no-op when they are there), with the cache table that `migrate` creates under the
# site's own settings (the test settings keep the cache in memory).
from django.core.management import call_command

call_command("createcachetable", verbosity=0)
ensure_page_tree()
taxonomy_ensure()

database, source, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
outcomes = []


def progress(done, total):
    # Another connection (a profile save, a sign-in) writes while the import checks its rows.
    if done in (1, total):
        other = sqlite3.connect(database, timeout=1, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO probe (body) VALUES (?)", (f"row {done}",))
            other.execute("COMMIT")
            outcomes.append("written")
        except sqlite3.OperationalError as exc:
            outcomes.append(str(exc))
        finally:
            other.close()


report = import_resources(source, dry_run=mode == "dry-run", progress=progress)
print(json.dumps({"writes": outcomes, "created": report.created}))
"""


@pytest.mark.subprocess
@pytest.mark.parametrize("mode", ["import", "dry-run"])
def test_another_connection_can_write_while_an_import_checks_its_file(
    migrated_template: Path, tmp_path: Path, mode: str
) -> None:
    database = tmp_path / "tiex.sqlite3"
    database.write_bytes(migrated_template.read_bytes())
    with contextlib.closing(sqlite3.connect(database, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("CREATE TABLE probe (id INTEGER PRIMARY KEY, body TEXT)")
    source = write_csv(tmp_path / "resources.csv", 30)
    child = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHILD, str(database), str(source), mode],
        env=test_backup.child_env(f"sqlite:///{database}", tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result == {"writes": ["written", "written"], "created": 30}
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT count(*) FROM probe").fetchone() == (2,)
        pages = db.execute("SELECT count(*) FROM library_resourcepage").fetchone()[0]
    assert pages == (0 if mode == "dry-run" else 30)


@pytest.mark.django_db
def test_changed_resources_are_saved_in_bulk_with_a_revision_history_and_audit(
    exchange: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    live = make_resource("Item 1", slug="item-1", summary="Old.", themes=("capacity-to-deliver",))
    draft = make_resource("Item 2", slug="item-2", summary="Old.", publish=False)
    source = tmp_path / "changes.csv"
    source.write_text(
        HEADER.replace(",themes", ",themes,savings")
        + "item-1,Item 1 renamed,case-study,published,New.,organisational-leadership,100 total achieved: less\n"
        + "item-2,Item 2,guidance,draft,New draft.,,\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = import_resources(source)
    assert (report.updated, report.unchanged) == (2, 0)
    live.refresh_from_db()
    assert (live.title, live.summary, live.live, live.has_unpublished_changes) == (
        "Item 1 renamed",
        "New.",
        True,
        False,
    )
    assert [t.slug for t in live.themes.all()] == ["organisational-leadership"]
    assert [(o.amount, o.description) for o in live.outcomes.all()] == [(100, "less")]
    assert live.live_revision_id == live.latest_revision_id
    assert live.get_latest_revision_as_object().title == "Item 1 renamed"
    assert list(PageLogEntry.objects.filter(page=live).values_list("action", flat=True).order_by("pk"))[-2:] == [
        "wagtail.edit",
        "wagtail.publish",
    ]
    assert set(
        AuditEvent.objects.filter(object_id=str(live.pk), action__in=["resource.edit", "resource.publish"])
        .values_list("action", flat=True)
        .distinct()
    ) == {"resource.edit", "resource.publish"}
    draft.refresh_from_db()
    assert (draft.resource_type, draft.live, draft.has_unpublished_changes) == ("guidance", False, True)
    assert draft.get_latest_revision_as_object().summary == "New draft."
    assert list(restrict_to_matches(ResourcePage.objects.all(), ["renamed"])) == [live]  # search index updated
    assert import_resources(source).unchanged == 2  # and a second import finds nothing to change


@pytest.mark.django_db
def test_tiex_import_resources_shows_how_far_the_check_has_got(
    exchange: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "resources.csv", 3)
    call_command("import_dataset", "resources", str(source), "--dry-run")
    captured = capsys.readouterr()
    assert "resources: 3/3 rows" in captured.err
    assert "Would import resources" in captured.out
