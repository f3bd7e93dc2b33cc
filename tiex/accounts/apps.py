from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tiex.accounts"
    label = "accounts"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from tiex.accounts import checks, receivers  # noqa: F401  (register system checks and audit receivers)

        post_migrate.connect(receivers.create_cache_tables, sender=self, dispatch_uid="tiex.accounts.cache_tables")
