from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tiex.api"
    label = "api"
    verbose_name = "API"
