from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "tiex.finance"
    label = "finance"
    verbose_name = "Council finances"
