from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "tiex.assessments"
    label = "assessments"
    verbose_name = "Self-assessment"

    def ready(self) -> None:
        # Permission rules for the self-assessment's actions.
        from tiex.assessments import permissions  # noqa: F401
