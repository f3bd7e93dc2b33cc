"""A peer challenge from the enquiry to the progress review, in a real browser from the front door.

Staff sign in through the sign-in form and their authenticator app, record an enquiry for
Northshire and take it through every stage: the invitation, the agreed dates, the team (built
on pcpeers' page in the finished product; recorded directly here), the position statement
(which the council's super-user shares, with JavaScript off), the pre-visit call, the
timetable, the visit, the feedback presentation and the written report (an uploaded file);
the council's super-user publishes the report and the action plan; staff record the progress
review and the council publishes its report. The public then sees the milestones and the
three published documents and nothing private. axe-core checks the main pages.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import pytest

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
VISIT_START, VISIT_END = TODAY - timedelta(days=43), TODAY - timedelta(days=40)
BEFORE = (TODAY - timedelta(days=60)).isoformat()


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


def publish(session: BrowserSession, what: str, title: str) -> None:
    page = session.page
    go(page, lambda: page.get_by_role("link", name=f"Publish the {what}").click())
    page.get_by_label(title).check()
    go(page, lambda: page.get_by_role("button", name="Publish").click())
    assert f"{what} is published" in page.locator(".govuk-notification-banner").inner_text()


@pytest.mark.browser
def test_staff_take_a_challenge_from_enquiry_to_progress_review_and_the_council_publishes(
    open_browser: Any, axe_source: str, transactional_db: Any, settings: Any, tmp_path: Any
) -> None:
    from playwright.sync_api import expect

    from tiex.accounts.roles import Role
    from tiex.accounts.services import organisation_for_council
    from tiex.accounts.tests.factories import association, member_of
    from tiex.councils.tests.factories import CouncilFactory
    from tiex.peer_challenges.models import Challenge
    from tiex.peer_challenges.tests.factories import PeerFactory, TeamMemberFactory, corporate_kind

    settings.MEDIA_ROOT = tmp_path
    corporate_kind()
    council = CouncilFactory(name="Northshire", region="East Midlands")
    member_of(organisation_for_council(council=council), Role.SUPER_USER, email=SUPER_USER_EMAIL)
    staff_user = member_of(association(), Role.EDITOR, email=STAFF_EMAIL, full_name="Stella Staff")
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(staff_user, secret)

    # --- Staff, from the front door ---
    staff = open_browser()
    staff_sign_in(staff, secret)
    page = staff.page
    page.goto(staff.url("/peer-challenges/manage/"))
    assert_accessible(staff, "the staff list", axe_source)
    go(page, lambda: page.get_by_role("link", name="Record an enquiry").click())
    assert_accessible(staff, "the enquiry form", axe_source)
    page.get_by_label("Council", exact=True).select_option(label="Northshire")
    page.get_by_label("Corporate peer challenge").check()
    page.get_by_label("Date of the enquiry").fill((TODAY - timedelta(days=90)).isoformat())
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
    page.goto(staff.url(f"/peer-challenges/{challenge.reference}/"))
    go(page, lambda: page.get_by_role("link", name="Agree the visit dates").click())
    page.get_by_label("First day on site").fill(VISIT_START.isoformat())
    page.get_by_label("Last day on site").fill(VISIT_END.isoformat())
    go(page, lambda: page.get_by_role("button", name="Save the dates").click())
    complete_stage(page, "Scoping and date agreed", BEFORE)
    # The team: chosen by staff on the peers' pages (another area); recorded here directly.
    TeamMemberFactory(challenge=challenge, peer=PeerFactory(full_name="Morgan Manager", officer=True), role="manager")
    page.reload()
    complete_stage(page, "Team assembled", BEFORE)

    # --- The council's super-user shares the position statement (JavaScript off) ---
    council_session = open_browser(javascript=False)
    sign_in(council_session, SUPER_USER_EMAIL)
    council_page = council_session.page
    council_page.goto(council_session.url(f"/peer-challenges/{challenge.reference}/"))
    assert_accessible(council_session, "the challenge page (the council's private view)", axe_source)
    add_document(
        council_session,
        "Position statement",
        "Northshire position statement",
        link="https://northshire.example.org/ps.pdf",
    )

    page.reload()
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
    page.goto(staff.url(f"/peer-challenges/{challenge.reference}/"))
    complete_stage(page, "On-site visit")
    complete_stage(page, "Feedback presentation")
    add_document(staff, "Peer challenge report", "Northshire corporate peer challenge report", file=b"%PDF-1.4 report")
    complete_stage(page, "Written report")

    # --- The council publishes the report, then the action plan ---
    council_page.reload()
    publish(council_session, "report", "Northshire corporate peer challenge report")
    assert_accessible(council_session, "the challenge page after publishing", axe_source)
    add_document(council_session, "Action plan", "Northshire action plan", link="https://northshire.example.org/plan")
    publish(council_session, "action plan", "Northshire action plan")

    # --- The progress review, and its report ---
    page.reload()
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
    public.page.goto(public.url(f"/peer-challenges/{challenge.reference}/"))
    main = public.page.locator("main").inner_text()
    for title in ("Northshire corporate peer challenge report", "Northshire action plan", "Northshire progress review"):
        assert title in main
    for private in ("Northshire position statement", "Front-line staff", "Morgan Manager", "Invitation accepted"):
        assert private not in main
    assert_accessible(public, "the challenge page (public)", axe_source)
    public.page.goto(public.url(f"/councils/{council.gss_code}/"))
    expect(public.page.locator("#peer-challenges + ul")).to_contain_text("progress review report published")
    challenge.refresh_from_db()
    assert challenge.stage == "progress-review-published" and challenge.people_met == 14
