"""/peer-challenges/: each area of the service has its own module of views and its own URLs."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from tiex.peer_challenges import urls_stages

app_name = "peer_challenges"

urlpatterns: list[URLPattern | URLResolver] = []

# The lifecycle (urls_stages.py): keep LAST, its <reference>/ matches any single segment.
urlpatterns += urls_stages.urlpatterns
