"""Every route has an accessibility check or a written reason for having none.

The map lives in tiex/core/a11y_routes.py; the browser tests in tiex/core/tests/browser/
open each page it lists. These tests need no browser, so they run everywhere.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from tiex.core import a11y_routes
from tiex.core.a11y_routes import PREFIX_REASONS, ROLES, ROUTES, SEEDS, Visit


def _route_name(path: str) -> str:
    match = resolve(urlsplit(path).path)
    return match.view_name if match.url_name else str(match.route)


def test_every_route_has_an_accessibility_check_or_a_reason() -> None:
    missing = a11y_routes.uncovered()
    assert not missing, (
        "These routes have no accessibility check and no reason for having none. Add each to ROUTES in "
        "tiex/core/a11y_routes.py, with the pages to visit or a reason:\n"
        + "\n".join(f"  {route.key!r}: /{route.pattern}" for route in missing)
    )


def test_every_entry_names_a_route_that_exists() -> None:
    keys = {route.key for route in a11y_routes.routes()}
    stale = sorted(set(ROUTES) - keys)
    assert not stale, f"tiex/core/a11y_routes.py lists routes that no longer exist: {stale}"


def test_every_prefix_still_matches_a_route() -> None:
    patterns = [route.pattern for route in a11y_routes.routes()]
    unused = [prefix for prefix in PREFIX_REASONS if not any(p.startswith(prefix) for p in patterns)]
    assert not unused, f"PREFIX_REASONS has prefixes no route starts with: {unused}"


@pytest.mark.parametrize(("key", "entry"), ROUTES.items(), ids=list(ROUTES))
def test_entry_is_a_reason_or_visits(key: str, entry: a11y_routes.Coverage) -> None:
    if isinstance(entry, str):
        assert len(entry.strip()) >= 10, f"{key}: give a real reason, not {entry!r}"
        return
    assert entry, f"{key}: an empty tuple of visits; give visits or a reason"
    for visit in entry:
        assert isinstance(visit, Visit)
        assert visit.role in ROLES, f"{key}: unknown role {visit.role!r}; known: {sorted(ROLES)}"
        assert visit.seed in SEEDS, f"{key}: unknown seed {visit.seed!r}; known: {sorted(SEEDS)}"


@pytest.mark.parametrize(("key", "visit"), a11y_routes.visits(), ids=[v.label for _, v in a11y_routes.visits()])
def test_each_visit_opens_the_route_it_is_listed_under(key: str, visit: Visit) -> None:
    try:
        name = _route_name(visit.path)
    except Resolver404:
        pytest.fail(f"{visit.path} (listed under {key}) matches no route")
    assert name == key, f"{visit.path} is listed under {key} but is served by {name}"


def test_states_of_a_route_are_distinct() -> None:
    for key, entry in ROUTES.items():
        if isinstance(entry, str):
            continue
        labels = [visit.label for visit in entry]
        assert len(labels) == len(set(labels)), f"{key}: two visits with the same path, state and role"
