"""Backup and restore of the SQLite database with SQLite's online backup API.

The backup API copies a consistent snapshot page by page while the site keeps
running (readers and writers in WAL mode are not stopped). Both directions end
with ``PRAGMA integrity_check``; a copy that fails it is deleted, never kept.
PostgreSQL has its own tools (pg_dump, pg_restore, WAL archiving): see
docs/operations.md. The management commands ``tiex backup`` and ``tiex restore``
are thin adapters over these functions.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PAGES_PER_STEP = 1024  # copy 4 MiB at a time, so writers are not held up for long
BUSY_TIMEOUT_MS = 20_000


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int
    tables: int
    previous_copy: Path | None = None


def _connect(path: Path, *, must_exist: bool = True) -> sqlite3.Connection:
    if must_exist and not path.exists():
        raise BackupError(f"No such database file: {path}")
    uri = f"{path.resolve().as_uri()}?mode={'rw' if must_exist else 'rwc'}"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` reports for the database at path; empty when it is sound."""
    try:
        with contextlib.closing(_connect(path)) as connection:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [f"not a readable SQLite database ({exc})"]
    return [] if rows == ["ok"] else rows


def _table_names(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted(row[0] for row in rows)


def fingerprint(path: Path) -> dict[str, tuple[int, str]]:
    """(row count, SHA-256 of every row in rowid order) for each table: equal fingerprints, equal data."""
    result: dict[str, tuple[int, str]] = {}
    with contextlib.closing(_connect(path)) as connection:
        for table in _table_names(connection):
            digest = hashlib.sha256()
            count = 0
            quoted = '"' + table.replace('"', '""') + '"'
            try:
                rows = connection.execute(f"SELECT * FROM {quoted} ORDER BY rowid")  # noqa: S608 - a table name
            except sqlite3.OperationalError:  # WITHOUT ROWID tables
                rows = connection.execute(f"SELECT * FROM {quoted} ORDER BY 1")  # noqa: S608
            for row in rows:
                digest.update(repr(row).encode())
                count += 1
            result[table] = (count, digest.hexdigest())
    return result


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target, pages=PAGES_PER_STEP)


def backup_sqlite(database: Path, destination: Path, *, overwrite: bool = False) -> BackupResult:
    """Copy the live database to destination (a single self-contained file), then check it."""
    destination = destination.expanduser()
    if destination.resolve() == database.resolve():
        raise BackupError("The backup file cannot be the database itself.")
    if destination.exists() and not overwrite:
        raise BackupError(f"{destination} already exists. Choose a new file name, or pass --force to replace it.")
    if not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist.")
    partial = destination.with_name(f".{destination.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        with (
            contextlib.closing(_connect(database)) as source,
            contextlib.closing(_connect(partial, must_exist=False)) as target,
        ):
            _copy(source, target)
            # One file, readable without its -wal companion: a backup must stand alone.
            target.execute("PRAGMA journal_mode = DELETE")
            tables = len(_table_names(target))
        problems = integrity_problems(partial)
        if problems:
            raise BackupError("The backup copy failed its integrity check: " + "; ".join(problems[:10]))
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=destination, size_bytes=destination.stat().st_size, tables=tables)


def restore_sqlite(backup: Path, database: Path, *, replace: bool = False) -> BackupResult:
    """Replace the database's contents with the backup's, keeping a copy of what was there.

    The backup is checked before anything is touched. The current database (when
    it exists) is first copied beside itself as ``<name>.before-restore-<time>``.
    The copy into the live file goes through the backup API, which takes SQLite's
    write lock, so a running site sees either the old or the new data, never a mix.
    """
    backup = backup.expanduser()
    if not backup.exists():
        raise BackupError(f"No such backup file: {backup}")
    problems = integrity_problems(backup)
    if problems:
        raise BackupError(f"{backup} failed its integrity check, nothing was changed: " + "; ".join(problems[:10]))
    with contextlib.closing(_connect(backup)) as source:
        if "django_migrations" not in _table_names(source):
            raise BackupError(f"{backup} is not a tiex database (it has no django_migrations table).")
    previous_copy = None
    if database.exists():
        if not replace:
            raise BackupError(
                f"This replaces everything in {database} with the contents of {backup}. "
                "Run it again with --force to go ahead (a copy of the current database is kept beside it)."
            )
        stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
        previous_copy = database.with_name(f"{database.name}.before-restore-{stamp}")
        backup_sqlite(database, previous_copy, overwrite=True)
    elif not database.parent.is_dir():
        raise BackupError(f"The folder {database.parent} does not exist.")
    with (
        contextlib.closing(_connect(backup)) as source,
        contextlib.closing(_connect(database, must_exist=False)) as target,
    ):
        _copy(source, target)
        target.execute("PRAGMA journal_mode = WAL")
        tables = len(_table_names(target))
    problems = integrity_problems(database)
    if problems:
        hint = f" Restore {previous_copy} to go back." if previous_copy else ""
        raise BackupError("The restored database failed its integrity check: " + "; ".join(problems[:10]) + hint)
    return BackupResult(path=database, size_bytes=database.stat().st_size, tables=tables, previous_copy=previous_copy)
