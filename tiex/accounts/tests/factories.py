"""Test data for people, organisations and roles."""

from __future__ import annotations

from typing import Any

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tiex.accounts.models import Membership, Organisation, User
from tiex.accounts.roles import OrganisationKind, Role
from tiex.accounts.services import organisation_get_association
from tiex.councils.models import Council, CouncilType, Nation

PASSWORD = "correct-horse-battery-staple"


class CouncilFactory(factory.django.DjangoModelFactory):
    """A minimal council (the councils app has a fuller factory of its own)."""

    class Meta:
        model = Council

    la_code = factory.Sequence(lambda n: f"TST{n:04d}")
    gss_code = factory.Sequence(lambda n: f"E0{n:07d}")
    name = factory.Sequence(lambda n: f"Testshire {n}")
    official_name = factory.LazyAttribute(lambda council: f"{council.name} Council")
    type = CouncilType.UNITARY
    nation = Nation.ENGLAND


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)


class CouncilOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.COUNCIL
    council = factory.SubFactory(CouncilFactory)
    name = factory.LazyAttribute(lambda organisation: organisation.council.name)
    slug = factory.Sequence(lambda n: f"council-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(CouncilOrganisationFactory)
    role = Role.MEMBER


def association() -> Organisation:
    return organisation_get_association()


def member_of(organisation: Organisation, role: str = Role.MEMBER, **user_fields: Any) -> User:
    """A new person holding ``role`` in ``organisation`` (association roles go through the service,
    so Wagtail access is set up as in real life)."""
    user = UserFactory(**user_fields)
    if organisation.kind == OrganisationKind.ASSOCIATION:
        from tiex.accounts.services import membership_set_role

        membership_set_role(actor=None, user=user, organisation=organisation, role=role)
        user.refresh_from_db()
    else:
        MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def give_totp(user: User) -> Authenticator:
    """Give someone an activated authenticator app, as allauth does after set-up."""
    return TOTP.activate(user, generate_totp_secret()).instance
