"""The Shared Services Map in the staff admin: partnerships as a snippet, with their councils,
other partners, benefit tags and savings edited on the partnership's own form.

Wagtail's snippet permissions apply (add/change/delete partnership): association admins,
who are superusers, have them. The esd categories and services are reference data,
imported (`tiex import esd-functions`, `esd-services`), so they are not edited here.
"""

from __future__ import annotations

from django import forms
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from tiex.partnerships.models import Partnership


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
