"""The one place that answers "may this user do X to this object?".

Every feature asks through ``can(user, action, obj)`` (or ``require``, which raises
PermissionDenied) instead of looking at roles itself. Actions are named
``"<noun>.<verb>"`` and listed below as constants; each has one rule. Other apps add
rules for their own actions with ``register(ACTION, rule)`` (or ``@rule(ACTION)``)
in their ``permissions.py``; asking about an unknown action is a programming error
and raises ``UnknownAction``.

The fixed points, checked before any rule:

* inactive and anonymous people may do only public actions (``public=True``);
* association admins (and Django superusers) may do everything;
* otherwise the action's rule decides, from the person's roles (read once per
  request, see ``selectors.roles_of``) and the object.

Objects are resolved generously: a rule about a council accepts a Council, an
Organisation, or anything with ``council_id``/``council`` or ``organisation``
(a membership, an invitation, an assessment of a council ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from tiex.accounts.roles import OrganisationKind, Role, roles_for_kind
from tiex.accounts.selectors import Roles, roles_of

# --- Actions ------------------------------------------------------------------

COUNCIL_VIEW = "council.view"  # public facts about a council
COUNCIL_VIEW_PRIVATE = "council.view_private"  # a council's own, non-public things
COUNCIL_MANAGE_MEMBERS = "council.manage_members"
ORGANISATION_MANAGE_MEMBERS = "organisation.manage_members"  # any organisation, incl. the association
MEMBERSHIP_CHANGE = "membership.change"  # give, change or remove a role (obj: target with role)
INVITATION_CREATE = "invitation.create"  # obj: Organisation, or anything with organisation + role
INVITATION_REVOKE = "invitation.revoke"
CONTENT_VIEW = "content.view"  # published content
CONTENT_EDIT = "content.edit"
CONTENT_PUBLISH = "content.publish"
ADMIN_ACCESS = "admin.access"  # the Wagtail staff admin at /admin/
DATASET_IMPORT = "dataset.import"
AUDIT_VIEW = "audit.view"
ORGANISATION_CREATE = "organisation.create"


class UnknownAction(LookupError):
    """Raised when asking about an action nobody registered (usually a typo)."""


RuleFunction = Callable[[Roles, Any], bool]


@dataclass(frozen=True)
class Rule:
    action: str
    check: RuleFunction
    public: bool = False  # may anonymous and inactive people do this?


_RULES: dict[str, Rule] = {}


def register(action: str, check: RuleFunction, *, public: bool = False) -> None:
    if action in _RULES:
        raise ValueError(f"A rule for {action!r} is already registered.")
    _RULES[action] = Rule(action, check, public)


def rule(action: str, *, public: bool = False) -> Callable[[RuleFunction], RuleFunction]:
    def decorator(check: RuleFunction) -> RuleFunction:
        register(action, check, public=public)
        return check

    return decorator


def actions() -> list[str]:
    return sorted(_RULES)


def can(user: Any, action: str, obj: Any = None) -> bool:
    try:
        entry = _RULES[action]
    except KeyError:
        raise UnknownAction(f"No permission rule for {action!r}; known: {', '.join(actions())}") from None
    roles = roles_of(user)
    if not roles.authenticated or not roles.active:
        return entry.public and bool(entry.check(roles, obj))
    if roles.is_admin:
        return True
    return bool(entry.check(roles, obj))


def require(user: Any, action: str, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(f"Not allowed: {action}")


# --- Resolving objects ----------------------------------------------------------------


@dataclass(frozen=True)
class RoleTarget:
    """A role in an organisation someone wants to give (for membership.change and invitation.create)."""

    organisation: Any
    role: str | None = None


def _organisation_of(obj: Any) -> Any:
    from tiex.accounts.models import Organisation
    from tiex.councils.models import Council

    if isinstance(obj, Organisation):
        return obj
    if obj is None or isinstance(obj, Council):
        return None  # a council's organisation may not exist yet; rules use the council itself
    return getattr(obj, "organisation", None)


def council_id_of(obj: Any) -> int | None:
    """The council an object belongs to, or None when it belongs to none."""
    from tiex.accounts.models import Organisation
    from tiex.councils.models import Council

    if obj is None:
        return None
    if isinstance(obj, Council):
        return obj.pk
    if isinstance(obj, Organisation):
        return obj.council_id
    if getattr(obj, "council_id", None) is not None:
        return obj.council_id
    council = getattr(obj, "council", None)
    if isinstance(council, Council):
        return council.pk
    organisation = _organisation_of(obj)
    if organisation is not None and organisation is not obj:
        return council_id_of(organisation)
    return None


# --- Rules ------------------------------------------------------------------------


def _everyone(roles: Roles, obj: Any) -> bool:
    return True


def _nobody_but_admins(roles: Roles, obj: Any) -> bool:
    return False  # admins never reach a rule: they may do everything


def _association_staff(roles: Roles, obj: Any) -> bool:
    return roles.is_editor


def _council_insider(roles: Roles, obj: Any) -> bool:
    return roles.council_role(council_id_of(obj)) in (Role.MEMBER, Role.SUPER_USER)


def _council_super_user(roles: Roles, obj: Any) -> bool:
    return roles.council_role(council_id_of(obj)) == Role.SUPER_USER


def _may_grant(roles: Roles, obj: Any) -> bool:
    """Council super-users give council roles in their own council; only admins give association roles."""
    organisation = _organisation_of(obj)
    if organisation is None or organisation.kind != OrganisationKind.COUNCIL:
        return False
    role = getattr(obj, "role", None)
    if role is not None and role not in roles_for_kind(OrganisationKind.COUNCIL):
        return False
    return _council_super_user(roles, organisation)


def _manages_members_of(roles: Roles, obj: Any) -> bool:
    organisation = _organisation_of(obj)
    if organisation is not None:
        return organisation.kind == OrganisationKind.COUNCIL and _council_super_user(roles, organisation)
    return _council_super_user(roles, obj)


register(COUNCIL_VIEW, _everyone, public=True)
register(CONTENT_VIEW, _everyone, public=True)
register(COUNCIL_VIEW_PRIVATE, _council_insider)
register(COUNCIL_MANAGE_MEMBERS, _manages_members_of)
register(ORGANISATION_MANAGE_MEMBERS, _manages_members_of)
register(MEMBERSHIP_CHANGE, _may_grant)
register(INVITATION_CREATE, _may_grant)
register(INVITATION_REVOKE, _manages_members_of)
register(CONTENT_EDIT, _association_staff)
register(CONTENT_PUBLISH, _association_staff)
register(ADMIN_ACCESS, _association_staff)
register(DATASET_IMPORT, _nobody_but_admins)
register(AUDIT_VIEW, _nobody_but_admins)
register(ORGANISATION_CREATE, _nobody_but_admins)
