"""tiex import framework PATH [--dry-run] | --bundled: load a self-assessment framework file (all or nothing)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiex.assessments.importers import import_bundled_frameworks, import_framework
from tiex.core.importing import ImportFailed, ImportReport


class Command(BaseCommand):
    help = "Load a framework file (docs/assessments.md); a published version never changes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="the framework file (YAML)")
        parser.add_argument("--dry-run", action="store_true", help="check and count, change nothing")
        parser.add_argument("--bundled", action="store_true", help="the frameworks that ship with tiex")

    def handle(self, *args: object, **options: object) -> None:
        dry_run = bool(options["dry_run"])
        try:
            if options["bundled"]:
                reports = import_bundled_frameworks(dry_run=dry_run)
            else:
                if not options["path"]:
                    raise CommandError("Give the framework file to import (or --bundled).")
                path = Path(str(options["path"])).expanduser()
                if not path.is_file():
                    raise CommandError(f"No such file: {path}")
                reports = [import_framework(path, dry_run=dry_run)]
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        for report in reports:
            self._print(report)

    def _print(self, report: ImportReport) -> None:
        self.stdout.write(
            report.summary().replace(" rows read", " statements read").replace(" row read", " statement read")
        )
        for note in report.notes:
            self.stdout.write(f"  {note}")
