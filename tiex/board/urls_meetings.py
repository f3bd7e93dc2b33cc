"""/board/meetings/: board meetings, their papers and minutes, and the open actions."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
