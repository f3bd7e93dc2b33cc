from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "tiex.events"
    label = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from tiex.events import permissions  # noqa: F401
