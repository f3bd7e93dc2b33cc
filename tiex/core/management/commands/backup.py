"""tiex backup PATH [--force]: a checked copy of the SQLite database (see docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from tiex.core.backups import BackupError, backup_sqlite

POSTGRES_HINT = (
    "tiex backup and tiex restore work with the SQLite database only. This site uses {vendor}: "
    "back it up with pg_dump and restore with pg_restore, and use WAL archiving for point-in-time "
    "recovery, as docs/operations.md explains."
)


def sqlite_database_path(alias: str = "default") -> Path:
    """The file of the SQLite database, or CommandError pointing PostgreSQL users to the docs."""
    connection = connections[alias]
    if connection.vendor != "sqlite":
        raise CommandError(POSTGRES_HINT.format(vendor=connection.display_name))
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise CommandError("The database is in memory; there is no file to back up or restore.")
    return Path(name)


class Command(BaseCommand):
    # Works on the database file, not the models: skip the system checks so it starts at once.
    requires_system_checks: list[str] = []
    help = "Copy the SQLite database to PATH with SQLite's online backup API, then check the copy's integrity."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the backup file to write, e.g. backups/tiex-2025-06-01.sqlite3")
        parser.add_argument("--force", action="store_true", help="replace PATH if it exists")

    def handle(self, *args: object, **options: object) -> None:
        database = sqlite_database_path()
        connections.close_all()
        try:
            result = backup_sqlite(database, Path(str(options["path"])), overwrite=bool(options["force"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up {database} to {result.path} ({result.size_bytes:,} bytes, {result.tables} tables). "
            "Integrity check: ok."
        )
