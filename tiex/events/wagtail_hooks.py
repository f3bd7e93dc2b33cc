"""Events in the staff admin: events, sessions and speakers as snippets.

Wagtail's snippet permissions apply (add/change/delete): association editors (the Editors
group, tiex.accounts.services.EDITOR_MODELS) and admins. After an event, staff link each
session to the case studies in the Exchange that came from it (the session's "resources").
Proposals are decided on our own pages (/events/proposals/), which send the e-mails.
"""

from __future__ import annotations

from django import forms
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from tiex.events.models import Event, Session, Speaker


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    menu_label = "Events"
    list_display = ["name", "slug", "kind", "starts_on", "ideas_open", "is_demo"]
    list_filter = ["kind", "ideas_open", "is_demo"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("part_of")]),
        FieldPanel("summary"),
        FieldPanel("venue"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("ideas_open"),
        FieldPanel("is_demo"),
    ]


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "list-ul"
    menu_label = "Sessions"
    list_display = ["title", "event", "starts_at", "room", "format"]
    list_filter = ["event", "format"]
    search_fields = ["title", "theme", "room"]
    search_backend_name = None
    list_per_page = 50
    panels = [
        FieldPanel("event"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("theme"), FieldPanel("room"), FieldPanel("format")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("speakers"),
        FieldPanel("councils"),
        FieldPanel("sign_up_open"),
        MultiFieldPanel(
            [FieldPanel("resources", widget=forms.SelectMultiple(attrs={"size": 12}))],
            heading="After the event: case studies in the Exchange that came from this session",
        ),
    ]


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = "Speakers"
    list_display = ["name", "organisation", "council", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["name", "organisation"]
    search_backend_name = None
    list_per_page = 50
    panels = [FieldPanel("name"), FieldPanel("organisation"), FieldPanel("council"), FieldPanel("is_demo")]


class EventsGroup(SnippetViewSetGroup):
    menu_label = "Events"
    menu_icon = "date"
    menu_order = 870
    items = (EventViewSet, SessionViewSet, SpeakerViewSet)


register_snippet(EventsGroup)
