"""tiex demo: load every app's demo content (idempotent; everything it creates is marked as demo).

An app takes part by having a ``demo`` module (or package) with a function
``load_demo(*, if_empty: bool = False) -> str`` that creates or updates its demo
content and returns a one-line summary. With ``--if-empty`` each app loads its demo
content only if it has none yet (``tiex bootstrap`` uses this on a new database).
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser


def demo_loaders() -> list[tuple[str, object]]:
    """(app name, loader) for every installed tiex app that has demo content, in INSTALLED_APPS order."""
    loaders = []
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("tiex."):
            continue
        module_name = f"{app_config.name}.demo"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        loader = getattr(module, "load_demo", None)
        if callable(loader):
            loaders.append((str(app_config.verbose_name), loader))
    return loaders


class Command(BaseCommand):
    help = "Load demo content for every app that has some. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="only for apps that have no demo content yet")

    def handle(self, *args: object, **options: object) -> None:
        loaders = demo_loaders()
        if not loaders:
            self.stdout.write("No app has demo content.")
        for label, loader in loaders:
            summary = loader(if_empty=bool(options["if_empty"]))  # type: ignore[operator]
            self.stdout.write(f"{label}: {summary}")
