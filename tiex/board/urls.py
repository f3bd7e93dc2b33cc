"""/board/: the performance page (targets), its downloads and staff forms; meetings (urls_meetings.py);
reports (urls_reports.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from tiex.board import urls_meetings, urls_reports, views, views_staff

app_name = "board"

urlpatterns: list[URLPattern | URLResolver] = [
    path("performance/", views.performance, name="performance"),
    path("performance/download.csv", views.performance_csv, name="performance_csv"),
    path("performance/download.json", views.performance_json, name="performance_json"),
    path("performance/<int:year>/<int:number>/", views.deliverable_detail, name="deliverable"),
    # Staff
    path("manage/years/new/", views_staff.grant_year_create, name="grant_year_create"),
    path("manage/years/<int:year>/", views_staff.grant_year_edit, name="grant_year_edit"),
    path("manage/years/<int:year>/deliverables/new/", views_staff.deliverable_create, name="deliverable_create"),
    path("manage/years/<int:year>/deliverables/<int:number>/", views_staff.deliverable_edit, name="deliverable_edit"),
    path(
        "manage/years/<int:year>/deliverables/<int:number>/q<int:quarter>/",
        views_staff.update_record,
        name="update_record",
    ),
    path("manage/years/<int:year>/q<int:quarter>/close/", views_staff.quarter_close, name="quarter_close"),
]
urlpatterns += urls_meetings.urlpatterns
urlpatterns += urls_reports.urlpatterns
