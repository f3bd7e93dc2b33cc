from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from tiex.accounts import selectors, services
from tiex.accounts.models import Invitation, Membership, Organisation, User
from tiex.accounts.roles import OrganisationKind, Role
from tiex.accounts.tests.factories import (
    PASSWORD,
    CouncilFactory,
    CouncilOrganisationFactory,
    UserFactory,
    association,
    member_of,
)
from tiex.accounts.tokens import token_hash

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase"


def _token_from(message: mail.EmailMessage) -> str:
    match = re.search(r"/account/invitations/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(1)


# --- Organisations -------------------------------------------------------------------------


def test_organisation_for_council_creates_once_and_names_it_after_the_council() -> None:
    council = CouncilFactory(name="Borsetshire")
    first = services.organisation_for_council(council=council)
    second = services.organisation_for_council(council=council)
    assert first == second
    assert (first.kind, first.name, first.slug) == (OrganisationKind.COUNCIL, "Borsetshire", "borsetshire")


def test_organisation_slugs_stay_unique_when_councils_share_a_name() -> None:
    one = services.organisation_for_council(council=CouncilFactory(name="Newtown"))
    two = services.organisation_for_council(council=CouncilFactory(name="Newtown"))
    assert one.slug != two.slug


def test_there_is_exactly_one_association_organisation() -> None:
    assoc = services.organisation_get_association()
    assert services.organisation_get_association() == assoc
    assert assoc.kind == OrganisationKind.ASSOCIATION
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(kind=OrganisationKind.ASSOCIATION, name="Another", slug="another")


@pytest.mark.parametrize(
    ("kind", "with_council"),
    [(OrganisationKind.COUNCIL, False), (OrganisationKind.ASSOCIATION, True)],
)
def test_only_council_organisations_have_a_council(kind: str, with_council: bool) -> None:
    council = CouncilFactory() if with_council else None
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(kind=kind, name="X", slug="x", council=council)


def test_one_membership_per_person_and_organisation() -> None:
    user = member_of(CouncilOrganisationFactory())
    membership = user.memberships.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, organisation=membership.organisation, role=Role.SUPER_USER)


# --- Memberships and Wagtail access ----------------------------------------------------------


@pytest.mark.parametrize(
    ("organisation_kind", "role"),
    [("council", Role.EDITOR), ("council", Role.ADMIN), ("association", Role.MEMBER), ("association", "owner")],
)
def test_a_role_must_suit_the_kind_of_organisation(organisation_kind: str, role: str) -> None:
    organisation = CouncilOrganisationFactory() if organisation_kind == "council" else association()
    with pytest.raises(ValidationError) as caught:
        services.membership_set_role(actor=None, user=UserFactory(), organisation=organisation, role=role)
    assert "role" in caught.value.message_dict
    assert not Membership.objects.exists()


def test_editors_get_wagtail_admin_access_and_lose_it_with_the_role() -> None:
    user = UserFactory()
    membership = services.membership_set_role(actor=None, user=user, organisation=association(), role=Role.EDITOR)
    user = User.objects.get(pk=user.pk)
    assert user.has_perm("wagtailadmin.access_admin")
    assert user.groups.filter(name="Editors").exists()
    assert not user.is_superuser
    services.membership_remove(actor=None, membership=membership)
    user = User.objects.get(pk=user.pk)
    assert not user.has_perm("wagtailadmin.access_admin")
    assert not user.is_staff


def test_admins_are_wagtail_superusers_until_demoted() -> None:
    assoc = association()
    member_of(assoc, Role.ADMIN)  # someone else stays admin
    user = member_of(assoc, Role.ADMIN)
    assert user.is_superuser and user.is_staff
    services.membership_set_role(actor=None, user=user, organisation=assoc, role=Role.EDITOR)
    user = User.objects.get(pk=user.pk)
    assert not user.is_superuser
    assert user.has_perm("wagtailadmin.access_admin")


def test_council_roles_do_not_touch_wagtail_access() -> None:
    user = UserFactory()
    services.membership_set_role(actor=None, user=user, organisation=CouncilOrganisationFactory(), role=Role.SUPER_USER)
    user = User.objects.get(pk=user.pk)
    assert not user.is_staff
    assert not user.has_perm("wagtailadmin.access_admin")


def test_the_last_admin_cannot_be_removed_or_demoted() -> None:
    admin = member_of(association(), Role.ADMIN)
    membership = admin.memberships.get()
    with pytest.raises(ValidationError, match="at least one admin"):
        services.membership_remove(actor=None, membership=membership)
    with pytest.raises(ValidationError, match="at least one admin"):
        services.membership_set_role(actor=None, user=admin, organisation=association(), role=Role.EDITOR)


def test_super_users_change_roles_in_their_own_council_only() -> None:
    org_a, org_b = CouncilOrganisationFactory(), CouncilOrganisationFactory()
    super_a = member_of(org_a, Role.SUPER_USER)
    member_a, member_b = member_of(org_a), member_of(org_b)
    services.membership_set_role(actor=super_a, user=member_a, organisation=org_a, role=Role.SUPER_USER)
    assert member_a.memberships.get().role == Role.SUPER_USER
    with pytest.raises(PermissionDenied):
        services.membership_set_role(actor=super_a, user=member_b, organisation=org_b, role=Role.SUPER_USER)
    with pytest.raises(PermissionDenied):
        services.membership_remove(actor=super_a, membership=member_b.memberships.get())
    with pytest.raises(PermissionDenied):
        services.membership_set_role(actor=super_a, user=member_a, organisation=association(), role=Role.EDITOR)


def test_membership_changes_are_audited() -> None:
    from tiex.core.models import AuditEvent

    org = CouncilOrganisationFactory()
    actor = member_of(org, Role.SUPER_USER)
    services.membership_set_role(actor=actor, user=UserFactory(), organisation=org, role=Role.MEMBER)
    event = AuditEvent.objects.get(action="membership.set_role")
    assert event.actor_id == actor.pk
    assert event.after == {"role": "member"}


# --- Invitations ------------------------------------------------------------------------------


@override_settings(BASE_URL="https://tiex.example")
def test_an_invitation_is_e_mailed_with_a_link_and_only_its_hash_is_stored() -> None:
    org = CouncilOrganisationFactory()
    inviter = member_of(org, Role.SUPER_USER, full_name="Sam Super")
    invitation = services.invitation_create(
        actor=inviter, email=" New.Person@Example.ORG ", organisation=org, role="member"
    )
    assert invitation.email == "new.person@example.org"
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert org.name in message.subject
    assert "Sam Super" in message.body
    assert "https://tiex.example/account/invitations/" in message.body
    token = _token_from(message)
    assert len(token) >= 40
    assert invitation.token_hash == token_hash(token)
    assert token not in invitation.token_hash


@pytest.mark.parametrize(
    ("inviter_role", "target", "role"),
    [
        (Role.SUPER_USER, "other_council", Role.MEMBER),
        (Role.SUPER_USER, "association", Role.EDITOR),
        (Role.MEMBER, "own_council", Role.MEMBER),
        (Role.EDITOR, "own_council", Role.MEMBER),
        (Role.EDITOR, "association", Role.EDITOR),
    ],
)
def test_who_may_not_invite(inviter_role: str, target: str, role: str) -> None:
    own, other, assoc = CouncilOrganisationFactory(), CouncilOrganisationFactory(), association()
    inviter = member_of(assoc if inviter_role == Role.EDITOR else own, inviter_role)
    organisation = {"own_council": own, "other_council": other, "association": assoc}[target]
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=inviter, email="x@example.org", organisation=organisation, role=role)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_admins_invite_anyone_to_any_role() -> None:
    admin = member_of(association(), Role.ADMIN)
    council_org = CouncilOrganisationFactory()
    services.invitation_create(actor=admin, email="e@example.org", organisation=association(), role=Role.EDITOR)
    services.invitation_create(actor=admin, email="s@example.org", organisation=council_org, role=Role.SUPER_USER)
    assert Invitation.objects.pending().count() == 2


def test_inviting_with_a_role_of_the_wrong_kind_or_a_bad_address_is_refused() -> None:
    org = CouncilOrganisationFactory()
    with pytest.raises(ValidationError) as caught:
        services.invitation_create(actor=None, email="x@example.org", organisation=org, role=Role.ADMIN)
    assert "role" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.invitation_create(actor=None, email="not an address", organisation=org, role=Role.MEMBER)
    assert "email" in caught.value.message_dict


def test_inviting_an_existing_member_is_refused() -> None:
    org = CouncilOrganisationFactory()
    member = member_of(org)
    with pytest.raises(ValidationError, match="already in"):
        services.invitation_create(actor=None, email=member.email.upper(), organisation=org, role=Role.SUPER_USER)


def test_a_new_invitation_replaces_the_open_one() -> None:
    org = CouncilOrganisationFactory()
    first = services.invitation_create(actor=None, email="x@example.org", organisation=org, role=Role.MEMBER)
    second = services.invitation_create(actor=None, email="x@example.org", organisation=org, role=Role.SUPER_USER)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(selectors.invitation_list_pending(organisation=org)) == [second]


def test_accepting_creates_the_person_with_their_password_and_role() -> None:
    org = CouncilOrganisationFactory()
    services.invitation_create(actor=None, email="new@example.org", organisation=org, role=Role.SUPER_USER)
    token = _token_from(mail.outbox[0])
    membership = services.invitation_accept(token=token, password=NEW_PASSWORD, full_name=" Nia New ")
    user = membership.user
    assert (user.email, user.full_name, membership.role) == ("new@example.org", "Nia New", Role.SUPER_USER)
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None and invitation.accepted_by == user
    with pytest.raises(ValidationError, match="already been accepted"):
        services.invitation_accept(token=token, password=NEW_PASSWORD)


def test_a_weak_password_creates_nothing() -> None:
    org = CouncilOrganisationFactory()
    services.invitation_create(actor=None, email="new@example.org", organisation=org, role=Role.MEMBER)
    with pytest.raises(ValidationError) as caught:
        services.invitation_accept(token=_token_from(mail.outbox[0]), password="password")
    assert "password" in caught.value.message_dict
    assert not User.objects.filter(email="new@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_existing_person_accepts_while_signed_in_and_only_as_themselves() -> None:
    org = CouncilOrganisationFactory()
    person = UserFactory(email="known@example.org")
    services.invitation_create(actor=None, email="known@example.org", organisation=org, role=Role.MEMBER)
    token = _token_from(mail.outbox[0])
    with pytest.raises(ValidationError, match=r"This invitation is for known@example\.org"):
        services.invitation_accept(token=token, user=UserFactory())
    with pytest.raises(ValidationError, match="already an account"):
        services.invitation_accept(token=token, password=NEW_PASSWORD)
    membership = services.invitation_accept(token=token, user=person)
    assert membership.user == person
    assert person.check_password(PASSWORD)


def test_accepting_an_association_role_grants_wagtail_access() -> None:
    services.invitation_create(actor=None, email="ed@example.org", organisation=association(), role=Role.EDITOR)
    membership = services.invitation_accept(token=_token_from(mail.outbox[0]), password=NEW_PASSWORD)
    assert User.objects.get(pk=membership.user.pk).has_perm("wagtailadmin.access_admin")


@pytest.mark.parametrize(
    ("change", "message"),
    [("expire", "expired"), ("revoke", "withdrawn"), ("garble", "not valid")],
)
def test_expired_withdrawn_and_unknown_links_do_not_work(change: str, message: str) -> None:
    org = CouncilOrganisationFactory()
    invitation = services.invitation_create(actor=None, email="x@example.org", organisation=org, role=Role.MEMBER)
    token = _token_from(mail.outbox[0])
    if change == "expire":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif change == "revoke":
        services.invitation_revoke(actor=None, invitation=invitation)
    else:
        token = token[:-2] + "xx"
    with pytest.raises(ValidationError, match=message):
        services.invitation_accept(token=token, password=NEW_PASSWORD)
    assert not Membership.objects.exists()
    assert Invitation.objects.get().accepted_at is None


def test_only_those_who_manage_the_organisation_revoke_its_invitations() -> None:
    org_a, org_b = CouncilOrganisationFactory(), CouncilOrganisationFactory()
    invitation = services.invitation_create(actor=None, email="x@example.org", organisation=org_a, role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(actor=member_of(org_b, Role.SUPER_USER), invitation=invitation)
    services.invitation_revoke(actor=member_of(org_a, Role.SUPER_USER), invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_pending_invitations_are_accepted_for_someone_who_signs_up_through_oidc() -> None:
    org = CouncilOrganisationFactory()
    services.invitation_create(actor=None, email="oidc@example.org", organisation=org, role=Role.MEMBER)
    services.invitation_create(actor=None, email="oidc@example.org", organisation=association(), role=Role.EDITOR)
    user = services.user_create(email="oidc@example.org", password=None)
    memberships = services.invitation_accept_pending_for(user=user)
    assert sorted(m.role for m in memberships) == [Role.EDITOR, Role.MEMBER]
    assert not user.has_usable_password()


def test_selectors_list_memberships_members_and_roles() -> None:
    org = CouncilOrganisationFactory()
    person = member_of(org, Role.SUPER_USER)
    services.membership_set_role(actor=None, user=person, organisation=association(), role=Role.EDITOR)
    assert [m.organisation for m in selectors.membership_list_for_user(user=person)] == [association(), org]
    assert [m.user for m in selectors.membership_list_for_organisation(organisation=org)] == [person]
    roles = selectors.roles_of(person, refresh=True)
    assert roles.association_role == Role.EDITOR
    assert roles.council_roles == {org.council_id: Role.SUPER_USER}
    assert roles.requires_mfa
