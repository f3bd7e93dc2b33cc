"""Who may do what with peer challenges (rules registered with tiex.accounts.permissions).

* ``peer_challenge.manage``: association staff (editors; admins may do everything) run
  challenges through their stages, keep the pool of peers and build teams;
* ``peer_challenge.view_private``: staff and the council's own members see a challenge's
  private stages and documents (the team sees them too: that check needs the person, so it
  lives in ``selectors.challenge_visible_privately``);
* ``peer_challenge.council_act``: the council's super-users publish the report and action
  plan, share the position statement and give the council's feedback.
"""

from __future__ import annotations

from typing import Any

from tiex.accounts.permissions import council_id_of, register
from tiex.accounts.roles import Role
from tiex.accounts.selectors import Roles

PEER_CHALLENGE_MANAGE = "peer_challenge.manage"
PEER_CHALLENGE_VIEW_PRIVATE = "peer_challenge.view_private"
PEER_CHALLENGE_COUNCIL_ACT = "peer_challenge.council_act"


def _editor(roles: Roles, obj: Any) -> bool:
    return roles.is_editor


def _staff_or_council_member(roles: Roles, obj: Any) -> bool:
    return roles.is_editor or roles.council_role(council_id_of(obj)) is not None


def _super_user(roles: Roles, obj: Any) -> bool:
    return roles.council_role(council_id_of(obj)) == Role.SUPER_USER


register(PEER_CHALLENGE_MANAGE, _editor)
register(PEER_CHALLENGE_VIEW_PRIVATE, _staff_or_council_member)
register(PEER_CHALLENGE_COUNCIL_ACT, _super_user)
