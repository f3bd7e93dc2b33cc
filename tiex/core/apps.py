from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tiex.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from tiex.core import sqlite

        sqlite.connect_signals()
