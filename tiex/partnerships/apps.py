from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "tiex.partnerships"
    label = "partnerships"
    verbose_name = "Shared services"

    def ready(self) -> None:
        from tiex.partnerships import permissions  # noqa: F401
