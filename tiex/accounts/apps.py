from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tiex.accounts"
    label = "accounts"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from tiex.accounts import checks  # noqa: F401  (registers the system checks)
