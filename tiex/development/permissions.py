"""Permission rules for councillor development (see tiex.accounts.permissions)."""

from __future__ import annotations

from typing import Any

from tiex.accounts.permissions import register
from tiex.accounts.roles import Role
from tiex.accounts.selectors import Roles

BOOKING_CREATE = "development.book"  # obj: a Council the person belongs to
BOOKING_MANAGE = "development.manage_bookings"  # staff: nominations, attendance, completion


def _member_of_a_council(roles: Roles, obj: Any) -> bool:
    from tiex.accounts.permissions import council_id_of

    council_id = council_id_of(obj)
    if council_id is None:
        return any(role in (Role.MEMBER, Role.SUPER_USER) for role in roles.council_roles.values())
    return roles.council_role(council_id) in (Role.MEMBER, Role.SUPER_USER)


def _association_staff(roles: Roles, obj: Any) -> bool:
    return roles.is_editor


register(BOOKING_CREATE, _member_of_a_council)
register(BOOKING_MANAGE, _association_staff)
