"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

The tests here are marked ``browser``. Without /usr/bin/chromium they are skipped with
the reason, and the end of the run says so; with ``CI=true`` or ``TIEX_REQUIRE_BROWSER=1``
a missing browser is a failure instead. Playwright never downloads a browser here:
it launches the system Chromium (see docs/decisions/0003-browser-tests.md).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from tiex.accounts.tests.factories import PASSWORD, UserFactory
from tiex.core.a11y_routes import INVITATION_TOKEN, MEMBER_EMAIL, MEMBERSHIP_PK, ORG_SLUG

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MEMBER_PASSWORD = PASSWORD
SUPER_USER_EMAIL = "super.user@example.org"
BROWSER_TIMEOUT_MS = 15_000


def browser_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("TIEX_REQUIRE_BROWSER", "") not in {"", "0"}


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (install it with: apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (run: make install)"
    if not AXE_SOURCE.exists():
        return f"axe-core not found at {AXE_SOURCE} (run: make install)"
    return None


# --- Reporting: say at the end of the run whether the browser tests ran --------------


@dataclass
class _Tally:
    outcomes: dict[str, int] = field(default_factory=dict)
    skip_reasons: set[str] = field(default_factory=set)
    browser_tests: set[str] = field(default_factory=set)


_TALLY = _Tally()


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is not None:
        _TALLY.browser_tests.add(item.nodeid)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.nodeid not in _TALLY.browser_tests:
        return
    if report.when == "call":
        outcome = report.outcome
    elif report.when == "setup" and report.outcome != "passed":
        outcome = "skipped" if report.skipped else "error"
    else:
        return
    _TALLY.outcomes[outcome] = _TALLY.outcomes.get(outcome, 0) + 1
    if report.skipped and isinstance(report.longrepr, tuple):
        _TALLY.skip_reasons.add(str(report.longrepr[2]).removeprefix("Skipped: "))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _TALLY.outcomes:
        return
    passed, failed = _TALLY.outcomes.get("passed", 0), _TALLY.outcomes.get("failed", 0)
    skipped, errors = _TALLY.outcomes.get("skipped", 0), _TALLY.outcomes.get("error", 0)
    write = terminalreporter.write_line
    if passed + failed:
        line = f"Browser tests: RAN {passed + failed} in Chromium ({passed} passed, {failed} failed"
        line += f", {errors} errors" if errors else ""
        write(line + (f", {skipped} skipped)" if skipped else ")"), green=not (failed or errors), bold=True)
    elif errors:
        write(f"Browser tests: DID NOT RUN, {errors} errors (see above)", red=True, bold=True)
    else:
        reason = "; ".join(sorted(_TALLY.skip_reasons)) or "see the skip reasons above"
        write(f"Browser tests: SKIPPED ({skipped} tests): {reason}", yellow=True, bold=True)


# --- The browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One Chromium per test module.

    Playwright's sync API keeps an asyncio loop marked as running on the main thread
    while it is open, which makes Django refuse ORM calls from the test ("async
    context"). The test code is plain synchronous code, so Django's check is switched
    off for exactly as long as Playwright is open, and restored after the module.
    """
    problem = browser_missing()
    if problem:
        if browser_required():
            pytest.fail(f"Browser tests are required here (CI=true or TIEX_REQUIRE_BROWSER=1) but {problem}.")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


@dataclass
class PageProblems:
    """What a page did that it must not: requests off the site, CSP violations."""

    offsite_requests: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)


@dataclass
class BrowserSession:
    page: Any
    problems: PageProblems
    base_url: str
    javascript: bool = True

    def url(self, path: str) -> str:
        return self.base_url + path


def get_member(django_user_model: Any) -> Any:
    """The signed-in "member" of the route map: an ordinary user, password MEMBER_PASSWORD."""
    return django_user_model.objects.filter(email=MEMBER_EMAIL).first() or UserFactory(
        email=MEMBER_EMAIL, full_name="Morgan Member"
    )


@pytest.fixture
def member(django_user_model: Any) -> Any:
    return get_member(django_user_model)


def ensure_organisation() -> Any:
    """The council organisation ORG_SLUG (of the council "Testshire")."""
    from tiex.accounts.models import Organisation
    from tiex.accounts.tests.factories import CouncilOrganisationFactory
    from tiex.councils.tests.factories import CouncilFactory

    organisation = Organisation.objects.filter(slug=ORG_SLUG).first()
    if organisation is None:
        council = CouncilFactory(name="Testshire", la_code="TSH", gss_code="E07999999")
        organisation = CouncilOrganisationFactory(slug=ORG_SLUG, name="Testshire District Council", council=council)
    return organisation


def get_super_user(django_user_model: Any) -> Any:
    from tiex.accounts.models import Membership
    from tiex.accounts.roles import Role

    user = django_user_model.objects.filter(email=SUPER_USER_EMAIL).first() or UserFactory(
        email=SUPER_USER_EMAIL, full_name="Sam Super-User"
    )
    Membership.objects.get_or_create(user=user, organisation=ensure_organisation(), defaults={"role": Role.SUPER_USER})
    return user


EDITOR_EMAIL = "edie.editor@example.org"


def get_editor(django_user_model: Any) -> Any:
    """An association editor with an authenticator app (staff must have one), for staff pages."""
    from tiex.accounts.roles import Role
    from tiex.accounts.tests.factories import association, give_totp, member_of

    user = django_user_model.objects.filter(email=EDITOR_EMAIL).first()
    if user is None:
        user = member_of(association(), Role.EDITOR, email=EDITOR_EMAIL, full_name="Edie Editor")
        give_totp(user)
    return user


USERS_BY_ROLE: dict[str, Callable[[Any], Any]] = {
    "member": get_member,
    "super_user": get_super_user,
    "editor": get_editor,
}


@pytest.fixture
def open_browser(chromium: Any, live_server: Any, django_user_model: Any) -> Iterator[Callable[..., BrowserSession]]:
    """Open a fresh browser context: ``open_browser(role="member", javascript=False)``."""
    cache.clear()  # sign-in rate limits count in the cache
    contexts: list[Any] = []
    host = urlsplit(live_server.url).hostname
    offsite = re.compile(rf"^(?!https?://({re.escape(str(host))}|127\.0\.0\.1)[:/])[a-z]+://")

    def opener(role: str = "anonymous", javascript: bool = True) -> BrowserSession:
        context = chromium.new_context(java_script_enabled=javascript, accept_downloads=True, locale="en-GB")
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        contexts.append(context)
        problems = PageProblems()

        def block(route: Any) -> None:
            problems.offsite_requests.append(route.request.url)
            route.abort()

        # Only requests to other hosts are intercepted (the pattern is matched inside the browser).
        context.route(offsite, block)
        if role in USERS_BY_ROLE:
            client = Client()
            client.force_login(USERS_BY_ROLE[role](django_user_model))
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        elif role != "anonymous":
            raise ValueError(f"unknown role {role!r}")
        page = context.new_page()

        def on_console(message: Any) -> None:
            if message.type == "error" and "Content Security Policy" in message.text:
                problems.csp_violations.append(message.text)

        page.on("console", on_console)
        return BrowserSession(page=page, problems=problems, base_url=live_server.url, javascript=javascript)

    yield opener
    for context in contexts:
        context.close()


# --- axe-core ---------------------------------------------------------------------------

_RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}
"""


def run_axe(page: Any, source: str) -> list[dict[str, Any]]:
    """Run axe-core in the page (injected by evaluate, which the page's CSP does not govern).

    It first waits for the page to finish loading: a click that navigates returns once the new
    page starts loading, and axe run on a document still being parsed would check half a page."""
    page.wait_for_load_state()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(source)
    return list(page.evaluate(_RUN_AXE, AXE_TAGS))


# With JavaScript off, Chromium runs what Playwright evaluates but never fires a timer (nor a
# queueMicrotask callback), and axe-core defers its work with setTimeout, so axe.run never
# settles. While axe runs, setTimeout callbacks run as promise reactions, which V8 still runs.
# The page's own scripts stay off, so axe checks the page as a person without them sees it
# (on the form, the search and the sign-in page this gives exactly the passes and violations
# that axe finds with JavaScript on).
_TIMERS_AS_MICROTASKS = """() => {
  window.__tiexSetTimeout = window.setTimeout;
  window.setTimeout = (callback, delay, ...args) => { Promise.resolve().then(() => callback(...args)); return 0; };
}"""
_TIMERS_RESTORED = "() => { window.setTimeout = window.__tiexSetTimeout; delete window.__tiexSetTimeout; }"


def run_axe_without_javascript(page: Any, axe_source: str) -> list[dict[str, Any]]:
    page.evaluate(_TIMERS_AS_MICROTASKS)
    try:
        return run_axe(page, axe_source)
    finally:
        page.evaluate(_TIMERS_RESTORED)


def sign_in(session: BrowserSession, email: str, password: str = MEMBER_PASSWORD) -> None:
    """Sign in through the GOV.UK sign-in form, as a person would (checking, in a session opened
    with JavaScript off, that the page's scripts really did not run)."""
    page = session.page
    page.goto(session.url("/account/login/"))
    if not session.javascript:
        assert "js-enabled" not in (page.locator("body").get_attribute("class") or ""), "page scripts ran"
    page.locator("main [name=login]").fill(email)
    page.locator("main [name=password]").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.url.startswith(session.url("/account/profile/")), f"{email} was not signed in: {page.url}"


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:10]:
            lines.append(f"    at {node['target']}")
            lines.extend(f"       {part}" for part in (node["summary"] or "").splitlines()[:4])
    return "\n".join(lines)


# --- Data for the pages ----------------------------------------------------------------

# A handful of councils of different kinds, enough for a list, a filter and an empty result.
SAMPLE_COUNCILS = [
    # gss_code, la_code, name, type, powers, region
    ("E10000003", "CAM", "Cambridgeshire", "CTY", "upper tier", "East of England"),
    ("E07000008", "CAB", "Cambridge", "NMD", "lower tier", "East of England"),
    ("E06000065", "NYE", "North Yorkshire", "UA", "unitary", "Yorkshire and The Humber"),
    ("E08000025", "BIR", "Birmingham", "MD", "unitary", "West Midlands"),
    ("E09000033", "WSM", "Westminster", "LBO", "unitary", "London"),
    ("E10000024", "NTT", "Nottinghamshire", "CTY", "upper tier", "East Midlands"),
]


def seed_councils() -> None:
    from tiex.councils.models import ComparatorKind, Control
    from tiex.councils.tests.factories import (
        ClimateEmergencyDeclarationFactory,
        ClusterLabelFactory,
        ComparatorLinkFactory,
        ControlYearFactory,
        CouncilFactory,
        NetZeroCommitmentFactory,
        square,
    )

    councils = {}
    for gss, la_code, name, kind, powers, region in SAMPLE_COUNCILS:
        official = f"{name} County Council" if kind == "CTY" else f"{name} Council"
        councils[la_code] = CouncilFactory(
            gss_code=gss, la_code=la_code, name=name, official_name=official, type=kind, powers=powers, region=region
        )
    cambridgeshire = councils["CAM"]
    cambridgeshire.boundary, cambridgeshire.boundary_year = square(lon=-0.5, lat=52.2), 2025
    cambridgeshire.population_2020, cambridgeshire.area_km2 = 653_500, 3046.0
    cambridgeshire.control, cambridgeshire.control_year = Control.LIBERAL_DEMOCRATS, 2025
    cambridgeshire.save()
    for year, seats, control, changed in [
        (2021, {"con": 28, "ld": 20, "lab": 9, "other": 4}, Control.NO_OVERALL_CONTROL, None),
        (2025, {"ld": 31, "ref": 10, "con": 12, "lab": 4, "other": 4}, Control.LIBERAL_DEMOCRATS, True),
    ]:
        ControlYearFactory(council=cambridgeshire, year=year, seats=seats, control=control, control_changed=changed)
    ComparatorLinkFactory(
        council=cambridgeshire, neighbour=councils["NTT"], kind=ComparatorKind.DFE_STATISTICAL_NEIGHBOURS, rank=1
    )
    ClusterLabelFactory(council=cambridgeshire, kind=ComparatorKind.SIMILARITY_DEPRIVATION, label="Quintile 5")
    ClusterLabelFactory(council=councils["NTT"], kind=ComparatorKind.SIMILARITY_DEPRIVATION, label="Quintile 5")
    ClimateEmergencyDeclarationFactory(council=cambridgeshire, date_made=datetime.date(2019, 5, 1))
    NetZeroCommitmentFactory(council=cambridgeshire, scope="Council operations", target_year=2030)
    NetZeroCommitmentFactory(council=cambridgeshire, scope="Whole area", target_year=2045)


def seed_organisation() -> None:
    """ORG_SLUG with a second member (membership MEMBERSHIP_PK) and a pending invitation (INVITATION_TOKEN)."""
    from datetime import timedelta

    from django.utils import timezone

    from tiex.accounts.models import Invitation, Membership
    from tiex.accounts.roles import Role
    from tiex.accounts.tokens import token_hash

    organisation = ensure_organisation()
    colleague = UserFactory(email="colleague@example.org", full_name="Casey Colleague")
    Membership.objects.create(pk=MEMBERSHIP_PK, user=colleague, organisation=organisation, role=Role.MEMBER)
    Invitation.objects.create(
        email="new.person@example.org",
        organisation=organisation,
        role=Role.MEMBER,
        token_hash=token_hash(INVITATION_TOKEN),
        expires_at=timezone.now() + timedelta(days=14),
    )


def seed_exchange() -> None:
    from tiex.library.tests.browser_seed import seed_exchange as seed

    seed()


def seed_assessments() -> None:
    from tiex.assessments.tests.browser_seed import seed_assessments as seed

    seed()


def seed_partnerships() -> None:
    from tiex.partnerships.tests.browser_seed import seed_partnerships as seed

    seed()


def seed_refresh() -> None:
    from tiex.partnerships.tests.browser_seed_refresh import seed_refresh as seed

    seed(ensure_organisation().council)


def seed_peer_challenges_documents() -> None:
    from tiex.peer_challenges.tests.browser_seed_documents import seed_documents as seed

    seed(ensure_organisation().council)


def seed_peers() -> None:
    from django.contrib.auth import get_user_model

    from tiex.peer_challenges.tests.browser_seed_peers import seed_peers as seed

    seed(ensure_organisation().council, get_member(get_user_model()))


def seed_peer_challenges() -> None:
    from tiex.peer_challenges.tests.browser_seed import seed_peer_challenges as seed

    seed()


def seed_peer_challenges_coverage() -> None:
    from tiex.peer_challenges.tests.browser_seed_coverage import seed_coverage

    seed_coverage()


def seed_development_uptake() -> None:
    from tiex.development.tests.browser_seed_uptake import seed_uptake

    seed_uptake()


def seed_development() -> None:
    from django.contrib.auth import get_user_model

    from tiex.development.tests.browser_seed import seed_development as seed

    seed(ensure_organisation().council, get_super_user(get_user_model()))


def seed_events() -> None:
    from django.contrib.auth import get_user_model

    from tiex.events.tests.browser_seed import seed_events as seed

    users = get_user_model()
    seed(ensure_organisation().council, get_member(users), get_super_user(users))


def seed_board() -> None:
    from tiex.board.tests.browser_seed import seed_board as seed

    seed()


SEED_FUNCTIONS: dict[str, Callable[[], None]] = {
    "none": lambda: None,
    "councils": seed_councils,
    "organisation": seed_organisation,
    "exchange": seed_exchange,
    "assessments": seed_assessments,
    "partnerships": seed_partnerships,
    "refresh": seed_refresh,
    "peer-challenges-documents": seed_peer_challenges_documents,
    "peers": seed_peers,
    "peer_challenges": seed_peer_challenges,
    "peer-challenges-coverage": seed_peer_challenges_coverage,
    "development-uptake": seed_development_uptake,
    "development": seed_development,
    "events": seed_events,
    "board": seed_board,
}


@pytest.fixture
def seed() -> Callable[[str], None]:
    return lambda name: SEED_FUNCTIONS[name]()
