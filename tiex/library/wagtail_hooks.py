"""The Exchange in the staff admin: the taxonomy as snippets, and CSV import and export of resources."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from tiex.accounts.permissions import can
from tiex.library import admin_views
from tiex.library.models import ServiceArea, Theme
from tiex.library.permissions import RESOURCE_IMPORT


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Exchange themes"
    list_display = ["name", "group", "slug"]
    list_filter = ["group"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("group"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]


class ServiceAreaViewSet(SnippetViewSet):
    model = ServiceArea
    icon = "tag"
    menu_label = "Exchange service areas"
    list_display = ["name", "slug"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]


register_snippet(ThemeViewSet)
register_snippet(ServiceAreaViewSet)


@hooks.register("register_admin_urls")
def register_exchange_admin_urls() -> list[Any]:
    return [
        path("exchange/import/", admin_views.import_resources, name="library_import"),
        path("exchange/import/<int:job_id>/", admin_views.import_job, name="library_import_job"),
        path("exchange/export.csv", admin_views.export_resources, name="library_export"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can(request.user, RESOURCE_IMPORT)


@hooks.register("register_admin_menu_item")
def register_exchange_import_menu_item() -> MenuItem:
    return ImportMenuItem("Exchange import and export", reverse("library_import"), icon_name="upload", order=850)
