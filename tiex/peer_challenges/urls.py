"""/peer-challenges/: each area of the service has its own module of views and its own URLs."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from tiex.peer_challenges import urls_coverage, urls_documents, urls_peers, urls_stages

app_name = "peer_challenges"

# Fixed paths first (coverage/, figures/, peers/, mine/, feedback/ ...): they must win over a
# challenge's <reference>/.
urlpatterns: list[URLPattern | URLResolver] = [*urls_coverage.urlpatterns]
# The pool of peers, teams, "my challenges" and feedback.
urlpatterns += urls_peers.urlpatterns
urlpatterns += urls_documents.urlpatterns

# The lifecycle (urls_stages.py): keep LAST, its <reference>/ matches any single segment.
urlpatterns += urls_stages.urlpatterns
