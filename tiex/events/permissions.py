"""Who may do what with events (rules registered with tiex.accounts.permissions).

* ``event.manage``: association staff (editors; admins may do everything) keep events and
  sessions (in the staff admin), decide on proposals and open or close open-mic sign-up;
* ``event.propose``: members of a council (any role) propose sessions in a call for ideas;
* ``event.claim_for_other``: staff claim an open-mic slot on behalf of someone else, by name;
  ``may_claim_for_other`` also lets board members (an account linked to an active ``tiex.board``
  BoardMember) do so. Both views and services ask ``may_claim_for_other``.

Claiming a slot for oneself, starring sessions and the personal agenda need only a signed-in,
active account (a delegate), so they have no rule of their own.
"""

from __future__ import annotations

from typing import Any

from tiex.accounts.permissions import can, council_id_of, register
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


def may_claim_for_other(user: Any) -> bool:
    """``event.claim_for_other``, or a current board member (rules see roles only, not board seats, so
    the seat is checked here, as tiex.board.selectors.may_view_drafts does)."""
    if can(user, EVENT_CLAIM_FOR_OTHER):
        return True
    # Imported here, not at the top: tiex.board reads other apps, so importing it at load time
    # could make a cycle.
    from tiex.board.selectors import board_member_of

    return board_member_of(user) is not None
