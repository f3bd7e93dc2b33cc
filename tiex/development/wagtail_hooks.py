"""Cohorts in the staff admin: editors add and change a programme's cohorts here (bookings are
recorded at /councillor-development/manage/, through the booking services)."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from tiex.development.models import Cohort


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "date"
    menu_label = "Programme cohorts"
    list_display = ["programme", "title", "starts_on", "places", "places_held"]
    list_filter = ["bookings_open"]
    panels = [
        FieldPanel("programme"),
        FieldPanel("title"),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("venue"),
        FieldPanel("places"),
        FieldPanel("party"),
        FieldPanel("bookings_open"),
    ]


register_snippet(CohortViewSet)
