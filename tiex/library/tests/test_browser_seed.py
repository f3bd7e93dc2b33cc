"""The browser seed and the route-map entries stay in step with the Exchange's routes."""

from __future__ import annotations

import pytest
from django.test import Client

from tiex.core.a11y_routes import Visit
from tiex.library import urls
from tiex.library.a11y_routes import routes
from tiex.library.tests.browser_seed import seed_exchange

pytestmark = pytest.mark.django_db


def test_every_library_route_is_in_the_map() -> None:
    assert set(routes(Visit)) == {f"library:{pattern.name}" for pattern in urls.urlpatterns}


def test_the_seeded_pages_open(db) -> None:  # type: ignore[no-untyped-def]
    seed_exchange()
    client = Client()
    for key, entry in routes(Visit).items():
        if isinstance(entry, str):
            continue
        for visit in entry:
            if visit.role != "anonymous" or visit.seed == "none":
                continue
            response = client.get(visit.path)
            assert response.status_code in (200, 400), (key, visit.path, response.status_code)
