"""/peer-challenges/: each area of the service has its own module of views and its own URLs."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from tiex.peer_challenges import urls_coverage

app_name = "peer_challenges"

# Coverage first: its fixed paths (coverage/, figures/) must win over a challenge's /<reference>/.
urlpatterns: list[URLPattern | URLResolver] = [*urls_coverage.urlpatterns]
