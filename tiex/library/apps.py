from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "tiex.library"
    label = "library"
    verbose_name = "Exchange"

    def ready(self) -> None:
        # Permission rules for the Exchange's actions, and the bridge from Wagtail's
        # page history to the audit log and the submitters' e-mails.
        from tiex.library import permissions, signals  # noqa: F401
