"""Coverage and yearly figures: /peer-challenges/coverage/, its CSV, /peer-challenges/figures/."""

from __future__ import annotations

from django.urls import path

from tiex.peer_challenges import views_coverage

urlpatterns = [
    path("coverage/", views_coverage.coverage, name="coverage"),
    path("coverage/download.csv", views_coverage.coverage_csv, name="coverage_csv"),
    path("figures/", views_coverage.figures, name="figures"),
]
