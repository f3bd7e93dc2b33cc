"""Sign-in, password and two-factor events into the audit log.

Signals are the only way to hear about sign-in from Django and allauth; each
receiver is an adapter that hands over to the audit service at once.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from tiex.core.services import audit_record


def _ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:
        return None


@receiver(user_logged_in, dispatch_uid="tiex.audit.sign_in")
def record_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="auth.sign_in", obj=user, ip_address=_ip(request))


@receiver(user_logged_out, dispatch_uid="tiex.audit.sign_out")
def record_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.sign_out", obj=user, ip_address=_ip(request))


@receiver(user_login_failed, dispatch_uid="tiex.audit.sign_in_failed")
def record_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The address typed is kept (it may not belong to anyone); the password never is.
    typed = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit_record(
        actor=None,
        actor_label=typed or "unknown",
        action="auth.sign_in_failed",
        object_type="accounts.user",
        ip_address=_ip(request),
    )


# --- Passwords and two-factor authentication (allauth's signals) -------------------------------

_PASSWORD_ACTIONS = {
    "changed": "auth.password_change",
    "reset": "auth.password_reset",
    "set": "auth.password_set",
}


def _record_password(kind: str, request: HttpRequest | None, user: Any) -> None:
    # The password itself never reaches the log.
    audit_record(actor=user, action=_PASSWORD_ACTIONS[kind], obj=user, ip_address=_ip(request))


@receiver(password_changed, dispatch_uid="tiex.audit.password_changed")
def record_password_changed(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _record_password("changed", request, user)


@receiver(password_reset, dispatch_uid="tiex.audit.password_reset")
def record_password_reset(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _record_password("reset", request, user)


@receiver(password_set, dispatch_uid="tiex.audit.password_set")
def record_password_set(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _record_password("set", request, user)


def _record_authenticator(action: str, request: HttpRequest | None, user: Any, authenticator: Any) -> None:
    audit_record(
        actor=user,
        action=action,
        object_type="accounts.user",
        object_id=str(user.pk),
        object_repr=str(user)[:200],
        after={"type": str(authenticator.type)},
        ip_address=_ip(request),
    )


@receiver(authenticator_added, dispatch_uid="tiex.audit.mfa_added")
def record_mfa_added(sender: Any, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _record_authenticator("auth.mfa_add", request, user, authenticator)


@receiver(authenticator_removed, dispatch_uid="tiex.audit.mfa_removed")
def record_mfa_removed(sender: Any, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _record_authenticator("auth.mfa_remove", request, user, authenticator)


@receiver(authenticator_reset, dispatch_uid="tiex.audit.mfa_reset")
def record_mfa_reset(sender: Any, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _record_authenticator("auth.mfa_reset", request, user, authenticator)


def create_cache_tables(sender: Any, using: str = "default", verbosity: int = 1, **kwargs: Any) -> None:
    """After migrate: the database cache's table (throttling counts shared by every worker, see
    config/settings.py CACHES). Django's createcachetable does nothing for tables that exist."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
