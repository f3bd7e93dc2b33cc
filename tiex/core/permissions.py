"""Core's questions to the permission module (tiex.accounts.permissions)."""

from __future__ import annotations

from typing import Any


def may_view_audit_log(user: Any) -> bool:
    # Imported here: core is below accounts, and only asks at request time.
    from tiex.accounts.permissions import AUDIT_VIEW, can

    return can(user, AUDIT_VIEW)
