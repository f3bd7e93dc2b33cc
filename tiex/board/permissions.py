"""Who may do what with the board's view (rules registered with tiex.accounts.permissions).

* ``board.manage``: association staff (editors; admins may do everything) keep grant years,
  deliverables and quarterly updates, and record meetings, items, decisions and actions.
  Staff must use two-factor authentication (tiex.accounts.middleware), so these pages are
  behind it.
* ``board.view_drafts``: staff see unpublished years, draft minutes and papers not marked
  public. Members of the board see them too: that check needs the person (a current
  ``BoardMember`` linked to their account), so it lives in ``selectors.may_view_drafts``.
"""

from __future__ import annotations

from typing import Any

from tiex.accounts.permissions import register
from tiex.accounts.selectors import Roles

BOARD_MANAGE = "board.manage"
BOARD_VIEW_DRAFTS = "board.view_drafts"


def _editor(roles: Roles, obj: Any) -> bool:
    return roles.is_editor


register(BOARD_MANAGE, _editor)
register(BOARD_VIEW_DRAFTS, _editor)
