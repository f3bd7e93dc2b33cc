from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "tiex.councils"
    label = "councils"
    verbose_name = "Councils"
