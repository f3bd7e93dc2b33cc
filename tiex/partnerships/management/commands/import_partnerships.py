"""tiex import partnerships PATH [--dry-run]: create or update partnerships from the association's CSV file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiex.core.importing import ImportFailed
from tiex.core.management.commands.import_dataset import ProgressPrinter
from tiex.partnerships.partnership_import import import_partnerships


class Command(BaseCommand):
    help = "Create or update Shared Services Map partnerships from a CSV file (docs/data.md; all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the CSV file")
        parser.add_argument("--dry-run", action="store_true", help="check and count, change nothing")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"])).expanduser()
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            report = import_partnerships(
                path, dry_run=bool(options["dry_run"]), progress=ProgressPrinter("partnerships")
            )
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Could not read {path}: {exc}") from exc
        self.stdout.write(report.summary())
        if report.warnings:
            self.stdout.write(f"  Warnings ({len(report.warnings)}):")
            for warning in report.warnings:
                self.stdout.write(f"    {warning}")
