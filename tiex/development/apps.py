from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "tiex.development"
    label = "development"
    verbose_name = "Councillor development"

    def ready(self) -> None:
        from tiex.development import (
            permissions,  # noqa: F401
            reminders,  # noqa: F401  (registers the booking reminders job)
        )
