"""/board/meetings/: board meetings, their papers and minutes, the open actions, and staff forms."""

from __future__ import annotations

from django.urls import path

from tiex.board import views_meetings as views
from tiex.board import views_meetings_edit as edit

urlpatterns = [
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/papers/<int:paper>/", views.paper_open, name="paper"),
    path("meetings/<int:pk>/items/new/", views.item_add, name="item_add"),
    path("meetings/<int:pk>/items/<int:item>/", edit.item_edit, name="item_edit"),
    path("meetings/<int:pk>/items/<int:item>/actions/new/", views.action_add, name="action_add"),
    path("meetings/<int:pk>/approve/", views.minutes_approve, name="minutes_approve"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/", views.action_update, name="action_update"),
    path("members/", edit.member_list, name="members"),
    path("members/new/", views.member_add, name="member_add"),
    path("members/<int:pk>/", edit.member_edit, name="member_edit"),
]
