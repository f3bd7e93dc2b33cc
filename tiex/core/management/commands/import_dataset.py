"""tiex import DATASET [PATH_OR_URL] [--dry-run]"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiex.core.datasets import DatasetNotFound, manifest
from tiex.core.importing import ImportFailed, run_import

# `tiex import NAME PATH` for files that are not open datasets: NAME -> the app's management command.
APP_IMPORTS = {"resources": "import_resources", "framework": "import_framework", "partnerships": "import_partnerships"}


class ProgressPrinter:
    """Shows how far a long import has got, at most a few times a second."""

    def __init__(self, label: str, stream: TextIO | None = None):
        self.label = label
        self.stream = stream or sys.stderr
        self.last = 0.0
        self.interactive = self.stream.isatty()

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        finished = total is not None and done >= total
        if not finished and now - self.last < (0.2 if self.interactive else 5.0):
            return
        self.last = now
        text = f"{self.label}: {done}/{total} rows" if total else f"{self.label}: {done} rows"
        if self.interactive:
            self.stream.write("\r" + text + ("\n" if finished else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import an open dataset from a file, a folder or a URL (default: its local copy or official address)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Options may come before or after the optional path (`--dry-run PATH` and `PATH --dry-run`).
        parser.parse_args = parser.parse_intermixed_args  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dataset", help="one of: " + ", ".join([*manifest(), *APP_IMPORTS]))
        parser.add_argument("path_or_url", nargs="*", help="file, folder or http(s) URL; default: see datasets.toml")
        parser.add_argument("--dry-run", action="store_true", help="check and count, change nothing")

    def handle(self, *args: object, **options: object) -> None:
        slug = str(options["dataset"])
        sources = list(options["path_or_url"] or [])  # type: ignore[call-overload]
        if len(sources) > 1:
            raise CommandError("Give one file, folder or URL to import (or none for the default source).")
        source = sources[0] if sources else None
        if slug not in manifest() and slug in APP_IMPORTS:
            # Not an open dataset but an app's own file format, e.g. `tiex import resources PATH`.
            extra = ["--dry-run"] if options["dry_run"] else []
            call_command(APP_IMPORTS[slug], *filter(None, [source]), *extra, stdout=self.stdout)
            return
        try:
            report = run_import(slug, source, dry_run=bool(options["dry_run"]), progress=ProgressPrinter(slug))
        except DatasetNotFound as exc:
            raise CommandError(str(exc)) from exc
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise CommandError(f"Could not read {slug}: {exc}") from exc
        self.stdout.write(report.summary())
        for note in report.notes:
            self.stdout.write(f"  {note}")
        if report.warnings:
            self.stdout.write(f"  Warnings ({len(report.warnings)}):")
            for warning in report.warnings[:50]:
                self.stdout.write(f"    {warning}")
            if len(report.warnings) > 50:
                self.stdout.write(f"    ... and {len(report.warnings) - 50} more: see the data sources page (/data/).")
