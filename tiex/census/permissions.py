"""Who may do what with the census (rules registered with tiex.accounts.permissions).

* ``census.manage``: association staff (editors; admins may do everything) open, close and publish
  a census, and see it before it is published.
* ``census.distribute``: a council's super-users issue response links for their own council; staff
  may too (for a council that asks the association to do it).
"""

from __future__ import annotations

from typing import Any

from tiex.accounts.permissions import council_id_of, register
from tiex.accounts.roles import Role
from tiex.accounts.selectors import Roles

CENSUS_MANAGE = "census.manage"
CENSUS_DISTRIBUTE = "census.distribute"


def _editor(roles: Roles, obj: Any) -> bool:
    return roles.is_editor


def _super_user_or_staff(roles: Roles, obj: Any) -> bool:
    return roles.is_editor or roles.council_role(council_id_of(obj)) == Role.SUPER_USER


register(CENSUS_MANAGE, _editor)
register(CENSUS_DISTRIBUTE, _super_user_or_staff)
