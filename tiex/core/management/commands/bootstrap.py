"""tiex bootstrap: migrate, then import the reference data if it is not loaded yet.

It prints what it did in words a newcomer can follow: each import's figures, then the
importer's notes, which say why rows were skipped (a boundaries file also holds regions
and past years' areas, a climate plans list names councils with no plan), and where
e-mails go.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiex.core.datasets import manifest
from tiex.core.importing import ImportFailed, ImportReport, run_import
from tiex.core.management.commands.import_dataset import ProgressPrinter
from tiex.core.models import Dataset


class Command(BaseCommand):
    help = "Apply migrations and import every reference dataset that has not been imported yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="re-import every reference dataset")

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        done = set(Dataset.objects.filter(last_imported_at__isnull=False).values_list("slug", flat=True))
        for slug, spec in manifest().items():
            if not spec.reference or (slug in done and not options["force"]):
                continue
            try:
                report = run_import(slug, progress=ProgressPrinter(slug))
            except (ImportFailed, OSError, ValueError) as exc:
                raise CommandError(f"Importing {slug} failed: {exc}") from exc
            for line in report_lines(report):
                self.stdout.write(line)
        call_command("import_framework", bundled=True, stdout=self.stdout)  # the self-assessment frameworks
        call_command("load_challenge_kinds", stdout=self.stdout)  # kinds of peer challenge and their themes
        self.stdout.write("Reference data is loaded (the data sources page, /data/, shows each import's report).")
        loaded = time.monotonic()
        # Demo content for a new database (each app's loader skips itself once it has some).
        call_command("demo", if_empty=True, stdout=self.stdout)
        self.stdout.write(email_line())
        self.stdout.write(timing_line(loaded - started, time.monotonic() - loaded))


def report_lines(report: ImportReport) -> list[str]:
    """The import's summary, then why rows were skipped and what else the importer noted."""
    lines = [report.summary()]
    lines.extend(f"  {note}" for note in report.notes)
    if report.skipped and not report.notes:
        lines.append(
            f"  The {report.skipped:,} skipped rows are rows this dataset holds that tiex does not use (docs/data.md)."
        )
    if report.warnings:
        lines.append("  The rows that need a second look are listed on the data sources page (/data/).")
    return lines


def timing_line(reference_seconds: float, demo_seconds: float) -> str:
    """How long the bootstrap took, so a slow step on a fresh clone shows (and can be compared)."""
    total = reference_seconds + demo_seconds
    return (
        f"Bootstrap took {total:.1f} s: migrations and reference data {reference_seconds:.1f} s, "
        f"demo content {demo_seconds:.1f} s."
    )


CONSOLE_BACKENDS = {"django.core.mail.backends.console.EmailBackend"}


def email_line() -> str:
    if settings.EMAIL_BACKEND in CONSOLE_BACKENDS:
        return (
            "E-mails (invitations, password resets, moderation notices) are printed in this terminal, "
            "not sent: set TIEX_EMAIL_BACKEND and TIEX_EMAIL_HOST to send them (docs/configuration.md)."
        )
    return f"E-mails are sent with {settings.EMAIL_BACKEND} (host {settings.EMAIL_HOST})."
