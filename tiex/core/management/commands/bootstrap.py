"""tiex bootstrap: migrate, then import the reference data if it is not loaded yet."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiex.core.datasets import manifest
from tiex.core.importing import ImportFailed, run_import
from tiex.core.management.commands.import_dataset import ProgressPrinter
from tiex.core.models import Dataset


class Command(BaseCommand):
    help = "Apply migrations and import every reference dataset that has not been imported yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="re-import every reference dataset")

    def handle(self, *args: object, **options: object) -> None:
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
            self.stdout.write(report.summary())
        call_command("import_framework", bundled=True, stdout=self.stdout)  # the self-assessment frameworks
        self.stdout.write("Reference data is loaded.")
        # Demo content for a new database (each app's loader skips itself once it has some).
        call_command("demo", if_empty=True, stdout=self.stdout)
