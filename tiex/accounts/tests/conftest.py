from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Throttling counts and used TOTP codes live in the cache: start every test without them."""
    cache.clear()
