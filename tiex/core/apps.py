from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tiex.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from tiex.core import site_state, sqlite

        sqlite.connect_signals()
        site_state.connect_signals()
