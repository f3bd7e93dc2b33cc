"""/events/: fixed paths (agenda/, proposals/) before an event's <slug>/."""

from __future__ import annotations

from django.urls import URLPattern, path

from tiex.events import views, views_agenda, views_open_mic, views_proposals

app_name = "events"

urlpatterns: list[URLPattern] = [
    path("", views.event_list, name="list"),
    path("agenda/", views_agenda.agenda, name="agenda"),
    path("agenda/link/", views_agenda.agenda_link, name="agenda_link"),
    path("agenda/<str:token>/agenda.ics", views_agenda.agenda_feed, name="agenda_feed"),
    path("proposals/", views_proposals.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", views_proposals.proposal_decide, name="proposal_decide"),
    path("<slug:slug>/", views.event_detail, name="event"),
    path("<slug:slug>/sessions.ics", views.event_calendar, name="calendar"),
    path("<slug:slug>/propose/", views_proposals.propose, name="propose"),
    path("<slug:slug>/sessions/<int:pk>/", views.session_detail, name="session"),
    path("<slug:slug>/sessions/<int:pk>/star/", views_agenda.star, name="star"),
    path("<slug:slug>/sessions/<int:pk>/open-mic/", views_open_mic.running_order, name="open_mic"),
    path("<slug:slug>/sessions/<int:pk>/open-mic/sign-up/", views_open_mic.sign_up_toggle, name="sign_up_toggle"),
    path(
        "<slug:slug>/sessions/<int:pk>/open-mic/<int:slot>/give-up/",
        views_open_mic.slot_release,
        name="slot_release",
    ),
]
