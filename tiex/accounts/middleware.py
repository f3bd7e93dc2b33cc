"""Staff protections on every request.

* Editors and admins (and Django superusers) must use two-factor authentication:
  until they have an authenticator app (TOTP), every page except signing out, the
  MFA pages themselves, re-authentication, static files and /healthz redirects to
  the set-up page.
  The page first asked for is kept, and the set-up ends with a way on to it.
* Only editors and admins reach the Wagtail admin at /admin/ (others get 403), and
  Wagtail's own sign-in page sends people to ours, which is throttled and asks for
  the second factor.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tiex.accounts import permissions
from tiex.accounts.selectors import roles_of, user_has_totp

MFA_NEEDED_MESSAGE = "Your role needs two-factor authentication. Set up an authenticator app to continue."
# The page someone asked for when they were sent to set up two-factor authentication: the
# recovery-codes page at the end of the set-up offers "Continue" to it.
AFTER_MFA_SESSION_KEY = "tiex_after_mfa_setup"


def after_mfa_setup_url(request: HttpRequest) -> str | None:
    """The page to continue to once two-factor authentication is set up (a local path), if any."""
    candidate = str(getattr(request, "session", {}).get(AFTER_MFA_SESSION_KEY) or "")
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts=None):
        return candidate
    return None


def _reverse(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@cache
def _exempt_prefixes() -> tuple[str, ...]:
    """Paths a person without MFA may still open (prefix match)."""
    prefixes = [settings.STATIC_URL, "/healthz"]
    for name in ("account_logout", "mfa_index", "account_reauthenticate"):
        path = _reverse(name)
        if path:
            prefixes.append(path)
    return tuple(p for p in prefixes if p)


@cache
def _admin_paths() -> tuple[str | None, str | None]:
    return _reverse("wagtailadmin_home"), _reverse("wagtailadmin_login")


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.GET.get(REDIRECT_FIELD_NAME, "")
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return default


class RequireMFAForStaffMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        admin_home, admin_login = _admin_paths()
        if admin_login and path == admin_login:
            return redirect_to_login(_safe_next(request, admin_home or "/"), settings.LOGIN_URL)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if not path.startswith(_exempt_prefixes()) and roles_of(user).requires_mfa and not user_has_totp(user=user):
            if request.method == "GET":
                messages.warning(request, MFA_NEEDED_MESSAGE)
                request.session[AFTER_MFA_SESSION_KEY] = request.get_full_path()
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        if admin_home and path.startswith(admin_home) and not permissions.can(user, permissions.ADMIN_ACCESS):
            raise PermissionDenied("The staff admin is for editors and admins.")
        return self.get_response(request)
