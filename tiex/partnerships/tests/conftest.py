from __future__ import annotations

import pytest
from django.core.cache import caches

from tiex.partnerships import csv_lines


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """The map page keeps its vocabulary and drawings under the data version, which a test that
    creates councils directly (not by an import) does not change: every test starts with empty caches."""
    for cache in caches.all():
        cache.clear()
    csv_lines.forget()  # the CSV download's written rows, kept in this process
