"""The API documentation in a real browser: Swagger UI from our own static files, under our CSP."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tiex.core.tests.browser.conftest import BrowserSession

pytestmark = pytest.mark.browser


def test_api_docs_render_the_operations_without_breaking_the_content_security_policy(
    open_browser: Callable[..., BrowserSession],
) -> None:
    session = open_browser()
    page = session.page
    page.goto(session.url("/api/v1/docs"))
    operations = page.locator("#swagger-ui .opblock-summary-path")
    operations.first.wait_for()
    paths = {text.strip().replace("\u200b", "") for text in operations.all_inner_texts()}
    assert {"/api/v1/councils", "/api/v1/councils/{gss}", "/api/v1/resources"} <= paths
    assert page.locator("#swagger-ui .opblock-summary-method").first.inner_text().strip() == "GET"
    assert not session.problems.csp_violations, session.problems.csp_violations
    assert not session.problems.offsite_requests, session.problems.offsite_requests
