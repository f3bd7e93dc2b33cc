"""/census/: the councillors' census (docs/census.md)."""

from __future__ import annotations

from django.urls import path

from tiex.census import views

app_name = "census"

urlpatterns = [
    path("", views.index, name="index"),
    path("history/", views.history, name="history"),
    path("new/", views.create, name="create"),
    path("respond/thanks/", views.thanks, name="thanks"),
    path("respond/<str:token>/", views.respond, name="respond"),
    path("<int:year>/", views.results, name="results"),
    path("<int:year>/state/", views.state, name="state"),
    path("<int:year>/councils/<str:code>/", views.council, name="council"),
]
