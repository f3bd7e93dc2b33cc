from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tiex.accounts"
    label = "accounts"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from tiex.accounts import checks, receivers  # noqa: F401  (register system checks and audit receivers)
