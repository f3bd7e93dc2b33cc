from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "tiex.board"
    label = "board"
    verbose_name = "Board"

    def ready(self) -> None:
        from tiex.board import (
            jobs,  # noqa: F401  (registers the quarter-close job)
            permissions,  # noqa: F401
        )
