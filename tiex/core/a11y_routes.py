"""Accessibility coverage of every route: the one place that says which pages are checked.

Each URL pattern in the project is listed here under its URL name (``namespace:name``)
or, when it has no name, under its route pattern (``account/social/signup/``). An entry is
either the pages to open in a real browser and check with axe-core (``Visit``: a concrete
URL, the state it shows, the role to sign in as, the data to create first, and form
fields to fill and submit) or a sentence saying why the route needs no check of its own.
Routes under a prefix in ``PREFIX_REASONS`` share one reason unless listed explicitly.

tiex/core/tests/test_routes_coverage.py fails when a route has neither, or when an
entry here names a route that no longer exists; tiex/core/tests/browser/ opens every
``Visit``. Adding a page means adding a line here.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

# Who the browser signs in as: "anonymous" is nobody; "member" an ordinary signed-in user
# with no organisation; "super_user" a super-user of the council organisation ORG_SLUG;
# "editor" an association editor (with an authenticator app), for staff pages.
ROLES = frozenset({"anonymous", "member", "super_user", "editor"})
# Data each visit needs, created by the browser tests' seed functions (see conftest there):
# "councils": six councils, Cambridgeshire (E10000003) with control history, comparators
# and a boundary; "organisation": ORG_SLUG with a second member (membership
# MEMBERSHIP_PK) and a pending invitation whose token is INVITATION_TOKEN.
# "exchange": resources and a submission in review (tiex/library/tests/browser_seed.py).
# "assessments": a framework and an assessment with answers (tiex/assessments/tests/browser_seed.py).
# "partnerships": two councils (one former) in a partnership with savings (tiex/partnerships/tests/browser_seed.py).
# "refresh": an open refresh round with ORG_SLUG's council's return (tiex/partnerships/tests/browser_seed_refresh.py).
# "peer_challenges": Testshire's challenge past its report, and an enquiry (tiex/peer_challenges/tests/browser_seed.py).
# "peer-challenges-documents": a challenge of ORG_SLUG's council with a published report and
# recommendations (tiex/peer_challenges/tests/browser_seed_documents.py).
# "peers": a challenge at ORG_SLUG's council with a pool of peers, the "member" one of them
# (tiex/peer_challenges/tests/browser_seed_peers.py).
# "peer-challenges-coverage": councils with control history and challenges
#   (tiex/peer_challenges/tests/browser_seed_coverage.py).
# "development-uptake": councils with boundaries, councillor counts and bookings
#   (tiex/development/tests/browser_seed_uptake.py).
# "development": the demo catalogue of councillor development and a booking of the "super_user"
#   (tiex/development/tests/browser_seed.py).
# "events": an Innovation Zone with an open mic, a proposal and the member's agenda (tiex/events/tests/browser_seed.py).
# "board": a grant year with deliverables and updates, and two board meetings (tiex/board/tests/browser_seed.py).
# "census": a published and an open census, and a response link for ORG_SLUG's council
#   (tiex/census/tests/browser_seed.py).
SEEDS = frozenset(
    {
        "none",
        "councils",
        "organisation",
        "exchange",
        "assessments",
        "partnerships",
        "refresh",
        "peer-challenges-documents",
        "peers",
        "peer_challenges",
        "peer-challenges-coverage",
        "development-uptake",
        "development",
        "events",
        "board",
        "census",
    }
)
ORG_SLUG = "testshire"
MEMBERSHIP_PK = 902
INVITATION_TOKEN = "a11y-test-invitation-token"  # noqa: S105 - a made-up token for tests


@dataclass(frozen=True)
class Visit:
    path: str
    state: str
    role: str = "anonymous"
    seed: str = "none"
    # Form fields (name, value) to fill in on the page before submitting its form:
    # used to show a form with validation errors.
    submit: tuple[tuple[str, str], ...] = field(default=())

    @property
    def label(self) -> str:
        return f"{self.path} [{self.state}, {self.role}]"


Coverage = tuple[Visit, ...] | str

# Password the browser tests give the signed-in "member" (never a real credential).
MEMBER_EMAIL = "member@example.org"
WRONG_PASSWORD = "not-the-password-123"  # noqa: S105

SIGN_IN_ERRORS = (("login", MEMBER_EMAIL), ("password", WRONG_PASSWORD))

_SIGN_IN_FIRST = "only reached after the first step of a sign-in or re-authentication flow; redirects otherwise"
_NEEDS_TOTP = "needs an activated authenticator app (TOTP); not reachable until MFA is set up"
_SOCIAL = "third-party sign-in (OpenID Connect) hand-off: redirects to the identity provider"
_OLD_SOCIAL = "allauth's legacy redirect to its /3rdparty/ URL"
_CODE_LOGIN = "sign-in by e-mailed code is switched off (ACCOUNT_LOGIN_BY_CODE_ENABLED is false); redirects"
_FILE = "file download, not a page"

ROUTES: dict[str, Coverage] = {
    # --- core ---------------------------------------------------------------
    "core:home": (
        Visit("/", "home page"),
        Visit("/", "home page, signed in", role="member"),
    ),
    "core:data_sources": (Visit("/data/", "list of datasets"),),
    "core:accessibility": (Visit("/accessibility/", "accessibility statement"),),
    "healthz": "JSON health check for load balancers, not a page",
    "wagtail_serve": (Visit("/pages/no-such-page/", "page not found (404 page)"),),
    "wagtailcore_login": "Wagtail's sign-in for private pages; no page is private (sign-in is /account/login/)",
    "wagtailcore_authenticate_with_password": "Wagtail password-protected page form; no page sets a password",
    # --- councils -----------------------------------------------------------
    "councils:detail": (
        Visit("/councils/E10000003/", "council profile with control history and comparators", seed="councils"),
        Visit("/councils/E07000008/", "council profile, little data", seed="councils"),
    ),
    "councils:download_csv": _FILE + " (CSV of the directory; the JavaScript-off journey downloads it)",
    "councils:download_json": _FILE + " (JSON of the directory)",
    "councils:directory": (
        Visit("/councils/", "empty directory"),
        Visit("/councils/", "directory with councils", seed="councils"),
        Visit("/councils/?q=shire", "filtered directory", seed="councils"),
        Visit("/councils/?q=zzzz-no-match", "filtered directory, no results", seed="councils"),
    ),
    # --- accounts (ours) ----------------------------------------------------
    "accounts:profile": (Visit("/account/profile/", "your account", role="member"),),
    "accounts:organisation_list": (
        Visit("/account/organisations/", "your organisations, none", role="member"),
        Visit("/account/organisations/", "your organisations", role="super_user", seed="organisation"),
    ),
    "accounts:organisation_members": (
        Visit(
            f"/account/organisations/{ORG_SLUG}/members/",
            "members and invitations",
            role="super_user",
            seed="organisation",
        ),
        Visit(
            f"/account/organisations/{ORG_SLUG}/members/",
            "invite form with errors",
            role="super_user",
            seed="organisation",
            submit=(("email", "not-an-address"),),
        ),
    ),
    "accounts:membership_role": (
        Visit(
            f"/account/organisations/{ORG_SLUG}/members/{MEMBERSHIP_PK}/role/",
            "change a member's role",
            role="super_user",
            seed="organisation",
        ),
    ),
    "accounts:membership_remove": (
        Visit(
            f"/account/organisations/{ORG_SLUG}/members/{MEMBERSHIP_PK}/remove/",
            "remove a member: confirm",
            role="super_user",
            seed="organisation",
        ),
    ),
    "accounts:invitation_revoke": "POST only: the button that revokes is on the members page, checked there",
    "accounts:invitation_open": (
        # Redirects to /account/invitations/accept/ (the token stays out of the address bar).
        Visit(f"/account/invitations/{INVITATION_TOKEN}/", "accept an invitation: set a password", seed="organisation"),
        Visit(
            f"/account/invitations/{INVITATION_TOKEN}/",
            "accept an invitation: errors (a short password)",
            seed="organisation",
            submit=(("password1", "short"), ("password2", "short")),
        ),
        Visit("/account/invitations/no-such-token/", "invitation link not valid"),
    ),
    "accounts:invitation_accept": (Visit("/account/invitations/accept/", "no invitation link opened yet"),),
    # --- accounts (django-allauth, with our templates) ------------------------
    "account_login": (
        Visit("/account/login/", "sign-in form"),
        Visit("/account/login/", "sign-in form with errors (wrong password)", submit=SIGN_IN_ERRORS),
        Visit("/account/login/", "sign-in form with errors (nothing entered)", submit=(("login", ""),)),
    ),
    "account_logout": (Visit("/account/logout/", "sign-out confirmation", role="member"),),
    "account_inactive": (Visit("/account/inactive/", "account inactive"),),
    "account_signup": (Visit("/account/signup/", "sign-up closed (invitation only)"),),
    "account_reauthenticate": (Visit("/account/reauthenticate/", "confirm your password", role="member"),),
    "account_request_reauthentication_code": _CODE_LOGIN,
    "account_confirm_reauthentication_code": _CODE_LOGIN,
    "account_email": (Visit("/account/email/", "e-mail addresses", role="member"),),
    "account_email_verification_sent": (Visit("/account/confirm-email/", "verification e-mail sent"),),
    "account_confirm_email": (Visit("/account/confirm-email/not-a-key/", "confirmation link invalid"),),
    "account_change_password": (Visit("/account/password/change/", "change password", role="member"),),
    "account_set_password": "redirects to change password: every account has a password",
    "account_reset_password": (
        Visit("/account/password/reset/", "reset password form"),
        Visit("/account/password/reset/", "reset password with errors", submit=(("email", "not-an-address"),)),
    ),
    "account_reset_password_done": (Visit("/account/password/reset/done/", "reset e-mail sent"),),
    "account_reset_password_from_key": (
        Visit("/account/password/reset/key/1-not-a-key/", "reset link invalid or expired"),
    ),
    "account_reset_password_from_key_done": (Visit("/account/password/reset/key/done/", "password changed"),),
    "account_confirm_login_code": _CODE_LOGIN,
    # --- multi-factor authentication (django-allauth mfa) ---------------------
    "mfa_index": (Visit("/account/2fa/", "two-factor authentication settings", role="member"),),
    "mfa_authenticate": _SIGN_IN_FIRST,
    "mfa_reauthenticate": _SIGN_IN_FIRST,
    "mfa_activate_totp": "redirects to re-authentication first; the activation form is checked in MFA tests",
    "mfa_deactivate_totp": _NEEDS_TOTP,
    "mfa_view_recovery_codes": _NEEDS_TOTP,
    "mfa_generate_recovery_codes": _NEEDS_TOTP,
    "mfa_download_recovery_codes": _FILE + " (recovery codes as text)",
    # --- third-party sign-in (django-allauth socialaccount) --------------------
    "socialaccount_login_cancelled": (Visit("/account/3rdparty/login/cancelled/", "third-party sign-in cancelled"),),
    "socialaccount_login_error": (Visit("/account/3rdparty/login/error/", "third-party sign-in failed"),),
    "socialaccount_signup": _SIGN_IN_FIRST,
    "socialaccount_connections": (Visit("/account/3rdparty/", "connected accounts", role="member"),),
    "openid_connect_login": _SOCIAL,
    "openid_connect_callback": _SOCIAL,
    "account/social/login/cancelled/": _OLD_SOCIAL,
    "account/social/login/error/": _OLD_SOCIAL,
    "account/social/signup/": _OLD_SOCIAL,
    "account/social/connections/": _OLD_SOCIAL,
    # --- API ----------------------------------------------------------------
    "api:openapi-view": "interactive API documentation: Swagger UI (third-party UI) inside the site's page; "
    "checked in a browser for rendering under the CSP (browser/test_api_docs.py)",
}


def _app_routes() -> dict[str, Any]:
    """Entries apps keep beside their own code (in ``<app>/a11y_routes.py`` and, for an app built
    in areas, ``<app>/a11y_routes_<area>.py``; each has a function ``routes(Visit)``), so that
    core never imports an app by name."""
    found: dict[str, Any] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("tiex.") or config.name == "tiex.core":
            continue
        names = sorted(
            module.name
            for module in pkgutil.iter_modules([config.path])
            if module.name == "a11y_routes" or module.name.startswith("a11y_routes_")
        )
        for name in names:
            found.update(import_module(f"{config.name}.{name}").routes(Visit))
    return found


ROUTES.update(_app_routes())

# Reasons shared by every route under a path prefix (used when the route has no entry above).
PREFIX_REASONS: dict[str, str] = {
    "api/v1/": "JSON API, not a page",
    "admin/": "Wagtail admin: third-party UI, covered by Wagtail's own accessibility testing",
    "documents/": "Wagtail document downloads: " + _FILE,
}


@dataclass(frozen=True)
class Route:
    key: str  # URL name with namespace, or the route pattern when unnamed
    pattern: str  # the full route pattern, e.g. "account/login/"


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            if entry.name:
                yield Route(f"{namespace}:{entry.name}" if namespace else entry.name, pattern)
            else:
                yield Route(pattern, pattern)


def routes() -> list[Route]:
    """Every URL pattern of the project, from the URL configuration."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.key, route)
    return list(seen.values())


def coverage_for(route: Route) -> Coverage | None:
    if route.key in ROUTES:
        return ROUTES[route.key]
    for prefix, reason in PREFIX_REASONS.items():
        if route.pattern.startswith(prefix):
            return reason
    return None


def uncovered() -> list[Route]:
    return [route for route in routes() if coverage_for(route) is None]


def visits() -> list[tuple[str, Visit]]:
    """(route key, visit) for every page the browser tests open, in a stable order."""
    return [(key, visit) for key, entry in ROUTES.items() if not isinstance(entry, str) for visit in entry]
