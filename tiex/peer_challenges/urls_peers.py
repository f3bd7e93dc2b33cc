"""The pool of peers, team building, a peer's own challenges and feedback (url names in ``peer_challenges``).

Listed before the challenge pages' ``<reference>/`` patterns, so that "peers", "mine" and
"feedback" are never read as a challenge's reference.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from tiex.peer_challenges import views_feedback, views_peers, views_team

urlpatterns: list[URLPattern] = [
    path("peers/", views_peers.peer_list, name="peer_list"),
    path("peers/new/", views_peers.peer_create, name="peer_create"),
    path("peers/<int:pk>/", views_peers.peer_detail, name="peer_detail"),
    path("peers/<int:pk>/edit/", views_peers.peer_edit, name="peer_edit"),
    path("mine/", views_peers.mine, name="mine"),
    path("feedback/", views_feedback.feedback_figures, name="feedback_figures"),
    path("feedback/download.csv", views_feedback.feedback_figures_csv, name="feedback_figures_csv"),
    path("<slug:reference>/team/", views_team.team, name="team"),
    path("<slug:reference>/team/add/", views_team.team_add, name="team_add"),
    path("<slug:reference>/team/<int:member_pk>/remove/", views_team.team_remove, name="team_remove"),
    path("<slug:reference>/team/<int:member_pk>/days/", views_team.team_days, name="team_days"),
    path("<slug:reference>/feedback/peer/", views_feedback.feedback_peer, name="feedback_peer"),
    path("<slug:reference>/feedback/council/", views_feedback.feedback_council, name="feedback_council"),
]
