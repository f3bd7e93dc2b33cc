"""Building a peer challenge team from the suggestions, in a real browser, by keyboard alone.

An association editor opens the team page of a challenge at Testshire (the "peers" seed:
a lead member peer already chosen), reads the suggestions and their reasons (the peer from
the neighbouring council is never among them), tabs to "Add ... as member peer" and presses
Enter, adds an officer peer the same way, then records the new member peer's days by
typing them and pressing Enter. Each state of the page is checked with axe-core.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tiex.core.tests.browser.conftest import (
    BrowserSession,
    describe_violations,
    ensure_organisation,
    get_member,
    run_axe,
)

MAX_TABS = 80


def assert_accessible(session: BrowserSession, what: str, axe_source: str) -> None:
    violations = run_axe(session.page, axe_source)
    assert not violations, f"{what} ({session.page.url}) has accessibility violations:\n" + describe_violations(
        violations
    )


def tab_to(page: Any, text: str) -> None:
    """Press Tab until the focused element is a button whose text contains ``text`` (as a keyboard user would)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.textContent]")
        if focused[0] == "BUTTON" and text in focused[1]:
            return
    raise AssertionError(f"{text!r} was not reached with the Tab key")


@pytest.mark.browser
def test_staff_build_a_team_from_the_suggestions_by_keyboard(
    open_browser: Callable[..., BrowserSession], axe_source: str, django_user_model: Any
) -> None:
    from playwright.sync_api import expect

    from tiex.peer_challenges.a11y_routes_peers import REFERENCE
    from tiex.peer_challenges.models import TeamMember
    from tiex.peer_challenges.tests.browser_seed_peers import seed_peers

    seed_peers(ensure_organisation().council, get_member(django_user_model))
    staff = open_browser(role="editor")
    page = staff.page
    page.goto(staff.url(f"/peer-challenges/{REFERENCE}/team/"))
    expect(page.get_by_role("heading", name="Build the team")).to_be_visible()
    suggestions = page.locator("main")
    expect(suggestions).to_contain_text("The team has a lead member peer: Morgan Member")
    expect(suggestions).to_contain_text("Seedbury: a geographic neighbour")
    expect(page.get_by_role("button", name="Add Nell Neighbour as member peer")).to_have_count(0)
    expect(suggestions).to_contain_text("a party not yet on the team")
    assert_accessible(staff, "the team page with suggestions", axe_source)

    # 1. Keyboard only: from the focus form's button, Tab to the first member peer suggestion.
    page.get_by_role("button", name="Update the suggestions").focus()
    tab_to(page, "as member peer")
    name = page.evaluate("() => document.activeElement.textContent").replace("Add", "", 1).split(" as ")[0].strip()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{name} is on the team as member peer")
    added = TeamMember.objects.get(challenge__reference=REFERENCE, peer__full_name=name)
    assert added.role == "member-peer" and "party not yet on the team" in added.reason

    # 2. An officer peer, the same way.
    page.get_by_role("button", name="Update the suggestions").focus()
    tab_to(page, "as officer peer")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert TeamMember.objects.filter(challenge__reference=REFERENCE, role="officer-peer").count() == 1

    # 3. Record the member peer's days: type them and press Enter.
    days = page.get_by_label(f"Peer days given by {name}")
    days.focus()
    days.fill("3.5")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    added.refresh_from_db()
    assert str(added.days) == "3.5"
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{name} gave 3.5 peer days")
    assert_accessible(staff, "the team page after building the team", axe_source)
    assert not staff.problems.csp_violations and not staff.problems.offsite_requests
