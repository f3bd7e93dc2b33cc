"""Sign-in events into the audit log.

Signals are the only way to hear about sign-in from Django and allauth; each
receiver is an adapter that hands over to the audit service at once.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
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


def create_cache_tables(sender: Any, using: str = "default", verbosity: int = 1, **kwargs: Any) -> None:
    """After migrate: the database cache's table (throttling counts shared by every worker, see
    config/settings.py CACHES). Django's createcachetable does nothing for tables that exist."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
