from django.apps import AppConfig


class CensusConfig(AppConfig):
    name = "tiex.census"
    label = "census"
    verbose_name = "Councillors' census"

    def ready(self) -> None:
        from tiex.census import permissions  # noqa: F401
