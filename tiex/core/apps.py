from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tiex.core"
    label = "core"
    verbose_name = "Core"
