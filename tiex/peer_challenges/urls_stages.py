"""The lifecycle pages' URLs (views_stages.py), in the ``peer_challenges`` namespace.

Included LAST in urls.py: ``<reference>/`` matches any single path segment, so other areas'
fixed paths (coverage/, mine/, peers/ ...) must come before it.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from tiex.peer_challenges import views_stage_documents as documents
from tiex.peer_challenges import views_stages as views
from tiex.peer_challenges import views_timetable as timetable

urlpatterns: list[URLPattern | URLResolver] = [
    path("manage/", views.manage_list, name="manage"),
    path("manage/new/", views.challenge_create, name="create"),
    path("<slug:reference>/", views.detail, name="detail"),
    path("<slug:reference>/dates/", views.dates, name="dates"),
    path("<slug:reference>/stages/<slug:stage>/", views.stage_edit, name="stage"),
    path("<slug:reference>/timetable/", timetable.timetable, name="timetable"),
    path("<slug:reference>/timetable/<int:pk>/remove/", timetable.session_remove, name="session_remove"),
    path("<slug:reference>/documents/new/", documents.document_add, name="document_add"),
    path("<slug:reference>/documents/<int:pk>/", documents.document_open, name="document"),
    path("<slug:reference>/documents/<int:pk>/replace/", documents.document_replace, name="document_replace"),
    path("<slug:reference>/documents/<int:pk>/remove/", documents.document_remove, name="document_remove"),
    path("<slug:reference>/cancel/", views.cancel, name="cancel"),
    path("<slug:reference>/publish/<slug:kind>/", documents.publish, name="publish"),
    path("<slug:reference>/self-assessment/", documents.self_assessment, name="self_assessment"),
]
