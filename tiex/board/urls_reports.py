"""/board/reports/: the board's reports drafted from live data, and the staff's forms."""

from __future__ import annotations

from django.urls import path

from tiex.board import views_reports as views

urlpatterns = [
    path("reports/", views.report_list, name="reports"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/figures.json", views.report_figures, name="report_figures"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/redraft/", views.report_redraft, name="report_redraft"),
    path("reports/<int:pk>/publish/", views.report_publish, name="report_publish"),
]
