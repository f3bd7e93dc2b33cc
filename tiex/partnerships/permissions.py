"""Who may do what with the Shared Services Map (rules registered with tiex.accounts.permissions).

Partnerships themselves are public data (no rule needed to read them). Keeping them current
is staff work and councils' work:

* ``partnership.curate``: association staff (editors; admins may do everything) open,
  chase and close refresh rounds and read the data quality view;
* ``partnership.return``: a council's super-users complete their council's return (obj:
  the ``CouncilReturn``, or anything with a ``council``).
"""

from __future__ import annotations

from typing import Any

from tiex.accounts.permissions import council_id_of, register
from tiex.accounts.roles import Role
from tiex.accounts.selectors import Roles

PARTNERSHIP_CURATE = "partnership.curate"
PARTNERSHIP_RETURN = "partnership.return"


def _editor(roles: Roles, obj: Any) -> bool:
    return roles.is_editor


def _super_user(roles: Roles, obj: Any) -> bool:
    return roles.council_role(council_id_of(obj)) == Role.SUPER_USER


register(PARTNERSHIP_CURATE, _editor)
register(PARTNERSHIP_RETURN, _super_user)
