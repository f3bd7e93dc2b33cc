"""tiex restore PATH --force: replace the SQLite database with a backup (see docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from tiex.core.backups import BackupError, restore_sqlite
from tiex.core.management.commands.backup import sqlite_database_path


class Command(BaseCommand):
    # Works on the database file, not the models: skip the system checks so it starts at once.
    requires_system_checks: list[str] = []
    help = (
        "Replace the SQLite database with a backup made by `tiex backup`, after checking the backup's integrity. "
        "Refuses to replace an existing database without --force; a copy of it is kept beside it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a backup file written by `tiex backup`")
        parser.add_argument(
            "--force", action="store_true", help="replace the existing database (a copy of it is kept beside it)"
        )

    def handle(self, *args: object, **options: object) -> None:
        database = sqlite_database_path()
        connections.close_all()
        try:
            result = restore_sqlite(Path(str(options["path"])), database, replace=bool(options["force"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {database} from {options['path']} ({result.size_bytes:,} bytes, {result.tables} tables). "
            "Integrity check: ok."
        )
        if result.previous_copy:
            self.stdout.write(f"The database as it was before is kept at {result.previous_copy}.")
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        connections.close_all()
        if pending:
            self.stdout.write(
                f"The backup is {len(pending)} migration(s) behind this version of tiex: run `tiex bootstrap` "
                "(or `tiex manage migrate`) before serving it."
            )
