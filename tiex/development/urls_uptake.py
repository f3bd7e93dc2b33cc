"""Uptake of the development programmes: /councillor-development/uptake/ (staff) and .../published/ (everyone)."""

from __future__ import annotations

from django.urls import path

from tiex.development import views_uptake

app_name = "development_uptake"

urlpatterns = [
    path("", views_uptake.uptake_staff, name="staff"),
    path("uptake.csv", views_uptake.uptake_staff_csv, name="staff_csv"),
    path("uptake.json", views_uptake.uptake_staff_json, name="staff_json"),
    path("published/", views_uptake.uptake_published, name="published"),
    path("published/uptake.csv", views_uptake.uptake_published_csv, name="published_csv"),
    path("published/uptake.json", views_uptake.uptake_published_json, name="published_json"),
]
