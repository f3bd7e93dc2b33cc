from __future__ import annotations

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Pages and API answers are cached until the next import; tests build data without one."""
    for cache in caches.all():
        cache.clear()
