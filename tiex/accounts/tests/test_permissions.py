"""The permission table: who may do what to which object.

Each row names an action and an object, and the people (personas) allowed; every
other persona must be refused. The world: councils A and B with their
organisations, the association, and one person per role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.test import RequestFactory

from tiex.accounts import permissions as p
from tiex.accounts.models import Invitation
from tiex.accounts.roles import Role
from tiex.accounts.selectors import roles_of
from tiex.accounts.tests.factories import (
    CouncilOrganisationFactory,
    MembershipFactory,
    UserFactory,
    association,
    member_of,
)

PERSONAS = (
    "anonymous",
    "no_role",
    "inactive_member_a",
    "member_a",
    "super_a",
    "member_b",
    "super_b",
    "editor",
    "admin",
    "django_superuser",
)
EVERYONE = frozenset(PERSONAS)
ADMINS = frozenset({"admin", "django_superuser"})
STAFF = ADMINS | {"editor"}


@dataclass
class World:
    people: dict[str, Any]
    objects: dict[str, Any]


@pytest.fixture
def world(db: None) -> World:
    org_a = CouncilOrganisationFactory()
    org_b = CouncilOrganisationFactory()
    assoc = association()
    people: dict[str, Any] = {
        "anonymous": AnonymousUser(),
        "no_role": UserFactory(),
        "inactive_member_a": member_of(org_a, Role.MEMBER, is_active=False),
        "member_a": member_of(org_a, Role.MEMBER),
        "super_a": member_of(org_a, Role.SUPER_USER),
        "member_b": member_of(org_b, Role.MEMBER),
        "super_b": member_of(org_b, Role.SUPER_USER),
        "editor": member_of(assoc, Role.EDITOR),
        "admin": member_of(assoc, Role.ADMIN),
        "django_superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    member_a_membership = people["member_a"].memberships.get()
    objects = {
        None: None,
        "council_a": org_a.council,
        "council_b": org_b.council,
        "org_a": org_a,
        "org_b": org_b,
        "association": assoc,
        "membership_member_a": member_a_membership,
        "grant_a_member": p.RoleTarget(org_a, Role.MEMBER),
        "grant_a_super_user": p.RoleTarget(org_a, Role.SUPER_USER),
        "grant_a_editor": p.RoleTarget(org_a, Role.EDITOR),
        "grant_b_member": p.RoleTarget(org_b, Role.MEMBER),
        "grant_association_editor": p.RoleTarget(assoc, Role.EDITOR),
        "grant_association_admin": p.RoleTarget(assoc, Role.ADMIN),
        "invitation_to_a": Invitation(email="new@example.org", organisation=org_a, role=Role.MEMBER),
        "invitation_to_b": Invitation(email="new@example.org", organisation=org_b, role=Role.MEMBER),
        # Something else that belongs to a council (an assessment, say): resolved through council_id.
        "thing_of_a": type("Thing", (), {"council_id": org_a.council_id})(),
    }
    return World(people, objects)


A_INSIDERS = ADMINS | {"member_a", "super_a"}
B_INSIDERS = ADMINS | {"member_b", "super_b"}

TABLE: list[tuple[str, str | None, frozenset[str]]] = [
    # public things
    (p.COUNCIL_VIEW, "council_a", EVERYONE),
    (p.CONTENT_VIEW, None, EVERYONE),
    # a council's private things: its own people (and admins), never the other council's
    (p.COUNCIL_VIEW_PRIVATE, "council_a", A_INSIDERS),
    (p.COUNCIL_VIEW_PRIVATE, "org_a", A_INSIDERS),
    (p.COUNCIL_VIEW_PRIVATE, "thing_of_a", A_INSIDERS),
    (p.COUNCIL_VIEW_PRIVATE, "council_b", B_INSIDERS),
    (p.COUNCIL_VIEW_PRIVATE, "association", ADMINS),
    (p.COUNCIL_VIEW_PRIVATE, None, ADMINS),
    # managing members
    (p.COUNCIL_MANAGE_MEMBERS, "council_a", ADMINS | {"super_a"}),
    (p.COUNCIL_MANAGE_MEMBERS, "council_b", ADMINS | {"super_b"}),
    (p.ORGANISATION_MANAGE_MEMBERS, "org_a", ADMINS | {"super_a"}),
    (p.ORGANISATION_MANAGE_MEMBERS, "association", ADMINS),
    (p.MEMBERSHIP_CHANGE, "membership_member_a", ADMINS | {"super_a"}),
    (p.MEMBERSHIP_CHANGE, "grant_a_super_user", ADMINS | {"super_a"}),
    (p.MEMBERSHIP_CHANGE, "grant_association_admin", ADMINS),
    # inviting: super-users to their own council's roles; admins anyone to anything; editors nobody
    (p.INVITATION_CREATE, "org_a", ADMINS | {"super_a"}),
    (p.INVITATION_CREATE, "grant_a_member", ADMINS | {"super_a"}),
    (p.INVITATION_CREATE, "grant_a_super_user", ADMINS | {"super_a"}),
    (p.INVITATION_CREATE, "grant_a_editor", ADMINS),
    (p.INVITATION_CREATE, "grant_b_member", ADMINS | {"super_b"}),
    (p.INVITATION_CREATE, "grant_association_editor", ADMINS),
    (p.INVITATION_CREATE, "grant_association_admin", ADMINS),
    (p.INVITATION_CREATE, "invitation_to_a", ADMINS | {"super_a"}),
    (p.INVITATION_CREATE, "association", ADMINS),
    (p.INVITATION_REVOKE, "invitation_to_a", ADMINS | {"super_a"}),
    (p.INVITATION_REVOKE, "invitation_to_b", ADMINS | {"super_b"}),
    # content and the staff admin
    (p.CONTENT_EDIT, None, STAFF),
    (p.CONTENT_PUBLISH, None, STAFF),
    (p.ADMIN_ACCESS, None, STAFF),
    # admins only
    (p.DATASET_IMPORT, None, ADMINS),
    (p.AUDIT_VIEW, None, ADMINS),
    (p.ORGANISATION_CREATE, None, ADMINS),
]


@pytest.mark.parametrize(
    ("action", "obj_key", "allowed"), TABLE, ids=[f"{action}:{obj_key}" for action, obj_key, _ in TABLE]
)
def test_permission_table(world: World, action: str, obj_key: str | None, allowed: frozenset[str]) -> None:
    obj = world.objects[obj_key]
    granted = {name for name in PERSONAS if p.can(world.people[name], action, obj)}
    assert granted == set(allowed), (
        f"{action} on {obj_key}: wrongly allowed {sorted(granted - allowed)}, "
        f"wrongly refused {sorted(allowed - granted)}"
    )


def test_the_table_covers_every_action_defined_here() -> None:
    # Other apps register their own actions and test them in their own tables.
    defined_here = {v for k, v in vars(p).items() if k.isupper() and isinstance(v, str) and "." in v}
    assert {action for action, _, _ in TABLE} == defined_here
    assert defined_here <= set(p.actions())


def test_a_member_of_council_b_gets_nothing_private_on_council_a(world: World) -> None:
    for name in ("member_b", "super_b"):
        person = world.people[name]
        for key in ("council_a", "org_a", "thing_of_a", "membership_member_a", "grant_a_member", "invitation_to_a"):
            obj = world.objects[key]
            granted = [action for action in p.actions() if p.can(person, action, obj)]
            # (includes other apps' actions: none may give council B's people anything on council A)
            assert set(granted) <= {p.COUNCIL_VIEW, p.CONTENT_VIEW}, f"{name} may {granted} on {key}"


def test_require_raises_permission_denied_and_passes_silently(world: World) -> None:
    with pytest.raises(PermissionDenied):
        p.require(world.people["member_b"], p.COUNCIL_VIEW_PRIVATE, world.objects["council_a"])
    p.require(world.people["member_a"], p.COUNCIL_VIEW_PRIVATE, world.objects["council_a"])


def test_unknown_actions_are_an_error_not_a_silent_no() -> None:
    with pytest.raises(p.UnknownAction, match=r"council\.veiw_private"):
        p.can(AnonymousUser(), "council.veiw_private")


def test_other_apps_can_register_rules_once(world: World) -> None:
    action = "test.example_rule"
    p.register(action, lambda roles, obj: roles.council_role(p.council_id_of(obj)) == Role.MEMBER)
    try:
        assert p.can(world.people["member_a"], action, world.objects["council_a"])
        assert not p.can(world.people["super_a"], action, world.objects["council_a"])
        assert p.can(world.people["admin"], action, world.objects["council_a"])  # admins may do everything
        with pytest.raises(ValueError, match="already registered"):
            p.register(action, lambda roles, obj: True)
    finally:
        p._RULES.pop(action)


def test_roles_are_read_once_per_user_object(world: World, django_assert_num_queries: Any) -> None:
    person = world.people["super_a"]
    with django_assert_num_queries(1):
        roles_of(person, refresh=True)
        for _ in range(5):
            p.can(person, p.COUNCIL_VIEW_PRIVATE, world.objects["council_a"])


def test_the_template_tag_answers_for_the_signed_in_person(world: World) -> None:
    template = Template(
        '{% load tiex_permissions %}{% can "council.view_private" council as allowed %}{{ allowed|yesno:"yes,no" }}'
    )
    request = RequestFactory().get("/")
    request.user = world.people["member_a"]
    assert template.render(Context({"request": request, "council": world.objects["council_a"]})) == "yes"
    request.user = world.people["member_b"]
    assert template.render(Context({"request": request, "council": world.objects["council_a"]})) == "no"


def test_inactive_people_are_treated_as_anonymous(world: World) -> None:
    person = world.people["inactive_member_a"]
    MembershipFactory(user=person, organisation=association(), role=Role.ADMIN)
    roles_of(person, refresh=True)
    assert not p.can(person, p.ADMIN_ACCESS)
    assert p.can(person, p.COUNCIL_VIEW, world.objects["council_a"])
