"""Core's questions to the permission module (tiex.accounts.permissions)."""

from __future__ import annotations

from typing import Any


def may_view_audit_log(user: Any) -> bool:
    try:
        from tiex.accounts.permissions import can
    except ImportError:  # pragma: no cover - the accounts permission module always exists once built
        return bool(getattr(user, "is_superuser", False))
    return can(user, "audit.view")
