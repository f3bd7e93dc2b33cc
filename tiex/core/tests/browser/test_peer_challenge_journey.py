"""A peer challenge from the enquiry to the progress review, in a real browser from the front door.

The issue's "Done when", as people meet it. Staff sign in through the sign-in form and their
authenticator app, record an enquiry for Northshire and take it through every stage: the
invitation, the agreed dates, the team (built on the team page by choosing suggested peers,
whose reasons are shown; the peer at Northshire itself is never suggested), the position
statement (which the council's super-user shares, with JavaScript off), the pre-visit call,
the timetable, the visit (four months ago), the feedback presentation and the written report
(an uploaded file). The report is then overdue: the reminders job runs as the scheduler runs
it, staff see the step flagged, and the council's super-user's reminder e-mail is in the
outbox. Staff record the report's recommendations; the council's super-user publishes the
report, turns the recommendations into actions (the council's action plan lists them) and
publishes the action plan; staff record the progress review and the council publishes its
report. The public then sees the milestones and the three published documents and nothing
private. axe-core checks every kind of page visited.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail

from tiex.core.tests.browser.conftest import (
    MEMBER_PASSWORD,
    BrowserSession,
    describe_violations,
    run_axe,
    run_axe_without_javascript,
    sign_in,
)

STAFF_EMAIL = "stella.staff@association.example.org"
SUPER_USER_EMAIL = "sam.super@northshire.example.org"
TODAY = date.today()
VISIT_START, VISIT_END = TODAY - timedelta(days=123), TODAY - timedelta(days=120)  # the report is overdue
BEFORE = (TODAY - timedelta(days=150)).isoformat()
RECOMMENDATIONS = (
    "Agree a medium-term financial strategy that closes the budget gap.",
    "Give overview and scrutiny a forward work programme tied to the priorities.",
)


def assert_accessible(session: BrowserSession, what: str, axe_source: str) -> None:
    check = run_axe if session.javascript else run_axe_without_javascript
    violations = check(session.page, axe_source)
    assert not violations, f"{what} ({session.page.url}) has accessibility violations:\n" + describe_violations(
        violations
    )
    assert not session.problems.csp_violations, session.problems.csp_violations
    assert not session.problems.offsite_requests, session.problems.offsite_requests


def go(page: Any, action: Any) -> None:
    with page.expect_navigation():
        action()


def menu(page: Any, section: str) -> None:
    """Follow a section of the header's menu, as anyone would."""
    go(page, lambda: page.get_by_role("navigation", name="Menu").get_by_role("link", name=section, exact=True).click())


def to_the_challenge(page: Any) -> None:
    """Back to the challenge's page by its breadcrumb (the kind's name), from any of its pages."""
    crumbs = page.locator(".govuk-breadcrumbs")
    go(page, lambda: crumbs.get_by_role("link", name="Corporate peer challenge", exact=True).click())


def council_profile_to_challenge(session: BrowserSession, council_name: str) -> None:
    """From the header's "Councils", the council's profile and its "Peer challenges" section."""
    page = session.page
    menu(page, "Councils")
    go(page, lambda: page.locator("main").get_by_role("link", name=council_name, exact=True).click())
    go(page, lambda: page.locator("#peer-challenges + ul").get_by_role("link").first.click())
    page.wait_for_url(re.compile(r"/peer-challenges/[^/]+/$"))


def staff_sign_in(session: BrowserSession, secret: str) -> None:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    page = session.page
    page.goto(session.url("/account/login/"))
    page.locator("main [name=login]").fill(STAFF_EMAIL)
    page.locator("main [name=password]").fill(MEMBER_PASSWORD)
    go(page, lambda: page.get_by_role("button", name="Sign in", exact=True).click())
    assert page.url == session.url("/account/2fa/authenticate/"), page.url
    page.locator("main [name=code]").fill(str(format_hotp_value(hotp_value(secret, int(time.time()) // 30))))
    go(page, lambda: page.get_by_role("button", name="Sign in", exact=True).click())
    assert page.url == session.url("/account/profile/"), page.url


def complete_stage(page: Any, label: str, on: str | None = None, note: str = "") -> None:
    go(page, lambda: page.get_by_role("link", name=label, exact=True).click())
    if note:
        page.get_by_label("What it produced (optional)").fill(note)
    page.get_by_label("This stage is complete").check()
    if on:
        page.get_by_label("Date completed").fill(on)
    go(page, lambda: page.get_by_role("button", name="Save the stage").click())
    banner = page.locator(".govuk-notification-banner--success, .govuk-error-summary").first
    assert "saved and complete" in banner.inner_text(), banner.inner_text()


def add_document(session: BrowserSession, kind: str, title: str, *, link: str = "", file: bytes = b"") -> None:
    page = session.page
    go(page, lambda: page.get_by_role("link", name="Add a document").click())
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Title").fill(title)
    if file:
        page.get_by_label("Upload a file").set_input_files(
            {"name": "report.pdf", "mimeType": "application/pdf", "buffer": file}
        )
    else:
        page.get_by_label("Or give a link").fill(link)
    go(page, lambda: page.get_by_role("button", name="Add the document").click())
    assert f"{title} is added" in page.locator(".govuk-notification-banner").inner_text()


def add_suggested(session: BrowserSession, role: str, axe_source: str) -> str:
    """On the team page, press the first "Add ... as <role>" suggestion; return the peer's name."""
    page = session.page
    button = page.get_by_role("button", name=f"as {role}").first
    name = button.inner_text().replace("Add", "", 1).split(" as ")[0].strip()
    go(page, button.click)
    banner = page.locator(".govuk-notification-banner")
    assert f"{name} is on the team as {role}" in banner.inner_text(), banner.inner_text()
    return name


def build_team_from_suggestions(session: BrowserSession, axe_source: str) -> list[str]:
    """Staff open the team page from the challenge page and choose one suggested peer per role."""
    from playwright.sync_api import expect

    page = session.page
    go(page, lambda: page.get_by_role("link", name="Build the team").click())
    expect(page.get_by_role("heading", name="Build the team")).to_be_visible()
    assert_accessible(session, "the team page with suggestions", axe_source)
    chosen = [
        add_suggested(session, role, axe_source)
        for role in ("challenge manager", "lead member peer", "member peer", "officer peer")
    ]
    assert_accessible(session, "the team page with the team built", axe_source)
    return chosen


def publish(session: BrowserSession, what: str, title: str) -> None:
    page = session.page
    go(page, lambda: page.get_by_role("link", name=f"Publish the {what}").click())
    page.get_by_label(title).check()
    go(page, lambda: page.get_by_role("button", name="Publish").click())
    assert f"{what} is published" in page.locator(".govuk-notification-banner").inner_text()


@pytest.mark.browser
def test_staff_take_a_challenge_from_enquiry_to_progress_review_and_the_council_acts_on_it(
    open_browser: Any, axe_source: str, transactional_db: Any, settings: Any, tmp_path: Any
) -> None:
    from playwright.sync_api import expect

    from tiex.accounts.roles import Role
    from tiex.accounts.services import organisation_for_council
    from tiex.accounts.tests.factories import association, member_of
    from tiex.assessments.tests.factories import access_world_assessment
    from tiex.core import scheduler
    from tiex.councils.models import Party
    from tiex.councils.tests.factories import CouncilFactory
    from tiex.peer_challenges.models import Challenge, TeamMember
    from tiex.peer_challenges.tests.factories import PeerFactory, corporate_kind
    from tiex.plans.models import Action

    settings.MEDIA_ROOT = tmp_path
    corporate_kind()
    council = CouncilFactory(name="Northshire", region="East Midlands")
    # The pool: officer and member peers of three parties elsewhere, and one at Northshire itself.
    PeerFactory(full_name="Morgan Manager", officer=True, role="Chief executive")
    PeerFactory(full_name="Olive Officer", officer=True, role="Director of finance")
    PeerFactory(full_name="Lee Lead", party=Party.CONSERVATIVE, group_office="Conservative Group Office")
    PeerFactory(full_name="Mia Member", party=Party.LABOUR)
    PeerFactory(full_name="Dev Democrat", party=Party.LIBERAL_DEMOCRATS, group_office="Liberal Democrat Group Office")
    PeerFactory(full_name="Nora Northshire", council=council, party=Party.GREEN, group_office="Green Group Office")
    organisation = organisation_for_council(council=council)
    super_user = member_of(organisation, Role.SUPER_USER, email=SUPER_USER_EMAIL)
    # Northshire's published self-assessment (the super-user shares it with the team).
    access_world_assessment(organisation, {"super_a": super_user, "member_a": member_of(organisation, Role.MEMBER)})
    staff_user = member_of(association(), Role.EDITOR, email=STAFF_EMAIL, full_name="Stella Staff")
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(staff_user, secret)

    # --- Staff, from the front door ---
    staff = open_browser()
    staff_sign_in(staff, secret)
    page = staff.page
    menu(page, "Peer challenges")
    go(page, lambda: page.get_by_role("link", name="manage peer challenges").click())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Peer challenges")
    assert_accessible(staff, "the staff list", axe_source)
    go(page, lambda: page.get_by_role("link", name="Record an enquiry").click())
    assert_accessible(staff, "the enquiry form", axe_source)
    page.get_by_label("Council", exact=True).select_option(label="Northshire")
    page.get_by_label("Corporate peer challenge").check()
    page.get_by_label("Date of the enquiry").fill((TODAY - timedelta(days=200)).isoformat())
    page.get_by_label("Regional adviser").fill("Rhian Adviser")
    page.get_by_label("The council's own focus areas (optional)").fill("Housing delivery")
    go(page, lambda: page.get_by_role("button", name="Record the enquiry").click())
    challenge = Challenge.objects.get()
    assert page.url == staff.url(f"/peer-challenges/{challenge.reference}/")
    expect(page.locator(".govuk-tag").first).to_have_text("Enquiry and invitation")
    assert_accessible(staff, "the challenge page (staff, at the enquiry)", axe_source)

    complete_stage(page, "Enquiry and invitation", BEFORE, note="Invitation accepted by the chief executive")
    # Scoping needs the dates first: the error says so.
    go(page, lambda: page.get_by_role("link", name="Scoping and date agreed", exact=True).click())
    page.get_by_label("This stage is complete").check()
    page.get_by_label("Date completed").fill(BEFORE)
    go(page, lambda: page.get_by_role("button", name="Save the stage").click())
    expect(page.locator(".govuk-error-summary")).to_contain_text("Agree the visit dates first")
    assert_accessible(staff, "a stage form with its error", axe_source)
    to_the_challenge(page)
    go(page, lambda: page.get_by_role("link", name="Agree the visit dates").click())
    page.get_by_label("First day on site").fill(VISIT_START.isoformat())
    page.get_by_label("Last day on site").fill(VISIT_END.isoformat())
    go(page, lambda: page.get_by_role("button", name="Save the dates").click())
    complete_stage(page, "Scoping and date agreed", BEFORE)
    # The team: staff choose from the suggestions; the peer serving at Northshire is never one.
    team = build_team_from_suggestions(staff, axe_source)
    assert "Nora Northshire" not in team
    expect(page.get_by_role("button", name="Add Nora Northshire as member peer")).to_have_count(0)
    assert TeamMember.objects.filter(challenge=challenge).count() == 4
    go(page, lambda: page.get_by_role("link", name="Back to the challenge").click())
    complete_stage(page, "Team assembled", BEFORE)

    # --- The council's super-user shares the position statement (JavaScript off) ---
    council_session = open_browser(javascript=False)
    sign_in(council_session, SUPER_USER_EMAIL)
    council_page = council_session.page
    council_profile_to_challenge(council_session, "Northshire")
    assert council_page.url == council_session.url(f"/peer-challenges/{challenge.reference}/"), council_page.url
    assert_accessible(council_session, "the challenge page (the council's private view)", axe_source)
    add_document(
        council_session,
        "Position statement",
        "Northshire position statement",
        link="https://northshire.example.org/ps.pdf",
    )
    # ... and shares its latest published self-assessment with the team.
    go(
        council_page,
        lambda: council_page.get_by_role("link", name="Share your latest published self-assessment").click(),
    )
    assert_accessible(council_session, "sharing the self-assessment", axe_source)
    council_page.locator("main input[name=assessment]").first.check()
    go(council_page, lambda: council_page.get_by_role("button", name="Save").click())
    assert "shared with the team" in council_page.locator(".govuk-notification-banner").inner_text()
    assert Challenge.objects.get().self_assessment_id is not None

    page.reload()
    expect(page.locator("#self-assessment + p")).to_contain_text("Northshire shares its")
    complete_stage(page, "Position statement shared", BEFORE)
    complete_stage(page, "Pre-visit call", BEFORE)
    go(page, lambda: page.get_by_role("link", name="Plan the timetable").click())
    page.get_by_label("Day").fill(VISIT_START.isoformat())
    page.get_by_label("Starts at").fill("09:30")
    page.get_by_label("Focus group").check()
    page.get_by_label("What and with whom").fill("Front-line staff")
    page.get_by_label("People met").fill("14")
    go(page, lambda: page.get_by_role("button", name="Add the session").click())
    assert_accessible(staff, "the timetable", axe_source)
    go(page, lambda: page.get_by_role("link", name="Back to the challenge").click())
    complete_stage(page, "On-site visit")
    complete_stage(page, "Feedback presentation")
    add_document(staff, "Peer challenge report", "Northshire corporate peer challenge report", file=b"%PDF-1.4 report")
    complete_stage(page, "Written report")

    # --- Three months on, the report is unpublished: the reminders job (as the scheduler runs it) ---
    mail.outbox.clear()
    scheduler.JOBS["peer_challenge_reminders"]()
    scheduler.JOBS["peer_challenge_reminders"]()  # the next tick: nothing more
    [reminder] = mail.outbox
    assert reminder.to == [SUPER_USER_EMAIL] and "publish the report" in reminder.subject.lower()
    reminder_link = re.search(r"https?://\S+/peer-challenges/[^/\s]+/", reminder.body)
    assert reminder_link and reminder_link.group(0).endswith(f"/peer-challenges/{challenge.reference}/")
    go(page, lambda: page.locator(".govuk-breadcrumbs").get_by_role("link", name="Peer challenges").click())
    page.get_by_label("Overdue only").check()
    go(page, lambda: page.get_by_role("button", name="Filter").click())
    assert "overdue=1" in page.url, page.url
    expect(page.locator("main table")).to_contain_text("Northshire")
    expect(page.locator("main table")).to_contain_text("Publish the report")
    assert_accessible(staff, "the staff list, overdue only", axe_source)

    # --- Staff record the report's recommendations ---
    go(page, lambda: page.locator("main table").get_by_role("link", name="Northshire").click())
    go(page, lambda: page.get_by_role("link", name="The report's recommendations").click())
    for text in RECOMMENDATIONS:
        page.get_by_label("Recommendation", exact=True).fill(text)
        go(page, lambda: page.get_by_role("button", name="Record the recommendation").click())
    assert_accessible(staff, "the recommendations (staff)", axe_source)

    # --- The council publishes the report, turns its recommendations into actions, publishes the plan ---
    # The super-user follows the link in the reminder.
    council_page.goto(council_session.url(urlsplit(reminder_link.group(0)).path))
    assert council_page.url == council_session.url(f"/peer-challenges/{challenge.reference}/"), council_page.url
    publish(council_session, "report", "Northshire corporate peer challenge report")
    assert_accessible(council_session, "the challenge page after publishing", axe_source)
    go(council_page, lambda: council_page.get_by_role("link", name="The report's recommendations").click())
    assert_accessible(council_session, "the recommendations (the council)", axe_source)
    boxes = council_page.locator("main input[name=recommendation]")
    expect(boxes).to_have_count(2)
    for index in range(2):
        boxes.nth(index).check()
    go(
        council_page,
        lambda: council_page.get_by_role("button", name="Add the chosen recommendations to the action plan").click(),
    )
    plan_slug = organisation_for_council(council=council).slug
    assert council_page.url == council_session.url(f"/plans/{plan_slug}/"), council_page.url
    plan = council_page.locator("main")
    for text in RECOMMENDATIONS:
        expect(plan).to_contain_text(text)
    expect(plan.get_by_role("link", name=re.compile("Corporate peer challenge"))).to_have_count(2)
    assert_accessible(council_session, "the council's action plan with the new actions", axe_source)
    assert Action.objects.filter(source_kind="peer-challenge").count() == 2
    # From an action, back to the challenge it came from.
    go(council_page, lambda: plan.get_by_role("link", name=re.compile("Corporate peer challenge")).first.click())
    assert council_page.url == council_session.url(f"/peer-challenges/{challenge.reference}/"), council_page.url
    add_document(council_session, "Action plan", "Northshire action plan", link="https://northshire.example.org/plan")
    publish(council_session, "action plan", "Northshire action plan")
    # The council's feedback on the challenge, from the challenge's page.
    go(council_page, lambda: council_page.get_by_role("link", name="Give Northshire's feedback").click())
    assert_accessible(council_session, "the council's feedback form", axe_source)
    council_page.locator("main input[name=positive_impact][value=yes]").check()
    council_page.locator("main input[name=satisfied][value=yes]").check()
    go(council_page, lambda: council_page.get_by_role("button", name="Send the feedback").click())
    assert "feedback is recorded" in council_page.locator(".govuk-notification-banner").inner_text()
    to_the_challenge(council_page)

    # --- The progress review, and its report ---
    to_the_challenge(page)
    complete_stage(page, "Progress review", note="Review visit: good progress on housing delivery")
    add_document(
        council_session,
        "Progress review report",
        "Northshire progress review",
        link="https://northshire.example.org/review",
    )
    publish(council_session, "progress review report", "Northshire progress review")
    expect(council_page.locator(".govuk-tag").first).to_have_text("Complete")

    # --- The public: milestones and published documents only ---
    public = open_browser()
    public.page.goto(public.url("/"))
    council_profile_to_challenge(public, "Northshire")
    expect(public.page.locator("main")).to_contain_text("Northshire progress review")
    main = public.page.locator("main").inner_text()
    for title in ("Northshire corporate peer challenge report", "Northshire action plan", "Northshire progress review"):
        assert title in main
    for private in ("Northshire position statement", "Front-line staff", "Morgan Manager", "Invitation accepted"):
        assert private not in main
    assert_accessible(public, "the challenge page (public)", axe_source)
    go(public.page, lambda: public.page.locator(".govuk-breadcrumbs").get_by_role("link", name="Northshire").click())
    expect(public.page.locator("#peer-challenges + ul")).to_contain_text("progress review report published")
    challenge.refresh_from_db()
    assert challenge.stage == "progress-review-published" and challenge.people_met == 14
