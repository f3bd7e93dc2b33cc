"""/peer-challenges/<reference>/recommendations/...: the documents area's pages (names in the
``peer_challenges`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path, register_converter

from tiex.peer_challenges import views_recommendations as views


class RecommendationIdConverter:
    """A database id: 1 to 18 digits (a longer number is no address here: 404, not an overflow)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RecommendationIdConverter, "recommendation_id")

urlpatterns: list[URLPattern] = [
    path("<slug:reference>/recommendations/", views.recommendations, name="recommendations"),
    path(
        "<slug:reference>/recommendations/actions/",
        views.recommendations_to_actions,
        name="recommendations_to_actions",
    ),
    path(
        "<slug:reference>/recommendations/<recommendation_id:pk>/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "<slug:reference>/recommendations/<recommendation_id:pk>/remove/",
        views.recommendation_remove,
        name="recommendation_remove",
    ),
]
