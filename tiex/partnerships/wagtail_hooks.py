"""The Shared Services Map in the staff admin: partnerships as a snippet, with their councils,
other partners, benefit tags and savings edited on the partnership's own form.

Wagtail's snippet permissions apply (add/change/delete partnership): association editors
(the Editors group, tiex.accounts.services.EDITOR_MODELS) and admins (superusers). The esd
categories and services are reference data, imported (`tiex import esd-functions`,
`esd-services`), so they are not edited here.
The menu's "Shared services export (CSV)" downloads every partnership in the columns
`tiex import partnerships PATH` reads (tiex.partnerships.exporters).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from tiex.partnerships import admin_views
from tiex.partnerships.models import Partnership
from tiex.partnerships.services_state import state_bump


class PartnershipViewSet(SnippetViewSet):
    model = Partnership
    icon = "group"
    menu_label = "Shared services"
    list_display = ["name", "reference", "kind", "status", "is_demo", "updated_at"]
    list_filter = ["kind", "status", "is_demo"]
    search_fields = ["name", "reference"]
    search_backend_name = None  # a plain database filter: partnerships are not in the search index
    list_per_page = 50
    panels = [
        FieldPanel("reference"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
        FieldPanel("lead_council"),
        InlinePanel("memberships", heading="Councils", label="Council"),
        InlinePanel("other_partners", heading="Other public-sector partners", label="Partner"),
        MultiFieldPanel(
            [FieldPanel("categories", widget=forms.CheckboxSelectMultiple), FieldPanel("services")],
            heading="What is shared",
        ),
        InlinePanel(
            "savings",
            heading="Savings by financial year",
            label="Year's savings",
            # confirmed_by (a user) is set by the services that record a confirmation, not typed in.
            panels=[
                FieldRowPanel([FieldPanel("financial_year"), FieldPanel("amount_gbp")]),
                FieldRowPanel([FieldPanel("status"), FieldPanel("evidence")]),
                FieldRowPanel([FieldPanel("confirmed_by_name"), FieldPanel("confirmed_at")]),
            ],
        ),
        FieldPanel("no_savings_reason"),
        FieldPanel("benefits"),
        InlinePanel("benefit_tags", heading="Benefit tags", label="Tag"),
        FieldPanel("contact_email"),
        FieldPanel("is_demo"),
    ]


register_snippet(PartnershipViewSet)


@hooks.register("register_admin_urls")
def register_partnerships_admin_urls() -> list[Any]:
    return [path("shared-services/export.csv", admin_views.export_partnerships, name="partnerships_export")]


class ExportMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return bool(request.user.has_perm(admin_views.EXPORT_PERMISSION))


@hooks.register("register_admin_menu_item")
def register_partnerships_export_menu_item() -> MenuItem:
    return ExportMenuItem(
        "Shared services export (CSV)", reverse("partnerships_export"), icon_name="download", order=860
    )


# A partnership saved or deleted in the admin changes what is kept of the partnerships: a new
# state (services_state.py), as every partnerships service makes.
@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def bump_state_after_saving(request: Any, instance: Any) -> None:
    if isinstance(instance, Partnership):
        state_bump()


@hooks.register("after_delete_snippet")
def bump_state_after_deleting(request: Any, instances: Any) -> None:
    if any(isinstance(instance, Partnership) for instance in instances):
        state_bump()
