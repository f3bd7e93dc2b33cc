"""The access matrix: every route x every persona gets exactly the expected outcome."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

from tiex.core import a11y_routes
from tiex.core.tests.access_matrix import MATRIX, PERSONAS, PREFIX_SAMPLES, Case
from tiex.core.tests.access_world import World, build_world


def classify(response: HttpResponse) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        return "login" if response["Location"].startswith("/account/login/") else "redirect"
    return str(response.status_code)


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
REQUIRED_CSP = ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")


def assert_security_headers(response: HttpResponse, label: str) -> None:
    """Every response, whatever its status, carries the security headers and a strict CSP."""
    policy = response.get("Content-Security-Policy", "")
    for directive in REQUIRED_CSP:
        assert directive in policy, f"{label}: CSP lacks {directive!r}: {policy!r}"
    script_src = next((part for part in policy.split(";") if part.strip().startswith("script-src")), "")
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, f"{label}: {script_src}"
    for name, value in SECURITY_HEADERS.items():
        assert response.get(name) == value, f"{label}: {name} is {response.get(name)!r}"


def outcomes(world: World, case: Case) -> dict[str, str]:
    """What each persona gets; every request is rolled back so none changes the next one's world."""
    seen = {}
    url = world.format(case.path)
    data = {key: world.format(value) for key, value in case.data.items()}
    for persona in PERSONAS:
        cache.clear()
        with transaction.atomic():
            client = world.client_for(persona)
            response = client.post(url, data) if case.method == "POST" else client.get(url)
            transaction.set_rollback(True)
        seen[persona] = classify(response)
    return seen


ALL_CASES = [(key, case) for key, cases in MATRIX.items() for case in cases] + [
    (prefix, case) for prefix, (_, cases) in PREFIX_SAMPLES.items() for case in cases
]


@pytest.mark.parametrize(("key", "case"), ALL_CASES, ids=[f"{c.method} {c.path}" for _, c in ALL_CASES])
def test_each_persona_gets_the_expected_outcome(world: World, key: str, case: Case, settings: Any) -> None:
    """Also checks the security headers of every response, and HSTS and cookies under production settings."""
    assert set(case.expect) == set(PERSONAS), f"{key}: give an outcome for every persona"
    got = outcomes(world, case)
    assert got == case.expect, f"{case.method} {case.path}: got {got}"
    assert_production_transport_security(world, case, settings)


def test_every_route_is_in_the_matrix() -> None:
    missing = [
        f"{route.key!r}: /{route.pattern}"
        for route in a11y_routes.routes()
        if route.key not in MATRIX and not any(route.pattern.startswith(prefix) for prefix in PREFIX_SAMPLES)
    ]
    assert not missing, (
        "These routes are not in the access matrix (tiex/core/tests/access_matrix.py). "
        "Add each, with the outcome for every persona:\n  " + "\n  ".join(missing)
    )


def unclassified_routes() -> list[str]:
    return [
        route.key
        for route in a11y_routes.routes()
        if route.key not in MATRIX and not any(route.pattern.startswith(prefix) for prefix in PREFIX_SAMPLES)
    ]


def test_a_new_unclassified_route_is_caught(settings: Any) -> None:
    """Self-test: a route added without a row in the matrix (or the accessibility map) fails the suite."""
    settings.ROOT_URLCONF = "tiex.core.tests.urls_with_new_route"
    assert unclassified_routes() == ["brand_new_page"]
    assert [route.key for route in a11y_routes.uncovered()] == ["brand_new_page"]


def test_the_matrix_names_no_route_that_is_gone() -> None:
    keys = {route.key for route in a11y_routes.routes()}
    assert not sorted(set(MATRIX) - keys)


def test_every_api_operation_is_in_the_matrix() -> None:
    from django.urls import resolve

    from tiex.api.api import api

    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        sample = re.sub(r"\{[^}]+\}", "1", path.replace("{gss}", "E10000901"))  # any path parameter
        key = resolve(sample).view_name
        for method in operations:
            cases = MATRIX.get(key, ())
            assert any(case.method == method.upper() for case in cases), (
                f"{method.upper()} {path} ({key}) is not in the matrix"
            )


def assert_production_transport_security(world: World, case: Case, settings: Any) -> None:
    """With production settings, the route sends HSTS and only Secure, HttpOnly, SameSite cookies."""
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = world.client_for("member_a")
    url = world.format(case.path)
    with transaction.atomic():
        response = client.post(url, secure=True) if case.method == "POST" else client.get(url, secure=True)
        transaction.set_rollback(True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000"), url
    for morsel in response.cookies.values():
        assert morsel["secure"], f"{url}: cookie {morsel.key} is not Secure"
        assert morsel["httponly"], f"{url}: cookie {morsel.key} is not HttpOnly"
        assert morsel["samesite"] in ("Lax", "Strict"), f"{url}: cookie {morsel.key} has no SameSite"


def test_the_matrix_catches_a_cross_council_leak(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Self-test: if drafts became visible to everyone, the matrix would fail (member_b would get 200)."""
    from tiex.library import selectors as library_selectors

    monkeypatch.setattr(library_selectors, "may_see_draft", lambda user, page: True)
    [case] = [case for case in MATRIX["library:resource"] if case.path == "/exchange/{draft_slug}/"]
    got = outcomes(world, case)
    assert got != case.expect
    assert got["member_b"] == "200"
