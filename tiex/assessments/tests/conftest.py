from __future__ import annotations

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """What the results page keeps (comparator groups, Exchange resources, offers) is keyed on the
    Exchange's state, which a rolled-back test can repeat: every test starts with empty caches."""
    for alias in ("default", "pages"):
        caches[alias].clear()
