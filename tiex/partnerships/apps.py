from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "tiex.partnerships"
    label = "partnerships"
    verbose_name = "Shared services"
