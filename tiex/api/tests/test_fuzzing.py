"""Schemathesis fuzzes every operation of the live OpenAPI document, with every check on.

Bounded in examples (and so in time): no server errors, no response that breaks the
schema, malformed input always rejected with a 4xx, and the authorisation checks it offers.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tiex.core.tests.access_world import build_world

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])

MAX_EXAMPLES = 60


@pytest.fixture
def world(db: Any) -> Any:
    """Councils, people and resources for the operations to find."""
    return build_world()


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """Requests go through the real WSGI handler, which closes old connections at the start and end
    of each request; inside a test's transaction that would close it (on PostgreSQL). Django's own
    test client disconnects these handlers in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    # The same examples on every run, so CI is repeatable; run with TIEX_FUZZ_RANDOM=1 to explore.
    derandomize=not os.environ.get("TIEX_FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema_under_fuzzing(case: schemathesis.Case, world: Any) -> None:
    case.call_and_validate()
