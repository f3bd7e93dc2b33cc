"""/peer-challenges/: each area of the service has its own module of views and its own URLs."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from tiex.peer_challenges import urls_documents, urls_peers, urls_stages

app_name = "peer_challenges"

urlpatterns: list[URLPattern | URLResolver] = []
# The pool of peers, teams, "my challenges" and feedback: before any "<reference>/" pattern.
urlpatterns += urls_peers.urlpatterns
urlpatterns += urls_documents.urlpatterns

# The lifecycle (urls_stages.py): keep LAST, its <reference>/ matches any single segment.
urlpatterns += urls_stages.urlpatterns
