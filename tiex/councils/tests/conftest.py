from __future__ import annotations

import pytest
from django.core.cache import caches

from tiex.councils.models import Control, CouncilType, Nation
from tiex.councils.tests.factories import CouncilFactory


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Pages and API answers are cached until the next import; tests build data without one."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def mixed() -> None:
    """Three current English principal councils, plus a Welsh one, a combined authority and a former district."""
    CouncilFactory(name="Adur", region="South East", control=Control.CONSERVATIVE)
    CouncilFactory(name="Leeds", type=CouncilType.METROPOLITAN_DISTRICT, region="Yorkshire", control=Control.LABOUR)
    CouncilFactory(name="Kent", county_council=True, region="South East", control=Control.REFORM)
    CouncilFactory(name="Cardiff", type=CouncilType.WELSH_UNITARY, nation=Nation.WALES, region="Wales")
    CouncilFactory(name="West Yorkshire", combined=True, region="Yorkshire")
    CouncilFactory(name="Old District", former=True, region="South East")
