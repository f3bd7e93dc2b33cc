"""The self-assessment journey in a real browser, with JavaScript off throughout.

A participant answers a theme by keyboard alone (Tab to each question, arrow keys to
choose a level, typing a comment, Enter on the button), returns to see the answers
saved, and another participant sees none of them. The super-user then sees where the
team disagrees, records the consensus (pre-filled from the median) and publishes it to
the public, and anyone can read the result. Each page is checked with axe-core.
"""

from __future__ import annotations

from typing import Any

import pytest

from tiex.core.tests.browser.conftest import BrowserSession, describe_violations, run_axe_without_javascript, sign_in

pytestmark = pytest.mark.browser


def assert_accessible(session: BrowserSession, what: str, axe_source: str) -> None:
    violations = run_axe_without_javascript(session.page, axe_source)
    assert not violations, f"{what} has accessibility violations:\n" + describe_violations(violations)


def tab_to(page: Any, selector: str, limit: int = 150) -> None:
    """Press Tab until the focused element matches ``selector`` (keyboard only, no clicks)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def make_assessment() -> tuple[Any, Any, Any, Any]:
    from tiex.assessments.tests.factories import load, scaled_spec, start, team
    from tiex.councils.tests.factories import CouncilFactory

    version = load(scaled_spec())
    organisation, lead, people = team(council=CouncilFactory(name="Keyboardshire"), members=2)
    assessment = start(version, organisation, lead, people)
    return version, assessment, lead, people


def test_a_participant_answers_by_keyboard_and_the_super_user_publishes(
    open_browser: Any, axe_source: str, transactional_db: Any
) -> None:
    version, assessment, lead, (me, other) = make_assessment()
    p1, p2 = (version.statements.get(code=code) for code in ("P1", "P2"))

    session = open_browser(javascript=False)
    sign_in(session, me.email)
    page = session.page
    page.goto(session.url(f"/assessments/{assessment.pk}/answer/place/"))
    assert "0 of 3" in page.locator("main").inner_text()
    assert_accessible(session, "the answer page", axe_source)
    for statement, now_steps, ambition_steps in ((p1, 1, 3), (p2, 2, 4)):
        tab_to(page, f"input[name=s{statement.pk}-current]")
        for _ in range(now_steps):
            page.keyboard.press("ArrowDown")
        tab_to(page, f"input[name=s{statement.pk}-ambition]")
        for _ in range(ambition_steps):
            page.keyboard.press("ArrowDown")
        tab_to(page, f"textarea[name=s{statement.pk}-comment]")
        page.keyboard.type(f"Typed for {statement.code}")
    tab_to(page, "button[name=return]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/assessments/{assessment.pk}/")
    assert "You have answered 2 of 3" in page.locator("main").inner_text()
    page.goto(session.url(f"/assessments/{assessment.pk}/answer/place/"))
    assert page.locator(f"input[name=s{p1.pk}-current][value='2']").is_checked()
    assert page.locator(f"input[name=s{p2.pk}-ambition][value='5']").is_checked()
    assert page.locator(f"textarea[name=s{p1.pk}-comment]").input_value() == "Typed for P1"

    # Another participant sees nothing of it.
    theirs = open_browser(javascript=False)
    sign_in(theirs, other.email)
    theirs.page.goto(theirs.url(f"/assessments/{assessment.pk}/answer/place/"))
    assert "Typed for" not in theirs.page.content()
    assert theirs.page.locator("input:checked").count() == 0

    # The super-user: disagreement, consensus from the median, publish to the public.
    boss = open_browser(javascript=False)
    sign_in(boss, lead.email)
    boss.page.goto(boss.url(f"/assessments/{assessment.pk}/disagreement/"))
    assert "Where the team disagrees" in boss.page.locator("h1").inner_text()
    assert_accessible(boss, "the disagreement view", axe_source)
    boss.page.goto(boss.url(f"/assessments/{assessment.pk}/consensus/"))
    assert boss.page.locator(f"#s{p1.pk}-current").input_value() == "2"  # the only answer, so the median
    assert_accessible(boss, "the consensus form", axe_source)
    boss.page.locator(f"#s{p1.pk}-note").fill("Agreed after discussion")
    with boss.page.expect_navigation():
        boss.page.get_by_role("button", name="Save the agreed answers").click()
    boss.page.get_by_label("The public").check()
    with boss.page.expect_navigation():
        boss.page.get_by_role("button", name="Publish", exact=True).click()
    assert boss.page.url.endswith(f"/assessments/{assessment.pk}/results/")

    public = open_browser(javascript=False)
    response = public.page.goto(public.url(f"/assessments/{assessment.pk}/results/"))
    assert response is not None and response.status == 200
    assert "the council's result" in public.page.locator("h1").inner_text()
    assert "Typed for" not in public.page.content()
    assert_accessible(public, "the published result", axe_source)
