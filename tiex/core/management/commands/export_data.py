"""tiex export NAME PATH: write an app's own file format (the one `tiex import NAME PATH` reads)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

# `tiex export NAME PATH` -> the app's management command.
APP_EXPORTS = {"partnerships": "export_partnerships"}


class Command(BaseCommand):
    help = "Export an app's records to a file that `tiex import NAME PATH` reads back unchanged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="one of: " + ", ".join(APP_EXPORTS))
        parser.add_argument("path", help="the file to write")
        parser.add_argument("--without-demo", action="store_true", help="leave out demo records")

    def handle(self, *args: object, **options: object) -> None:
        name = str(options["name"])
        if name not in APP_EXPORTS:
            raise CommandError(f"Unknown export {name!r}. Known: {', '.join(APP_EXPORTS)}.")
        extra = ["--without-demo"] if options["without_demo"] else []
        call_command(APP_EXPORTS[name], str(options["path"]), *extra, stdout=self.stdout)
