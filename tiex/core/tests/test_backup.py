"""tiex backup / tiex restore, and what a killed import leaves behind.

The functions in tiex.core.backups are tested on small SQLite files; the commands
run in child processes against a migrated copy of the test database, as an
operator would run them.
"""

from __future__ import annotations

import contextlib
import csv
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tiex.core.backups import BackupError, backup_sqlite, fingerprint, integrity_problems, restore_sqlite

CHILD_TIMEOUT = 60


# --- The functions, on plain SQLite files --------------------------------------------


def make_database(path: Path, rows: int = 50, *, wal: bool = True) -> Path:
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        if wal:
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT)")
        db.execute("INSERT INTO django_migrations (app, name) VALUES ('core', '0001_initial')")
        db.execute("CREATE TABLE council (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
        db.execute("BEGIN")
        db.executemany("INSERT INTO council (name) VALUES (?)", [(f"Council {i}",) for i in range(rows)])
        db.execute("COMMIT")
    return path


def execute(path: Path, sql: str) -> None:
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute(sql)


def test_backup_copies_every_row_into_one_self_contained_file(tmp_path: Path) -> None:
    live = make_database(tmp_path / "live.sqlite3")
    # Hold a reader open on the live database, as a running site would.
    with contextlib.closing(sqlite3.connect(live)) as reader:
        reader.execute("SELECT count(*) FROM council").fetchone()
        result = backup_sqlite(live, tmp_path / "copy.sqlite3")
    assert result.path.exists() and result.tables == 2
    assert fingerprint(result.path) == fingerprint(live)
    assert fingerprint(result.path)["council"][0] == 50
    assert not (tmp_path / "copy.sqlite3-wal").exists()
    with contextlib.closing(sqlite3.connect(result.path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_backup_will_not_overwrite_a_file_unless_told_to(tmp_path: Path) -> None:
    live = make_database(tmp_path / "live.sqlite3")
    target = tmp_path / "copy.sqlite3"
    target.write_text("keep me")
    with pytest.raises(BackupError, match="already exists"):
        backup_sqlite(live, target)
    assert target.read_text() == "keep me"
    backup_sqlite(live, target, overwrite=True)
    assert fingerprint(target) == fingerprint(live)


def test_backup_refuses_to_copy_a_database_onto_itself(tmp_path: Path) -> None:
    live = make_database(tmp_path / "live.sqlite3")
    with pytest.raises(BackupError, match="cannot be the database itself"):
        backup_sqlite(live, live, overwrite=True)


def test_restore_puts_back_the_backed_up_data_and_keeps_the_replaced_database(tmp_path: Path) -> None:
    live = make_database(tmp_path / "live.sqlite3")
    backup_sqlite(live, tmp_path / "copy.sqlite3")
    before = fingerprint(live)
    execute(live, "DELETE FROM council WHERE id % 2 = 0")
    execute(live, "INSERT INTO council (name) VALUES ('Added after the backup')")
    changed = fingerprint(live)

    result = restore_sqlite(tmp_path / "copy.sqlite3", live, replace=True)

    assert fingerprint(live) == before
    assert integrity_problems(live) == []
    assert result.previous_copy is not None and fingerprint(result.previous_copy) == changed


def test_restore_needs_force_to_replace_an_existing_database(tmp_path: Path) -> None:
    live = make_database(tmp_path / "live.sqlite3")
    backup_sqlite(live, tmp_path / "copy.sqlite3")
    execute(live, "DELETE FROM council")
    changed = fingerprint(live)
    with pytest.raises(BackupError, match="--force"):
        restore_sqlite(tmp_path / "copy.sqlite3", live)
    assert fingerprint(live) == changed


def test_restore_into_a_new_file_needs_no_force(tmp_path: Path) -> None:
    live = make_database(tmp_path / "live.sqlite3")
    backup_sqlite(live, tmp_path / "copy.sqlite3")
    fresh = tmp_path / "fresh.sqlite3"
    result = restore_sqlite(tmp_path / "copy.sqlite3", fresh)
    assert result.previous_copy is None
    assert fingerprint(fresh) == fingerprint(live)


def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path: Path) -> None:
    live = make_database(tmp_path / "live.sqlite3", rows=2000)
    backup = backup_sqlite(live, tmp_path / "copy.sqlite3").path
    data = bytearray(backup.read_bytes())
    page = 4096
    data[2 * page : 3 * page] = b"\xff" * page  # scribble over a whole page
    backup.write_bytes(bytes(data))
    assert integrity_problems(backup)
    before = fingerprint(live)
    with pytest.raises(BackupError, match="integrity check"):
        restore_sqlite(backup, live, replace=True)
    assert fingerprint(live) == before


def test_restore_refuses_a_file_that_is_not_a_tiex_database(tmp_path: Path) -> None:
    live = make_database(tmp_path / "live.sqlite3")
    other = tmp_path / "other.sqlite3"
    execute(other, "CREATE TABLE notes (body TEXT)")
    with pytest.raises(BackupError, match="not a tiex database"):
        restore_sqlite(other, live, replace=True)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello " * 1000)
    with pytest.raises(BackupError, match="integrity check"):
        restore_sqlite(text_file, live, replace=True)


# --- The commands, in child processes --------------------------------------------------


@pytest.fixture(scope="session")
def migrated_template(
    django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A file copy of the migrated (SQLite) test database: a real tiex schema in milliseconds."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        if connection.vendor != "sqlite":
            pytest.skip("needs the SQLite test database as a template (this is the SQLite leg's job)")
        connection.ensure_connection()
        target = tmp_path_factory.mktemp("template") / "tiex.sqlite3"
        with contextlib.closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode = WAL")
    return target


@pytest.fixture
def site(migrated_template: Path, tmp_path: Path) -> Path:
    """A migrated SQLite database file for one test, with a table of sample rows."""
    database = tmp_path / "var" / "tiex.sqlite3"
    database.parent.mkdir()
    backup_sqlite(migrated_template, database)
    execute(database, "PRAGMA journal_mode = WAL")
    execute(database, "CREATE TABLE restore_probe (id INTEGER PRIMARY KEY, body TEXT)")
    execute(database, "INSERT INTO restore_probe (body) VALUES ('before the backup')")
    return database


def child_env(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": database_url}
    env["TIEX_VAR_DIR"] = str(var_dir)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def tiex(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tiex.cli", *args],
        env=child_env(f"sqlite:///{database}", database.parent),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )


@pytest.mark.subprocess
def test_backup_and_restore_commands_round_trip(site: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backups" / "tiex-backup.sqlite3"
    backup.parent.mkdir()
    made = tiex("backup", str(backup), database=site)
    assert made.returncode == 0, made.stderr
    assert "Integrity check: ok" in made.stdout
    assert fingerprint(backup) == fingerprint(site)
    saved = fingerprint(site)

    execute(site, "DELETE FROM restore_probe")
    execute(site, "INSERT INTO restore_probe (body) VALUES ('after the backup')")

    restored = tiex("restore", str(backup), "--force", database=site)
    assert restored.returncode == 0, restored.stderr
    assert "Integrity check: ok" in restored.stdout
    assert fingerprint(site) == saved
    assert integrity_problems(site) == []
    kept = list(site.parent.glob("tiex.sqlite3.before-restore-*"))
    assert len(kept) == 1
    with contextlib.closing(sqlite3.connect(kept[0])) as db:
        assert db.execute("SELECT body FROM restore_probe").fetchall() == [("after the backup",)]


class _FakePostgres:
    vendor = "postgresql"
    display_name = "PostgreSQL"
    settings_dict: dict[str, str] = {"NAME": "tiex"}


@pytest.mark.parametrize("command", [["backup", "x.sqlite3"], ["restore", "x.sqlite3", "--force"]])
def test_commands_refuse_postgresql_and_point_to_the_docs(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tiex.core.management.commands import backup as backup_command

    monkeypatch.setattr(backup_command, "connections", {"default": _FakePostgres()})
    with pytest.raises(CommandError) as refused:
        call_command(command[0], str(tmp_path / command[1]), *command[2:])
    assert "pg_dump" in str(refused.value) and "docs/operations.md" in str(refused.value)
    assert not (tmp_path / command[1]).exists()


def test_commands_refuse_an_in_memory_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tiex.core.management.commands import backup as backup_command

    memory = type("Memory", (), {"vendor": "sqlite", "settings_dict": {"NAME": ":memory:"}})()
    monkeypatch.setattr(backup_command, "connections", {"default": memory})
    with pytest.raises(CommandError, match="in memory"):
        call_command("backup", str(tmp_path / "x.sqlite3"))


# --- A killed import changes nothing -------------------------------------------------

CRASH_SCRIPT = textwrap.dedent(
    """
    # Runs `tiex import` with the real council importer; once every row is written
    # (not yet committed) it says so and waits to be killed.
    import dataclasses
    import sys
    import time

    import django

    django.setup()

    from tiex.core import datasets
    from tiex.councils.importers import import_councils
    from tiex.councils.models import Council


    def import_then_wait(path, *, dataset, progress=None):
        report = import_councils(path, dataset=dataset, progress=progress)
        print(f"WROTE {Council.objects.count()} councils, not committed", flush=True)
        time.sleep(120)
        return report


    real = datasets.manifest()
    spec = dataclasses.replace(real["councils"], slug="crash-test", importer="__main__:import_then_wait")
    datasets.manifest = lambda: {**real, "crash-test": spec}

    from tiex.cli import main

    sys.exit(main(["import", "crash-test", sys.argv[1]]))
    """
)

MYSOCIETY_HEADER = [
    "local-authority-code", "official-name", "nice-name", "gss-code", "start-date", "end-date", "replaced-by",
    "nation", "region", "local-authority-type", "local-authority-type-name", "county-la", "combined-authority",
    "alt-names", "former-gss-codes", "notes", "current-authority", "gov-uk-slug", "area", "pop-2020", "lat", "long",
    "powers", "open-council-data-id",
]  # fmt: skip


def write_councils_csv(path: Path, count: int) -> Path:
    """A council list in mySociety's uk_local_authorities.csv format, with made-up councils."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=MYSOCIETY_HEADER)
        writer.writeheader()
        for i in range(1, count + 1):
            name = f"Testshire District {i}"
            writer.writerow(
                {
                    **dict.fromkeys(MYSOCIETY_HEADER, ""),
                    "local-authority-code": f"Z{i:05d}",
                    "official-name": f"{name} Council",
                    "nice-name": name,
                    "gss-code": f"E99{i:06d}",
                    "start-date": "2020-04-01",
                    "nation": "England",
                    "region": "Test Region",
                    "local-authority-type": "NMD",
                    "local-authority-type-name": "Non-metropolitan district",
                    "current-authority": "True",
                    "gov-uk-slug": f"testshire-{i}",
                    "area": "100.5",
                    "pop-2020": str(50_000 + i),
                    "lat": "52.1",
                    "long": "-1.2",
                    "powers": "lower tier",
                }
            )
    return path


@pytest.mark.subprocess
def test_a_killed_import_leaves_the_database_exactly_as_it_was(site: Path, tmp_path: Path) -> None:
    rows = 3000
    source = write_councils_csv(tmp_path / "councils.csv", rows)
    script = tmp_path / "crash_import.py"
    script.write_text(CRASH_SCRIPT)
    before = fingerprint(site)

    child = subprocess.Popen(  # noqa: S603
        [sys.executable, str(script), str(source)],
        env=child_env(f"sqlite:///{site}", site.parent),
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline() if child.stdout else ""
        assert line.startswith("WROTE"), f"the import did not get to writing: {line!r} {child.stderr.read()}"  # type: ignore[union-attr]
        assert int(line.split()[1]) >= rows  # the rows really were written, inside the transaction
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=CHILD_TIMEOUT)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()

    assert child.returncode == -signal.SIGKILL
    assert integrity_problems(site) == []
    assert fingerprint(site) == before
