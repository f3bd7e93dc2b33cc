"""Who may do what with events (rules registered with tiex.accounts.permissions).

* ``event.manage``: association staff (editors; admins may do everything) keep events and
  sessions (in the staff admin), decide on proposals and open or close open-mic sign-up;
* ``event.propose``: members of a council (any role) propose sessions in a call for ideas;
* ``event.claim_for_other``: staff claim an open-mic slot on behalf of someone else, by name.

Claiming a slot for oneself, starring sessions and the personal agenda need only a signed-in,
active account (a delegate), so they have no rule of their own.
"""

from __future__ import annotations

from typing import Any

from tiex.accounts.permissions import council_id_of, register
from tiex.accounts.selectors import Roles

EVENT_MANAGE = "event.manage"
EVENT_PROPOSE = "event.propose"
EVENT_CLAIM_FOR_OTHER = "event.claim_for_other"


def _editor(roles: Roles, obj: Any) -> bool:
    return roles.is_editor


def _council_member(roles: Roles, obj: Any) -> bool:
    """A member of any council may propose; on a council's behalf, only that council's members."""
    council_id = council_id_of(obj)
    if council_id is None:
        return bool(roles.council_roles)
    return roles.council_role(council_id) is not None


register(EVENT_MANAGE, _editor)
register(EVENT_PROPOSE, _council_member)
register(EVENT_CLAIM_FOR_OTHER, _editor)
