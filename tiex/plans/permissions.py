"""Who may see and change a council's action plan (rules registered with tiex.accounts.permissions).

A plan is the council's own working document (owners, dates, progress): its members see
it, its super-user changes it; nobody outside the council sees it, even when the result
it came from is published (docs/plans.md).
"""

from __future__ import annotations

from typing import Any

from tiex.accounts.permissions import council_id_of, register
from tiex.accounts.roles import Role
from tiex.accounts.selectors import Roles

PLAN_VIEW = "plan.view"  # obj: the council's organisation (or its plan)
PLAN_MANAGE = "plan.manage"


def _member(roles: Roles, obj: Any) -> bool:
    return roles.council_role(council_id_of(obj)) in (Role.MEMBER, Role.SUPER_USER)


def _super_user(roles: Roles, obj: Any) -> bool:
    return roles.council_role(council_id_of(obj)) == Role.SUPER_USER


register(PLAN_VIEW, _member)
register(PLAN_MANAGE, _super_user)
