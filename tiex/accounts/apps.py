from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tiex.accounts"
    label = "accounts"
    verbose_name = "People and organisations"
