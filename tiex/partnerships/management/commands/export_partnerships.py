"""tiex export partnerships PATH [--without-demo]: every partnership as CSV, in the columns the import reads."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiex.partnerships.exporters import export_to_file


class Command(BaseCommand):
    help = "Write every partnership to a CSV file that `tiex import partnerships` reads back unchanged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the CSV file to write (replaced if it exists)")
        parser.add_argument("--without-demo", action="store_true", help="leave out the demo partnerships")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"])).expanduser()
        try:
            count = export_to_file(path, include_demo=not options["without_demo"])
        except OSError as exc:
            raise CommandError(f"Could not write {path}: {exc}") from exc
        self.stdout.write(f"Exported {count:,} partnerships to {path}.")
