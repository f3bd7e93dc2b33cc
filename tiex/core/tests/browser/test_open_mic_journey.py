"""A delegate signs up for an open-mic slot in a real browser, and the running order updates.

The "events" seed: an Innovation Zone whose open mic (six five-minute slots from 16:30) has its
first slot taken. The route map's member signs in through the sign-in form, opens the running
order, chooses a free slot, types a topic and claims it; the page confirms the booking and the
running order shows their name. Another delegate (Testshire's super-user, in their own browser)
sees the updated running order, with that slot no longer offered. The member then gives the
slot up and it is free again. Each state of the page is checked with axe-core, with JavaScript
on and off.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tiex.core.a11y_routes import MEMBER_EMAIL
from tiex.core.tests.browser.conftest import (
    BrowserSession,
    describe_violations,
    ensure_organisation,
    get_member,
    get_super_user,
    run_axe,
    run_axe_without_javascript,
    sign_in,
)

pytestmark = pytest.mark.browser


def assert_accessible(session: BrowserSession, what: str, axe_source: str) -> None:
    check = run_axe if session.javascript else run_axe_without_javascript
    violations = check(session.page, axe_source)
    assert not violations, f"{what} ({session.page.url}) has accessibility violations:\n" + describe_violations(
        violations
    )


def row(page: Any, number: int) -> Any:
    return page.locator("#running-order ~ div table tbody tr").nth(number - 1)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_delegate_claims_an_open_mic_slot_and_the_running_order_updates(
    javascript: bool, open_browser: Callable[..., BrowserSession], axe_source: str, django_user_model: Any
) -> None:
    from playwright.sync_api import expect

    from tiex.events.a11y_routes import OPEN_MIC_PK, SLUG
    from tiex.events.models import OpenMicSlot
    from tiex.events.tests.browser_seed import seed_events

    member = get_member(django_user_model)
    seed_events(ensure_organisation().council, member, get_super_user(django_user_model))
    OpenMicSlot.objects.filter(claimed_by=member).delete()  # the member starts with no slot
    path = f"/events/{SLUG}/sessions/{OPEN_MIC_PK}/open-mic/"

    delegate = open_browser(javascript=javascript)
    sign_in(delegate, MEMBER_EMAIL)
    page = delegate.page
    page.goto(delegate.url(path))
    expect(page.get_by_role("heading", name="Claim a slot")).to_be_visible()
    expect(row(page, 1)).to_contain_text("Cerys Corvell")
    expect(row(page, 3)).to_contain_text("Free")
    assert_accessible(delegate, "the running order before claiming", axe_source)

    page.get_by_label("Slot 3, 16:40").check()
    page.get_by_label("Your topic").fill("Our repair café")
    with page.expect_navigation():
        page.get_by_role("button", name="Claim the slot").click()
    expect(page.get_by_text(f"Slot 3 is booked for {member.full_name}: Our repair café.")).to_be_visible()
    expect(row(page, 3)).to_contain_text(member.full_name)
    expect(row(page, 3)).to_contain_text("Our repair café")
    expect(page.get_by_text("You have slot 3.")).to_be_visible()
    assert_accessible(delegate, "the running order after claiming", axe_source)
    assert OpenMicSlot.objects.get(claimed_by=member).slot == 2

    other = open_browser(role="super_user", javascript=javascript)
    other.page.goto(other.url(path))
    expect(row(other.page, 3)).to_contain_text(member.full_name)
    expect(other.page.get_by_label("Slot 3, 16:40")).to_have_count(0)  # no longer offered

    with page.expect_navigation():
        page.get_by_role("button", name="Give up slot 3").click()
    expect(page.get_by_text("Slot 3 is free again.")).to_be_visible()
    expect(row(page, 3)).to_contain_text("Free")
    assert not OpenMicSlot.objects.filter(claimed_by=member).exists()
    assert not delegate.problems.csp_violations and not delegate.problems.offsite_requests
