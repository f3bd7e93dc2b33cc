"""Self-assessment content in the staff admin: the association's support offers, as snippets."""

from __future__ import annotations

from django import forms
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from tiex.assessments.models import SupportOffer


class SupportOfferViewSet(SnippetViewSet):
    model = SupportOffer
    icon = "help"
    menu_label = "Support offers"
    list_display = ["title", "sort_order", "demo"]
    panels = [
        FieldPanel("title"),
        FieldPanel("key"),
        FieldPanel("summary"),
        FieldPanel("url"),
        FieldPanel("exchange_themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("framework_themes"),
        FieldPanel("sort_order"),
        FieldPanel("demo"),
    ]


register_snippet(SupportOfferViewSet)
