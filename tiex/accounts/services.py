"""Writes about people, organisations, memberships and invitations.

Every function runs in one transaction, raises django.core.exceptions.ValidationError
with a message fit to show to the person, records an audit event, and checks
permission through tiex.accounts.permissions when an ``actor`` is given (``actor=None``
means the system itself: management commands, data migrations, tests).

Roles in the association organisation are mirrored into Wagtail so that the staff
admin agrees with tiex: admins are Django superusers, editors are in the Wagtail
"Editors" group (see docs/decisions/0002-accounts-allauth.md).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from tiex.accounts import permissions
from tiex.accounts.models import Invitation, Membership, Organisation, User
from tiex.accounts.roles import OrganisationKind, Role, is_valid_role, roles_for_kind
from tiex.accounts.selectors import roles_forget, user_get_by_email
from tiex.accounts.tokens import token_generate, token_hash
from tiex.core.links import absolute_url, base_url
from tiex.core.services import audit_record

ASSOCIATION_SLUG = "association"
WAGTAIL_EDITORS_GROUP = "Editors"
# Snippet models association editors may add, change and delete in the admin (app label, model).
EDITOR_MODELS = (
    ("partnerships", "partnership"),
    ("assessments", "supportoffer"),
    ("events", "event"),
    ("events", "session"),
    ("events", "speaker"),
)


def _role_label(role: str) -> str:
    return Role(role).label.lower() if role in Role.values else role


def _check_role(organisation: Organisation, role: str) -> None:
    if not is_valid_role(organisation.kind, role):
        allowed = " or ".join(_role_label(r) for r in roles_for_kind(organisation.kind))
        raise ValidationError({"role": f"Choose a role in {organisation.name}: {allowed}."})


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": "Enter an e-mail address."})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": "Enter an e-mail address in the correct format, like name@example.org."}
        ) from None
    return email


# --- Organisations -------------------------------------------------------------------


def organisation_get_association() -> Organisation:
    """The national association's organisation, created on first use (exactly one exists)."""
    existing = Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Organisation.objects.create(
                kind=OrganisationKind.ASSOCIATION, name=settings.ASSOCIATION_NAME, slug=ASSOCIATION_SLUG
            )
    except IntegrityError:  # created meanwhile by another request
        return Organisation.objects.get(kind=OrganisationKind.ASSOCIATION)


def _unique_slug(base: str, code: str) -> str:
    slug = slugify(base)[:80] or slugify(code)
    if slug == ASSOCIATION_SLUG or Organisation.objects.filter(slug=slug).exists():
        slug = f"{slug}-{slugify(code)}"[:100]
    return slug


def organisation_for_council(*, council: Any, actor: User | None = None) -> Organisation:
    """The council's organisation, created on first use (and audited, with who added it)."""
    existing = Organisation.objects.filter(council=council).first()
    if existing is not None:
        return existing
    if actor is not None:
        permissions.require(actor, permissions.ORGANISATION_CREATE)
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                kind=OrganisationKind.COUNCIL,
                council=council,
                name=council.name,
                slug=_unique_slug(council.name, council.code),
            )
            audit_record(
                actor=actor,
                action="organisation.create",
                obj=organisation,
                after={"council": council.code, "name": organisation.name},
            )
            return organisation
    except IntegrityError:
        return Organisation.objects.get(council=council)


# --- People ----------------------------------------------------------------------------


def _record_verified_address(user: User) -> None:
    """Tell allauth the address is verified: the invitation (or the operator) proved it."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


def user_create(*, email: str, password: str | None, full_name: str = "") -> User:
    """Create a person. A password of None means they sign in another way (OIDC) or reset it later."""
    email = _normalise_email(email)
    full_name = full_name.strip()
    with transaction.atomic():
        if user_get_by_email(email=email) is not None:
            raise ValidationError({"email": "Somebody already has an account with this e-mail address."})
        user = User(email=email, full_name=full_name)
        if password is not None:
            try:
                validate_password(password, user=user)
            except ValidationError as exc:
                raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)  # None gives an unusable password
        user.save()
        _record_verified_address(user)
        audit_record(actor=None, action="user.create", obj=user, after={"email": email})
    return user


def user_update_profile(*, user: User, full_name: str) -> User:
    full_name = full_name.strip()
    if len(full_name) > 150:
        raise ValidationError({"full_name": "Your name must be 150 characters or fewer."})
    with transaction.atomic():
        before = {"full_name": user.full_name}
        user.full_name = full_name
        user.save(update_fields=["full_name"])
        audit_record(actor=user, action="user.update_profile", obj=user, before=before, after={"full_name": full_name})
    return user


def user_set_password(*, user: User, password: str) -> User:
    with transaction.atomic():
        try:
            validate_password(password, user=user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(actor=None, action="user.set_password", obj=user)
    return user


# --- Wagtail admin access, kept in step with association roles --------------------------


def _wagtail_editors_group() -> Group:
    """Wagtail's "Editors" group, with admin access and page publishing (created if missing)."""
    group, _ = Group.objects.get_or_create(name=WAGTAIL_EDITORS_GROUP)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group.permissions.add(access_admin)
    # The data editors curate beside pages: shared-service partnerships and the association's
    # support offers (snippets; Wagtail asks the model permissions).
    for app_label, model in EDITOR_MODELS:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{verb}_{model}" for verb in ("add", "change", "delete")],
            )
        )
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is not None:
        page_type = ContentType.objects.get_for_model(Page)
        for codename in ("add_page", "change_page", "publish_page"):
            permission = Permission.objects.filter(content_type=page_type, codename=codename).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    return group


def _sync_wagtail_access(user: User) -> None:
    """Admins are superusers; editors are in the Editors group; everyone else neither."""
    role = (
        Membership.objects.filter(user=user, organisation__kind=OrganisationKind.ASSOCIATION)
        .values_list("role", flat=True)
        .first()
    )
    group = _wagtail_editors_group()
    user.is_superuser = role == Role.ADMIN
    user.is_staff = role in (Role.ADMIN, Role.EDITOR)
    user.save(update_fields=["is_superuser", "is_staff"])
    if role == Role.EDITOR:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    roles_forget(user)


# --- Memberships ---------------------------------------------------------------------


def _check_not_last_admin(membership: Membership, *, new_role: str | None) -> None:
    if membership.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    others = (
        Membership.objects.filter(organisation=membership.organisation, role=Role.ADMIN, user__is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise ValidationError("The association must keep at least one admin. Make someone else an admin first.")


def _after_membership_change(membership_user: User, organisation: Organisation) -> None:
    if organisation.kind == OrganisationKind.ASSOCIATION:
        _sync_wagtail_access(membership_user)
    roles_forget(membership_user)


def membership_set_role(*, actor: User | None, user: User, organisation: Organisation, role: str) -> Membership:
    """Give a person a role in an organisation, or change the role they have there."""
    _check_role(organisation, role)
    if actor is not None:
        permissions.require(actor, permissions.MEMBERSHIP_CHANGE, permissions.RoleTarget(organisation, role))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(user=user, organisation=organisation).first()
        before = None
        if membership is None:
            membership = Membership(user=user, organisation=organisation, role=role)
        else:
            if actor is not None:
                # Changing an existing role needs permission over the old role too.
                permissions.require(actor, permissions.MEMBERSHIP_CHANGE, membership)
            _check_not_last_admin(membership, new_role=role)
            before = {"role": membership.role}
            membership.role = role
            membership.updated_at = timezone.now()
        membership.full_clean()
        membership.save()
        _after_membership_change(user, organisation)
        audit_record(actor=actor, action="membership.set_role", obj=membership, before=before, after={"role": role})
    return membership


def membership_remove(*, actor: User | None, membership: Membership) -> None:
    if actor is not None:
        permissions.require(actor, permissions.MEMBERSHIP_CHANGE, membership)
    with transaction.atomic():
        _check_not_last_admin(membership, new_role=None)
        user, organisation = membership.user, membership.organisation
        audit_record(actor=actor, action="membership.remove", obj=membership, before={"role": membership.role})
        membership.delete()
        _after_membership_change(user, organisation)


# --- Invitations -----------------------------------------------------------------------


def _invitation_link(token: str) -> str:
    return absolute_url(reverse("accounts:invitation_open", kwargs={"token": token}))


def _send_invitation(invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "role": invitation.role_in_a_sentence,
        "inviter": invitation.invited_by,
        "link": _invitation_link(token),
        "expires_at": invitation.expires_at,
        "base_url": base_url(),
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def invitation_create(*, actor: User | None, email: str, organisation: Organisation, role: str) -> Invitation:
    """Invite someone to a role in an organisation and e-mail them a link (valid 14 days).

    A new invitation replaces any open one for the same address and organisation.
    """
    email = _normalise_email(email)
    _check_role(organisation, role)
    if actor is not None:
        permissions.require(actor, permissions.INVITATION_CREATE, permissions.RoleTarget(organisation, role))
    with transaction.atomic():
        existing_user = user_get_by_email(email=email)
        if (
            existing_user is not None
            and Membership.objects.filter(user=existing_user, organisation=organisation).exists()
        ):
            raise ValidationError(
                {"email": f"{email} is already in {organisation.name}. Change their role in the list instead."}
            )
        now = timezone.now()
        Invitation.objects.filter(
            email=email, organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        token, hashed = token_generate()
        invitation = Invitation(
            email=email,
            organisation=organisation,
            role=role,
            token_hash=hashed,
            invited_by=actor,
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        invitation.full_clean()
        invitation.save()
        audit_record(actor=actor, action="invitation.create", obj=invitation, after={"email": email, "role": role})
        # Inside the transaction: if the e-mail cannot be sent, no invitation exists.
        _send_invitation(invitation, token)
    return invitation


def invitation_revoke(*, actor: User | None, invitation: Invitation) -> Invitation:
    if actor is not None:
        permissions.require(actor, permissions.INVITATION_REVOKE, invitation)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ValidationError("This invitation has already been accepted; remove the member instead.")
        if invitation.revoked_at is None:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
            audit_record(actor=actor, action="invitation.revoke", obj=invitation)
    return invitation


def _pending_invitation_for_update(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise ValidationError("This invitation link is not valid. Check you copied the whole link from the e-mail.")
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation has already been accepted. Sign in to use your account.")
    if invitation.revoked_at is not None:
        raise ValidationError("This invitation has been withdrawn. Ask the person who invited you for a new one.")
    if invitation.is_expired:
        raise ValidationError("This invitation has expired. Ask the person who invited you for a new one.")
    return invitation


def _accept(invitation: Invitation, user: User) -> Membership:
    membership = Membership.objects.filter(user=user, organisation=invitation.organisation).first()
    if membership is None:
        membership = Membership(user=user, organisation=invitation.organisation, role=invitation.role)
    else:
        _check_not_last_admin(membership, new_role=invitation.role)
        membership.role = invitation.role
        membership.updated_at = timezone.now()
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _after_membership_change(user, invitation.organisation)
    audit_record(actor=user, action="invitation.accept", obj=invitation, after={"role": invitation.role})
    return membership


def invitation_accept(
    *, token: str, user: User | None = None, password: str | None = None, full_name: str = ""
) -> Membership:
    """Accept an invitation.

    With ``user`` (someone signed in): their address must be the invited one; they
    get the role. Without: a new account is created for the invited address with
    the password they chose. Someone who already has an account must sign in first.
    """
    with transaction.atomic():
        invitation = _pending_invitation_for_update(token)
        if user is not None:
            if user.email.lower() != invitation.email.lower():
                raise ValidationError(
                    f"This invitation is for {invitation.email}, but you are signed in as {user.email}. "
                    "Sign out, then open the link again."
                )
        else:
            if user_get_by_email(email=invitation.email) is not None:
                raise ValidationError(
                    f"There is already an account for {invitation.email}. Sign in to accept the invitation."
                )
            if not password:
                raise ValidationError({"password": "Choose a password."})
            user = user_create(email=invitation.email, password=password, full_name=full_name)
        return _accept(invitation, user)


def invitation_accept_pending_for(*, user: User) -> list[Membership]:
    """Accept every open invitation to this person's (verified) address: used after OIDC sign-up."""
    with transaction.atomic():
        invitations = list(
            Invitation.objects.pending()
            .select_for_update()
            .select_related("organisation")
            .filter(email__iexact=user.email)
        )
        return [_accept(invitation, user) for invitation in invitations]


# --- The first admin -------------------------------------------------------------------------


def user_create_admin(*, email: str, password: str | None, full_name: str = "") -> User:
    """Create (or promote) an association admin. For `tiex createadmin`; not reachable from the web."""
    with transaction.atomic():
        user = user_get_by_email(email=email)
        if user is None:
            user = user_create(email=email, password=password, full_name=full_name)
        else:
            if password:
                user_set_password(user=user, password=password)
            if full_name:
                user.full_name = full_name.strip()
                user.save(update_fields=["full_name"])
            _record_verified_address(user)
        membership_set_role(actor=None, user=user, organisation=organisation_get_association(), role=Role.ADMIN)
        user.refresh_from_db()
    return user


DEMO_EMAIL_DOMAIN = "demo.tiex.invalid"  # a reserved top-level domain: nothing is ever delivered there


def demo_teams_ensure(
    *, councils: list[Any], people: list[tuple[str, str]]
) -> dict[int, tuple[Organisation, list[User]]]:
    """Demo people for demo content: per council, its organisation and one account per (label, role) in ``people``.

    Each account is named "<label>, <council name>" (never a real person's name), has an
    e-mail address at DEMO_EMAIL_DOMAIN and an unusable password, so nobody can sign in
    as it. Bulk writes without audit events (demo data, like an import); idempotent:
    existing organisations, accounts and memberships are kept. Returns {council id: (organisation, users)}.
    """
    if not councils:
        return {}
    with transaction.atomic():
        organisations = {org.council_id: org for org in Organisation.objects.filter(council__in=councils)}
        slugs = set(Organisation.objects.values_list("slug", flat=True)) | {ASSOCIATION_SLUG}
        new = []
        for council in councils:
            if council.pk in organisations:
                continue
            slug = slugify(council.name)[:80] or slugify(council.code)
            if slug in slugs:
                slug = f"{slug}-{slugify(council.code)}"[:100]
            slugs.add(slug)
            new.append(Organisation(kind=OrganisationKind.COUNCIL, council=council, name=council.name, slug=slug))
        Organisation.objects.bulk_create(new)
        organisations = {org.council_id: org for org in Organisation.objects.filter(council__in=councils)}

        def email(council: Any, number: int) -> str:
            return f"demo-{slugify(council.code)}-{number}@{DEMO_EMAIL_DOMAIN}"

        wanted = {
            email(council, number): (council, label, role)
            for council in councils
            for number, (label, role) in enumerate(people, start=1)
        }
        accounts = []
        for address, (council, label, _) in wanted.items():
            user = User(email=address, full_name=f"{label}, {council.name}")
            user.set_unusable_password()
            accounts.append(user)
        User.objects.bulk_create(accounts, ignore_conflicts=True)
        users = {user.email: user for user in User.objects.filter(email__in=list(wanted))}
        Membership.objects.bulk_create(
            [
                Membership(user=users[address], organisation=organisations[council.pk], role=role)
                for address, (council, _, role) in wanted.items()
            ],
            ignore_conflicts=True,
        )
    return {
        council.pk: (
            organisations[council.pk],
            [users[email(council, number)] for number in range(1, len(people) + 1)],
        )
        for council in councils
    }
