"""Organisation kinds and the roles people hold in them: plain data and pure rules.

Two kinds of organisation exist. A council organisation (one per council) has
members and super-users; the one association organisation (the national
association that runs tiex) has editors and admins. Nothing here touches the
database, so models, services, permissions and forms all share these rules.
"""

from __future__ import annotations

from django.db import models


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    ASSOCIATION = "association", "National association"


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    SUPER_USER = "super_user", "Super-user"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Admin"


ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.COUNCIL: (Role.MEMBER, Role.SUPER_USER),
    OrganisationKind.ASSOCIATION: (Role.EDITOR, Role.ADMIN),
}

# Roles whose holders must use two-factor authentication (an authenticator app).
MFA_REQUIRED_ROLES = frozenset({Role.EDITOR, Role.ADMIN})

ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.MEMBER: "Sees their council's private information.",
    Role.SUPER_USER: "Also invites and manages the council's members.",
    Role.EDITOR: "Edits and publishes content in the staff admin.",
    Role.ADMIN: "May do everything, including managing every organisation.",
}


def role_with_article(role: str) -> str:
    """The role as it reads in a sentence: "a member", "a super-user", "an editor", "an admin"."""
    label = Role(role).label.lower() if role in Role.values else role
    article = "an" if label[:1] in "aeiou" else "a"
    return f"{article} {label}"


def roles_for_kind(kind: str) -> tuple[str, ...]:
    return ROLES_BY_KIND.get(kind, ())


def is_valid_role(kind: str, role: str) -> bool:
    return role in roles_for_kind(kind)


def role_choices_for_kind(kind: str) -> list[tuple[str, str]]:
    return [(role, Role(role).label) for role in roles_for_kind(kind)]
