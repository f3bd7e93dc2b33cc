"""Who may do what with self-assessments (rules registered with tiex.accounts.permissions).

A participant's own answers are never reached through these rules: the answer pages
look up the signed-in person's own seat, so nobody (not even an admin) reads another
person's private answers there. Named answers reach the super-user only through the
disagreement view, and not at all when the assessment is anonymous.
"""

from __future__ import annotations

from typing import Any

from tiex.accounts.permissions import council_id_of, register
from tiex.accounts.roles import Role
from tiex.accounts.selectors import Roles

ASSESSMENT_START = "assessment.start"  # obj: a council (or its organisation)
ASSESSMENT_MANAGE = "assessment.manage"  # obj: an assessment: disagreement, consensus, publish
ASSESSMENT_VIEW = "assessment.view"  # obj: an assessment: its overview and (once published) results
ASSESSMENT_TAKE_UP = "assessment.take_up"  # no obj: the association's take-up view of a framework (staff)


def _super_user(roles: Roles, obj: Any) -> bool:
    return roles.council_role(council_id_of(obj)) == Role.SUPER_USER


def _may_view(roles: Roles, obj: Any) -> bool:
    from tiex.assessments.models import Status, Visibility

    if getattr(obj, "status", None) == Status.PUBLISHED:
        if obj.visibility == Visibility.PUBLIC:
            return True
        if obj.visibility == Visibility.SIGNED_IN and roles.authenticated:
            return True
    return roles.council_role(council_id_of(obj)) in (Role.MEMBER, Role.SUPER_USER)


def _association_staff(roles: Roles, obj: Any) -> bool:
    return roles.is_editor  # association admins may do everything (checked centrally)


register(ASSESSMENT_START, _super_user)
register(ASSESSMENT_MANAGE, _super_user)
register(ASSESSMENT_VIEW, _may_view, public=True)
register(ASSESSMENT_TAKE_UP, _association_staff)
