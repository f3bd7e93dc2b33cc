"""Reads about people, organisations, memberships and invitations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.db.models import QuerySet

from tiex.accounts.models import Invitation, Membership, Organisation, User
from tiex.accounts.roles import MFA_REQUIRED_ROLES, OrganisationKind, Role
from tiex.accounts.tokens import token_hash
from tiex.core.kept_queries import KeptQuery

_ROLES_CACHE_ATTRIBUTE = "_tiex_roles"


@dataclass(frozen=True)
class Roles:
    """Everything the permission rules need to know about one person, read once."""

    authenticated: bool = False
    active: bool = False
    is_superuser: bool = False
    association_role: str | None = None
    # council id -> role, and organisation id -> role
    council_roles: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    organisation_roles: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def is_admin(self) -> bool:
        return self.active and (self.is_superuser or self.association_role == Role.ADMIN)

    @property
    def is_editor(self) -> bool:
        return self.active and self.association_role == Role.EDITOR

    @property
    def requires_mfa(self) -> bool:
        return self.is_superuser or self.association_role in MFA_REQUIRED_ROLES

    def council_role(self, council_id: int | None) -> str | None:
        if council_id is None or not self.active:
            return None
        return self.council_roles.get(council_id)


ANONYMOUS_ROLES = Roles()


# Asked on every signed-in request (the two-factor check): its SQL is built once per process.
_ROLE_ROWS: KeptQuery[Any] = KeptQuery(
    lambda user_id: Membership.objects.filter(user_id=user_id).values_list(
        "organisation_id", "organisation__kind", "organisation__council_id", "role"
    ),
    int,
)


def roles_of(user: Any, *, refresh: bool = False) -> Roles:
    """The roles a user holds, cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS_ROLES
    cached = getattr(user, _ROLES_CACHE_ATTRIBUTE, None)
    if cached is not None and not refresh:
        return cached
    association_role = None
    council_roles: dict[int, str] = {}
    organisation_roles: dict[int, str] = {}
    rows = _ROLE_ROWS.rows(user.pk)
    for organisation_id, kind, council_id, role in rows:
        organisation_roles[organisation_id] = role
        if kind == OrganisationKind.ASSOCIATION:
            association_role = role
        elif council_id is not None:
            council_roles[council_id] = role
    roles = Roles(
        authenticated=True,
        active=bool(user.is_active),
        is_superuser=bool(user.is_superuser),
        association_role=association_role,
        council_roles=MappingProxyType(council_roles),
        organisation_roles=MappingProxyType(organisation_roles),
    )
    setattr(user, _ROLES_CACHE_ATTRIBUTE, roles)
    return roles


def roles_forget(user: Any) -> None:
    """Drop the cached roles (services call this after changing someone's memberships)."""
    if user is not None and hasattr(user, _ROLES_CACHE_ATTRIBUTE):
        delattr(user, _ROLES_CACHE_ATTRIBUTE)


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def user_has_totp(*, user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def organisation_get_by_slug(*, slug: str) -> Organisation | None:
    return Organisation.objects.select_related("council").filter(slug=slug).first()


def organisation_get_for_council(*, council: Any) -> Organisation | None:
    """The council's organisation, if it has one (it is made when its first member joins)."""
    return Organisation.objects.filter(council=council).first()


def organisation_list(*, kind: str | None = None) -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("council").order_by("kind", "name")
    return organisations.filter(kind=kind) if kind else organisations


def organisation_list_manageable(*, user: Any) -> QuerySet[Organisation]:
    """Organisations whose members this user may manage."""
    roles = roles_of(user)
    if roles.is_admin:
        return organisation_list()
    ids = [org_id for org_id, role in roles.organisation_roles.items() if role == Role.SUPER_USER]
    return organisation_list().filter(pk__in=ids) if roles.active else organisation_list().none()


def membership_list_for_user(*, user: Any) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user_id=user.pk)
        .select_related("organisation", "organisation__council")
        .order_by("organisation__kind", "organisation__name")
    )


def membership_list_for_organisation(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def membership_get(*, organisation: Organisation, pk: int) -> Membership | None:
    return Membership.objects.select_related("user", "organisation").filter(organisation=organisation, pk=pk).first()


def invitation_list_pending(
    *, organisation: Organisation | None = None, email: str | None = None
) -> QuerySet[Invitation]:
    invitations = Invitation.objects.pending().select_related("organisation", "invited_by").order_by("email")
    if organisation is not None:
        invitations = invitations.filter(organisation=organisation)
    if email is not None:
        invitations = invitations.filter(email__iexact=email.strip())
    return invitations


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The invitation a link's token belongs to, whatever its state (the caller checks is_pending)."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("organisation", "organisation__council", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_get(*, organisation: Organisation, pk: int) -> Invitation | None:
    return Invitation.objects.select_related("organisation").filter(organisation=organisation, pk=pk).first()


def council_choices_without_organisation() -> list[tuple[int, str]]:
    """Current councils that have no organisation in tiex yet, for the admins' "add a council" form."""
    from tiex.councils.models import Council

    return list(Council.objects.current().filter(organisation__isnull=True).order_by("name").values_list("pk", "name"))


def council_get_current(*, pk: int) -> Any:
    from tiex.councils.models import Council

    return Council.objects.current().filter(pk=pk).first()


def association_emails(*, role: str) -> list[str]:
    """The addresses of the active people who hold ``role`` in the national association."""
    return sorted(
        Membership.objects.filter(
            organisation__kind=OrganisationKind.ASSOCIATION, role=role, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def council_super_user_emails(*, council_ids: Any) -> dict[int, list[str]]:
    """{council id: the addresses of its organisation's active super-users}, for e-mails to councils."""
    found: dict[int, list[str]] = {}
    rows = (
        Membership.objects.filter(
            organisation__kind=OrganisationKind.COUNCIL,
            organisation__council_id__in=list(council_ids),
            role=Role.SUPER_USER,
            user__is_active=True,
        )
        .order_by("user__email")
        .values_list("organisation__council_id", "user__email")
    )
    for council_id, email in rows:
        found.setdefault(council_id, []).append(email)
    return found
