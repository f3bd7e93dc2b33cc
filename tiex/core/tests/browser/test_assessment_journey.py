"""The self-assessment journey in a real browser.

With JavaScript off: a participant answers a theme by keyboard alone (Tab to each question,
arrow keys to choose a level, typing a comment, Enter on the button), returns to see the
answers saved, and another participant sees none of them. The super-user then sees where
the team disagrees, records the consensus (pre-filled from the median) and publishes it to
the public, and anyone can read the result.

From the front door (the super-user's start form, the e-mail it sends, the sign-in page):
a participant completes a theme with the keyboard alone and JavaScript on, every stop of
the focus showing the GOV.UK focus indicator; and the super-user's whole round, from
starting the assessment to the next round opening with the action plan, by way of the
API, a similar council's comparison and the Exchange next steps.
tiex/assessments/tests/test_done_when.py walks the same chain through the test client, so
that it also runs on PostgreSQL. Each page is checked with axe-core.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from tiex.core.tests.browser.conftest import (
    MEMBER_PASSWORD,
    BrowserSession,
    describe_violations,
    run_axe,
    run_axe_without_javascript,
    sign_in,
)

pytestmark = pytest.mark.browser


def assert_accessible(session: BrowserSession, what: str, axe_source: str) -> None:
    page = session.page
    violations = run_axe(page, axe_source) if session.javascript else run_axe_without_javascript(page, axe_source)
    assert not violations, f"{what} ({page.url}) has accessibility violations:\n" + describe_violations(violations)


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
    place = page.locator(".govuk-task-list__item", has_text="Understanding of place")
    assert place.locator(".govuk-task-list__status").inner_text().strip() == "Completed"  # the whole theme
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
    assert_controls_named_apart(page, "the consensus form")
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


# --- From the front door ---------------------------------------------------------------------------

FOCUS_COLOUR = "rgb(255, 221, 0)"  # GOV.UK Frontend's focus colour (#ffdd00)

# The focused element's focus indicator: the styles that draw it (outline, box-shadow, background)
# on the element itself or, for a GOV.UK radio or checkbox (whose input is transparent), on its
# label's ::before; and whether it takes space on the page.
_FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const parts = [];
  const look = (node, pseudo) => {
    const s = getComputedStyle(node, pseudo);
    if (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) {
      parts.push(`outline: ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`);
    }
    if (s.boxShadow && s.boxShadow !== "none") parts.push(`box-shadow: ${s.boxShadow}`);
    if (s.backgroundColor && s.backgroundColor !== "rgba(0, 0, 0, 0)") parts.push(`background: ${s.backgroundColor}`);
  };
  look(el, null);
  let shown = el;
  if (el.matches("input[type=radio], input[type=checkbox]") && el.labels && el.labels.length) {
    shown = el.labels[0];
    look(shown, "::before");
  }
  const box = shown.getBoundingClientRect();
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.name ? `[name=${el.name}]` : "");
  return {name, style: parts.join("; "), visible: box.width > 0 && box.height > 0};
}"""


def assert_focus_visible(page: Any, where: str) -> str:
    """Something has focus and shows the GOV.UK focus indicator; returns what has focus."""
    focus = page.evaluate(_FOCUS_STYLE)
    assert focus is not None, f"nothing has focus {where} ({page.url})"
    assert focus["visible"], f"{focus['name']} has focus {where} but takes no space on the page"
    assert FOCUS_COLOUR in focus["style"], f"{focus['name']} has focus {where} but no visible indicator: {focus}"
    return str(focus["name"])


def press(page: Any, key: str, where: str) -> str:
    """Press ``key`` and check that the focus it leaves is visible."""
    page.keyboard.press(key)
    return assert_focus_visible(page, f"after {key} {where}")


def key_to(page: Any, selector: str, key: str = "Tab", limit: int = 150) -> None:
    """Press Tab (or Shift+Tab) until the focus is on ``selector``, checking the focus is visible at every stop."""
    for _ in range(limit):
        press(page, key, f"on the way to {selector}")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{key} never reached {selector} on {page.url}")


def tab_through(page: Any, limit: int = 400) -> int:
    """Open the page afresh and Tab from its top to its end: every stop shows the focus indicator,
    and the focus leaves the page at the end (no trap). Returns how many stops there were."""
    page.goto(page.url.split("#")[0])  # focus starts at the top of a freshly opened page
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        where = page.evaluate(
            "() => { const el = document.activeElement;"
            " return !el || el === document.body ? null : el.outerHTML.slice(0, 200); }"
        )
        if where is None or (seen and where == seen[0]):
            return len(seen)  # out of the page (or round to the first stop again)
        assert_focus_visible(page, f"at stop {len(seen) + 1} tabbing through the page: {where}")
        seen.append(where)
    raise AssertionError(f"Tab never left {page.url} after {limit} stops: a focus trap?")


_CONTROL_NAMES = """() => {
  const text = (nodes) => nodes.map((node) => node.textContent.trim().replace(/\\s+/g, " ")).join(" ");
  const names = [];
  for (const group of document.querySelectorAll("main fieldset")) {
    names.push("group " + text(Array.from(group.querySelectorAll(":scope > legend"))));
  }
  for (const field of document.querySelectorAll("main textarea, main select")) {
    names.push("field " + text(Array.from(field.labels || [])));
  }
  return names;
}"""


def assert_controls_named_apart(page: Any, where: str) -> None:
    """Each question group and each text box or list on the page has its own name (a screen reader
    user tabbing from question to question hears which statement each one is for)."""
    names = page.evaluate(_CONTROL_NAMES)
    repeated = sorted({name for name in names if names.count(name) > 1})
    assert not repeated, f"on {where} these names are given to more than one control: {repeated}"


def activate(page: Any, key: str = "Enter") -> Any:
    """Press ``key`` on the focused link or button and return the response of the page it leads to."""
    with page.expect_navigation() as navigation:
        page.keyboard.press(key)
    return navigation.value


def e_mail_link(address: str, path_prefix: str = "/assessments/") -> str:
    messages = [message for message in mail.outbox if message.to == [address]]
    assert messages, f"no e-mail was sent to {address}; sent: {[(m.to, m.subject) for m in mail.outbox]}"
    for link in re.findall(r"https?://\S+", messages[-1].body):
        if urlsplit(link).path.startswith(path_prefix):
            return str(link)
    raise AssertionError(f"no link to {path_prefix} in the e-mail:\n{messages[-1].body}")


def go(page: Any, action: Callable[[], Any]) -> Any:
    """Do ``action`` (a click) and return the response of the page it leads to."""
    with page.expect_navigation() as navigation:
        action()
    return navigation.value


def start_an_assessment(session: BrowserSession, framework: str, participants: list[Any], axe_source: str) -> int:
    """The signed-in super-user starts an assessment on the start form; returns its number."""
    from playwright.sync_api import expect

    page = session.page
    page.goto(session.url("/assessments/"))
    go(page, lambda: page.get_by_role("link", name="Start a self-assessment").click())
    assert_accessible(session, "the start form", axe_source)
    page.get_by_label(framework).check()
    for person in participants:
        page.get_by_label(re.compile(rf"^{re.escape(person.full_name)} \(")).check()
    closing = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_label("Answers close on").fill(closing.isoformat())
    page.get_by_label("The team meets to agree on").fill((closing + datetime.timedelta(days=2)).isoformat())
    go(page, lambda: page.get_by_role("button", name="Start and tell the participants").click())
    found = re.fullmatch(re.escape(session.url("/assessments/")) + r"(\d+)/", page.url)
    assert found, f"not sent to the assessment's page: {page.url}"
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("We have e-mailed everyone")
    assert_accessible(session, "the new assessment's page", axe_source)
    return int(found.group(1))


def open_e_mail_and_sign_in(session: BrowserSession, email: str, assessment: int) -> None:
    """Open the e-mail's link signed out, sign in on the page it leads to, land on the assessment."""
    page = session.page
    link = e_mail_link(email)
    assert link.startswith(session.base_url), f"the e-mail links to {link}, not to the site at {session.base_url}"
    assert urlsplit(link).path == f"/assessments/{assessment}/"
    page.goto(link)
    assert urlsplit(page.url).path == "/account/login/", f"the link did not ask to sign in: {page.url}"
    page.locator("main [name=login]").fill(email)
    page.locator("main [name=password]").fill(MEMBER_PASSWORD)
    go(page, lambda: page.get_by_role("button", name="Sign in", exact=True).click())
    assert page.url == session.url(f"/assessments/{assessment}/"), f"not back at the assessment: {page.url}"


def a_council_with_a_team(name: str, *people: tuple[str, str]) -> tuple[Any, Any, list[Any]]:
    """(organisation, super-user, members) of a new county council ``name``; people: (full name, e-mail)."""
    from tiex.accounts.roles import Role
    from tiex.accounts.services import organisation_for_council
    from tiex.accounts.tests.factories import member_of
    from tiex.councils.tests.factories import CouncilFactory

    organisation = organisation_for_council(council=CouncilFactory(name=name, county_council=True))
    (lead_name, lead_email), *rest = people
    lead = member_of(organisation, Role.SUPER_USER, full_name=lead_name, email=lead_email)
    members = [member_of(organisation, Role.MEMBER, full_name=full, email=email) for full, email in rest]
    return organisation, lead, members


def test_an_invited_participant_completes_a_theme_with_the_keyboard_alone(
    open_browser: Callable[..., BrowserSession], axe_source: str
) -> None:
    """JavaScript on; from the e-mail the super-user's start form sent; no clicks and no fills."""
    from tiex.assessments.tests.factories import load, scaled_spec

    version = load(scaled_spec())
    p1, p2 = (version.statements.get(code=code) for code in ("P1", "P2"))
    _organisation, lead, (kim,) = a_council_with_a_team(
        "Keyboardshire", ("Lee Lead", "lee@keyboardshire.example.org"), ("Kim Keys", "kim@keyboardshire.example.org")
    )
    boss = open_browser()
    sign_in(boss, lead.email)
    assessment = start_an_assessment(boss, "Test transformation (version 1.0)", [kim], axe_source)

    session = open_browser(javascript=True)
    page = session.page
    link = e_mail_link(kim.email)
    assert link.startswith(session.base_url), f"the e-mail links to {link}, not to the site at {session.base_url}"
    page.goto(link)  # opening the e-mail's link
    assert urlsplit(page.url).path == "/account/login/"
    assert "js-enabled" in (page.locator("body").get_attribute("class") or ""), "the page's scripts did not run"
    assert_accessible(session, "the sign-in page", axe_source)
    key_to(page, "main [name=login]")
    page.keyboard.type(kim.email)
    key_to(page, "main [name=password]")
    page.keyboard.type(MEMBER_PASSWORD)
    activate(page)  # Enter in the password field sends the form
    assert page.url == session.url(f"/assessments/{assessment}/"), f"not back at the assessment: {page.url}"
    assert "You have answered 0 of 3" in page.locator("main").inner_text()
    assert_accessible(session, "the assessment's page", axe_source)

    key_to(page, f"a[href='/assessments/{assessment}/answer/place/']")
    activate(page)
    assert page.url == session.url(f"/assessments/{assessment}/answer/place/")
    assert_accessible(session, "the answer page", axe_source)
    assert_controls_named_apart(page, "the answer page")

    # P1: Tab into "where we are now" and choose with the arrows; on to the ambition, then
    # Shift+Tab back to change the first answer; a comment typed in.
    key_to(page, f"input[name=s{p1.pk}-current]")
    press(page, "ArrowDown", "in P1's first question")  # 1 -> 2
    key_to(page, f"input[name=s{p1.pk}-ambition]")
    for _ in range(3):
        press(page, "ArrowDown", "in P1's ambition")  # 1 -> 4
    key_to(page, f"input[name=s{p1.pk}-current]", key="Shift+Tab")
    assert page.evaluate("() => document.activeElement.value") == "2", "Shift+Tab did not return to the chosen answer"
    press(page, "ArrowDown", "changing P1's first answer")  # 2 -> 3
    key_to(page, f"textarea[name=s{p1.pk}-comment]")
    page.keyboard.type("Typed with the keyboard alone")
    # P2: Space chooses the first level; the arrows the ambition.
    key_to(page, f"input[name=s{p2.pk}-current]")
    press(page, "Space", "choosing P2's first level")
    key_to(page, f"input[name=s{p2.pk}-ambition]")
    for _ in range(4):
        press(page, "ArrowDown", "in P2's ambition")  # 1 -> 5
    # No trap: the focus goes on past the form to the footer, and back.
    key_to(page, "footer a")
    key_to(page, "button[name=return]", key="Shift+Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Save and come back later"
    response = activate(page, "Space")
    assert response is not None and response.status == 200
    assert page.url == session.url(f"/assessments/{assessment}/")

    # The overview: saved, the theme complete, the progress counted; the focus on the message.
    main = page.locator("main").inner_text()
    assert "Your answers on Understanding of place are saved" in main
    assert "You have answered 2 of 3" in main
    place = page.locator(".govuk-task-list__item", has_text="Understanding of place")
    assert place.locator(".govuk-task-list__status").inner_text().strip() == "Completed"
    assert_focus_visible(page, "on landing after saving")
    assert page.evaluate("() => document.activeElement.matches('.govuk-notification-banner')"), (
        "the message is not focused"
    )
    assert_accessible(session, "the assessment's page after saving", axe_source)

    # Back on the theme, by keyboard: the answers as chosen.
    key_to(page, f"a[href='/assessments/{assessment}/answer/place/']")
    activate(page)
    assert page.locator(f"input[name=s{p1.pk}-current][value='3']").is_checked()
    assert page.locator(f"input[name=s{p1.pk}-ambition][value='4']").is_checked()
    assert page.locator(f"input[name=s{p2.pk}-current][value='1']").is_checked()
    assert page.locator(f"input[name=s{p2.pk}-ambition][value='5']").is_checked()
    assert page.locator(f"textarea[name=s{p1.pk}-comment]").input_value() == "Typed with the keyboard alone"
    assert not session.problems.csp_violations and not session.problems.offsite_requests, session.problems


def publish_similar_results(version: Any, names: list[str]) -> dict[str, Any]:
    """Councils like Brightwater (counties) that have already shared a public result: {name: assessment}."""
    from tiex.assessments import services
    from tiex.assessments.tests.factories import start, team
    from tiex.councils.tests.factories import CouncilFactory

    published = {}
    for name, level in zip(names, (2, 3, 3, 4, 4), strict=True):
        organisation, lead, people = team(council=CouncilFactory(name=name, county_council=True), members=1)
        assessment = start(version, organisation, lead, people)
        answers = {s.pk: ({"current": level, "ambition": 5}, "") for s in version.statements.all()}
        services.consensus_save(actor=lead, assessment=assessment, answers=answers)
        published[name] = services.assessment_publish(actor=lead, assessment=assessment, visibility="public")
    return published


def answer_every_theme(
    session: BrowserSession, assessment: int, answers: dict[Any, tuple[int, int]], note: str, axe_source: str
) -> None:
    """On the assessment's page: each theme in turn, the radios chosen, a comment, "Save and continue"."""
    page = session.page
    go(page, lambda: page.get_by_role("link", name="Understanding of place").click())
    while True:
        assert_accessible(session, "the answer page", axe_source)
        for statement, (now, ambition) in answers.items():
            if page.locator(f"#s{statement.pk}-current-{now}").count():
                page.locator(f"#s{statement.pk}-current-{now}").check()
                page.locator(f"#s{statement.pk}-ambition-{ambition}").check()
                page.locator(f"#s{statement.pk}-comment").fill(f"{note} on {statement.code}")
        last = page.get_by_role("button", name="Save and continue").count() == 0
        button = "Save and come back later" if last else "Save and continue"
        go(page, lambda button=button: page.get_by_role("button", name=button).click())
        if last:
            break
    assert page.url == session.url(f"/assessments/{assessment}/")
    assert "You have answered 3 of 3" in page.locator("main").inner_text()


def test_a_super_user_runs_the_round_from_the_front_door_to_the_next_round(
    open_browser: Callable[..., BrowserSession], axe_source: str
) -> None:
    """JavaScript on. Everyone starts at the sign-in page or the link in their e-mail."""
    from playwright.sync_api import expect

    from tiex.assessments.tests.factories import load, scaled_spec
    from tiex.library.services import taxonomy_ensure
    from tiex.library.tests.browser_seed import ensure_page_tree
    from tiex.library.tests.factories import make_resource

    ensure_page_tree()  # the Exchange needs Wagtail's root and its themes (flushed by earlier browser tests)
    taxonomy_ensure()
    version = load(scaled_spec())
    p1, p2, m1 = (version.statements.get(code=code) for code in ("P1", "P2", "M1"))
    resource = make_resource("Knowing our place street by street", themes=("understanding-of-place",))
    similar = publish_similar_results(version, ["Peerfield", *(f"Countyshire {i}" for i in range(4))])
    organisation, lead, (ash, bo) = a_council_with_a_team(
        "Brightwater",
        ("Sam Sponsor", "sam@brightwater.example.org"),
        ("Ash Officer", "ash@brightwater.example.org"),
        ("Bo Councillor", "bo@brightwater.example.org"),
    )
    framework = "Test transformation (version 1.0)"
    mail.outbox.clear()  # the similar councils' invitations

    # 1. The super-user signs in at the front door and starts the assessment, naming the team.
    boss = open_browser()
    sign_in(boss, lead.email)
    assessment = start_an_assessment(boss, framework, [lead, ash, bo], axe_source)
    assert {message.to[0] for message in mail.outbox} == {lead.email, ash.email, bo.email}

    # 2. Each answers from their own e-mail; the first statement divides the team (1, 5, 2).
    team_answers = {
        lead: {p1: (1, 5), p2: (2, 4), m1: (4, 5)},
        ash: {p1: (5, 5), p2: (2, 4), m1: (4, 5)},
        bo: {p1: (2, 5), p2: (3, 4), m1: (4, 5)},
    }
    boss.page.goto(e_mail_link(lead.email))  # already signed in: straight to the assessment
    assert boss.page.url == boss.url(f"/assessments/{assessment}/")
    answer_every_theme(boss, assessment, team_answers[lead], "Sam", axe_source)
    for person, name in ((ash, "Ash"), (bo, "Bo")):
        member = open_browser()
        open_e_mail_and_sign_in(member, person.email, assessment)
        answer_every_theme(member, assessment, team_answers[person], name, axe_source)

    # 3. Where the team disagrees: the divided statement first, who said what to the super-user.
    page = boss.page
    page.goto(boss.url(f"/assessments/{assessment}/"))
    go(page, lambda: page.get_by_role("link", name="Where the team disagrees").click())
    first_row = page.locator("main tbody tr").first
    expect(first_row.locator("th")).to_contain_text("P1")
    first_row.get_by_text("Who said what").click()
    expect(first_row).to_contain_text("Ash Officer: 5")
    assert_accessible(boss, "the disagreement view", axe_source)
    assert tab_through(page) > 5

    # 4. The consensus: answers closed, pre-filled from the median, one changed with a note.
    go(page, lambda: page.get_by_role("link", name="Record the team's agreed answers").click())
    go(page, lambda: page.get_by_role("button", name="Close answers").click())
    expect(page.get_by_role("button", name="Close answers")).to_have_count(0)
    assert_accessible(boss, "the consensus form", axe_source)
    assert_controls_named_apart(page, "the consensus form")
    assert page.locator(f"#s{p1.pk}-current").input_value() == "2"  # 1, 2, 5
    assert page.locator(f"#s{p2.pk}-current").input_value() == "2"  # 2, 2, 3
    assert page.locator(f"#s{m1.pk}-current").input_value() == "4"
    page.locator(f"#s{p1.pk}-current").select_option("1")
    page.locator(f"#s{p1.pk}-note").fill("We agreed we have barely started")
    go(page, lambda: page.get_by_role("button", name="Save the agreed answers").click())
    assert page.url == boss.url(f"/assessments/{assessment}/publish/")
    assert_accessible(boss, "the publish page", axe_source)

    # 5. Published to the public.
    page.get_by_label("The public").check()
    go(page, lambda: page.get_by_role("button", name="Publish", exact=True).click())
    assert page.url == boss.url(f"/assessments/{assessment}/results/")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("the public can see it")
    assert_accessible(boss, "the published result, for the super-user", axe_source)

    # Anyone finds it from the front page; the next steps list the Exchange resource on the low theme.
    visitor = open_browser()
    seen = visitor.page
    seen.goto(visitor.url("/assessments/"))
    assert_accessible(visitor, "the self-assessment front page", axe_source)
    go(seen, lambda: seen.get_by_role("link", name="Brightwater: Test transformation").click())
    assert seen.url == visitor.url(f"/assessments/{assessment}/results/")
    expect(seen.locator("main")).to_contain_text("Weakest theme: Understanding of place (average 1.5 of 5)")
    expect(seen.locator("main")).not_to_contain_text("Sam on P1")  # nobody's own comments
    expect(seen.get_by_role("heading", name="Action plan")).to_have_count(0)  # the plan stays in the council
    assert_accessible(visitor, "the published result", axe_source)
    go(seen, lambda: seen.get_by_role("link", name=resource.title).click())
    expect(seen.get_by_role("heading", level=1)).to_have_text(resource.title)

    # The API lists it, with the agreed (changed) answer.
    listed = seen.goto(visitor.url(f"/api/v1/assessments?council={organisation.council.gss_code}"))
    assert listed is not None and [item["id"] for item in listed.json()["items"]] == [assessment]
    detail = seen.goto(visitor.url(f"/api/v1/assessments/{assessment}"))
    assert detail is not None
    agreed = {row["code"]: row for row in detail.json()["statements"]}
    assert agreed["P1"]["values"]["current"] == 1 and agreed["P1"]["note"] == "We agreed we have barely started"

    # A similar council's comparison counts it: the fifth shared result, so its figures show.
    peerfield = similar["Peerfield"].council
    comparison = seen.goto(
        visitor.url(f"/api/v1/frameworks/test-scaled/comparison?council={peerfield.gss_code}&group=same-type")
    )
    assert comparison is not None
    data = comparison.json()
    assert data["group"]["shared"] == 5 and "Brightwater" in {c["name"] for c in data["group"]["councils"]}
    place = next(theme for theme in data["themes"] if theme["code"] == "place")
    assert (place["n"], place["suppressed"]) == (5, False)
    seen.goto(visitor.url(f"/assessments/{similar['Peerfield'].pk}/results/?group=same-type"))
    expect(seen.locator("#comparison ~ p").first).to_contain_text("5 of them have shared")
    expect(seen.get_by_text("Not shown: fewer than 5 councils")).to_have_count(0)
    assert_accessible(visitor, "a similar council's result with the comparison", axe_source)
    assert tab_through(seen) > 10

    # 6. The super-user adds an action from an area for improvement, with the resource.
    go(page, lambda: page.get_by_role("link", name="Add an action for P1").click())
    assert_accessible(boss, "the action form", axe_source)
    page.get_by_label("What will the council do?").fill("Map our places with our partners")
    page.get_by_label("Owner").fill("Head of policy")
    page.get_by_label("Not started").check()
    page.get_by_label(resource.title).check()
    go(page, lambda: page.get_by_role("button", name="Add the action").click())
    assert page.url == boss.url(f"/assessments/{assessment}/results/#action-plan")
    expect(page.get_by_role("table", name="Actions from this result")).to_contain_text(
        "Map our places with our partners"
    )
    assert_accessible(boss, "the result with its action plan", axe_source)
    assert tab_through(page) > 10

    # 7. The next round opens with the action plan, for the super-user and for the participant
    # who opens the new e-mail.
    newer = start_an_assessment(boss, framework, [ash], axe_source)
    assert newer != assessment
    plan = page.get_by_role("table", name="The action plan from the previous round")
    expect(plan).to_contain_text("Map our places with our partners")
    participant = open_browser()
    open_e_mail_and_sign_in(participant, ash.email, newer)
    expect(participant.page.get_by_role("table", name="The action plan from the previous round")).to_contain_text(
        "Map our places with our partners"
    )
    assert_accessible(participant, "the next round's page", axe_source)
    for session in (boss, visitor, participant):
        assert not session.problems.csp_violations and not session.problems.offsite_requests, session.problems
