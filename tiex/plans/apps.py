from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tiex.plans"
    label = "plans"
    verbose_name = "Action plans"

    def ready(self) -> None:
        # Permission rules for action plans.
        from tiex.plans import permissions  # noqa: F401
