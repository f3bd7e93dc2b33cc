from __future__ import annotations

import pytest
from django.core.cache import cache

from tiex.library.services import exchange_index_get


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def exchange(db):  # type: ignore[no-untyped-def]
    return exchange_index_get()
