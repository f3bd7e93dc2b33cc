"""A peer challenge's recommendations become actions of the council's plan, in a real browser.

The council's super-user opens the recommendations of its published report (the browser seed
"peer-challenges-documents": two recommendations), chooses both, adds them to the action plan
and lands on the plan, which lists both with the challenge they came from; back on the
recommendations both are marked as in the plan and cannot be chosen again. Once with
JavaScript off and once with it on; each page is checked with axe-core.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tiex.core.tests.browser.conftest import (
    BrowserSession,
    describe_violations,
    ensure_organisation,
    get_super_user,
    run_axe,
    run_axe_without_javascript,
)

pytestmark = pytest.mark.browser


def assert_accessible(session: BrowserSession, what: str, axe_source: str) -> None:
    page = session.page
    violations = run_axe(page, axe_source) if session.javascript else run_axe_without_javascript(page, axe_source)
    assert not violations, f"{what} ({page.url}) has accessibility violations:\n" + describe_violations(violations)


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_the_super_user_turns_two_recommendations_into_actions(
    open_browser: Callable[..., BrowserSession], axe_source: str, django_user_model: Any, javascript: bool
) -> None:
    from playwright.sync_api import expect

    from tiex.peer_challenges.a11y_routes_documents import REFERENCE
    from tiex.peer_challenges.tests.browser_seed_documents import seed_documents
    from tiex.plans.models import Action

    get_super_user(django_user_model)
    seed_documents(ensure_organisation().council)
    session = open_browser(role="super_user", javascript=javascript)
    page = session.page
    path = f"/peer-challenges/{REFERENCE}/recommendations/"
    page.goto(session.url(path))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendations")
    assert_accessible(session, "the recommendations", axe_source)

    boxes = page.locator("main input[name=recommendation]")
    expect(boxes).to_have_count(2)
    for index in range(2):
        boxes.nth(index).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add the chosen recommendations to the action plan").click()

    assert page.url == session.url("/plans/testshire/")
    main = page.locator("main")
    expect(main).to_contain_text("2 recommendations are now in the council's action plan.")
    expect(main).to_contain_text("Agree a medium-term financial strategy that closes the budget gap.")
    expect(main).to_contain_text("Give overview and scrutiny a forward work programme tied to the priorities.")
    sources = main.get_by_role("link", name="Corporate peer challenge, March 2026")
    expect(sources).to_have_count(2)
    assert sources.first.get_attribute("href") == f"/peer-challenges/{REFERENCE}/"  # the challenge's page
    assert_accessible(session, "the action plan with the new actions", axe_source)
    assert Action.objects.filter(source_kind="peer-challenge").count() == 2

    sources.first.click()  # the challenge's page, and from there its recommendations
    page.wait_for_url(session.url(f"/peer-challenges/{REFERENCE}/"))
    page.get_by_role("link", name="The report's recommendations").click()
    page.wait_for_url(session.url(path))
    expect(page.locator("main input[name=recommendation]")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("In the plan")
    assert_accessible(session, "the recommendations, both in the plan", axe_source)
