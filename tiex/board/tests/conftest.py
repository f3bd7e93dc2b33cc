from __future__ import annotations

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """Computed measures' live values are kept under a source state (tiex/board/live.py) that data
    made by factories, not through the services, does not change: every test starts with empty caches."""
    for cache in caches.all():
        cache.clear()
