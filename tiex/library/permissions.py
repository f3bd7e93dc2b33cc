"""The Exchange's permission rules, registered with tiex.accounts.permissions.

Ask through ``tiex.accounts.permissions.can(user, ACTION, obj)``. Association admins
may do everything (checked centrally); the rules below decide for everyone else.
Whether someone is the submitter of a draft is not a role, so selectors check that
themselves (``selectors.resource_visible_to``).
"""

from __future__ import annotations

from typing import Any

from tiex.accounts.permissions import council_id_of, register
from tiex.accounts.roles import Role
from tiex.accounts.selectors import Roles

RESOURCE_SUBMIT = "resource.submit"  # obj: the Council submitting
RESOURCE_VIEW_COUNCIL_SUBMISSIONS = "resource.view_council_submissions"  # obj: Council
RESOURCE_VIEW_DRAFTS = "resource.view_drafts"  # any resource, published or not
RESOURCE_MODERATE = "resource.moderate"  # approve, ask for changes, publish
RESOURCE_IMPORT = "resource.import"  # bulk import and export of resources (CSV)


def _council_member(roles: Roles, obj: Any) -> bool:
    return roles.council_role(council_id_of(obj)) in (Role.MEMBER, Role.SUPER_USER)


def _council_super_user_or_editor(roles: Roles, obj: Any) -> bool:
    return roles.is_editor or roles.council_role(council_id_of(obj)) == Role.SUPER_USER


def _editor(roles: Roles, obj: Any) -> bool:
    return roles.is_editor


register(RESOURCE_SUBMIT, _council_member)
register(RESOURCE_VIEW_COUNCIL_SUBMISSIONS, _council_super_user_or_editor)
register(RESOURCE_VIEW_DRAFTS, _editor)
register(RESOURCE_MODERATE, _editor)
register(RESOURCE_IMPORT, _editor)
