"""KeptQuery: the SQL is built once, and every run answers what the ORM query would, for its own values."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiex.accounts.models import Membership, User
from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import CouncilOrganisationFactory, UserFactory, member_of
from tiex.core.kept_queries import KeptQuery

pytestmark = pytest.mark.django_db


def _memberships(user_id: int):
    return Membership.objects.select_related("organisation__council").filter(user_id=user_id).order_by("pk")


def test_each_run_answers_for_its_own_values_as_the_orm_does() -> None:
    first = member_of(CouncilOrganisationFactory(), Role.SUPER_USER)
    second = member_of(CouncilOrganisationFactory())
    kept = KeptQuery(_memberships, int)
    for user in (first, second, first):
        rows = kept.rows(user.pk)
        assert [(m.pk, m.role, m.organisation_id) for m in rows] == [
            (m.pk, m.role, m.organisation_id) for m in _memberships(user.pk)
        ]
        with CaptureQueriesContext(connection) as captured:
            assert rows[0].organisation.council.name  # select_related: read with the row
        assert not captured.captured_queries
    assert kept.rows(first.pk + second.pk + 1000) == []


def test_one_query_per_run_and_values_lists_work() -> None:
    user = member_of(CouncilOrganisationFactory(), Role.SUPER_USER)
    kept = KeptQuery(lambda user_id: Membership.objects.filter(user_id=user_id).values_list("role", flat=True), int)
    kept.rows(user.pk)
    with CaptureQueriesContext(connection) as captured:
        assert kept.rows(user.pk) == [Role.SUPER_USER]
    assert len(captured.captured_queries) == 1


def test_strings_and_values_of_another_type_run_the_ordinary_query() -> None:
    user = UserFactory(email="someone@example.org")
    UserFactory(email="other@example.org")
    kept = KeptQuery(lambda email: User.objects.filter(email=email), str)
    assert [u.pk for u in kept.rows("someone@example.org")] == [user.pk]
    assert kept.rows("nobody@example.org") == []
    assert kept.rows("x' OR '1'='1") == []  # a value is a parameter, never SQL
    by_pk = KeptQuery(lambda pk: User.objects.filter(pk=pk), int)
    assert [u.pk for u in by_pk.rows(str(user.pk))] == [user.pk]  # "12": the ORM's own conversion


def test_a_value_the_query_does_not_take_as_one_parameter_is_refused() -> None:
    UserFactory()
    ignored = KeptQuery(lambda pk: User.objects.all(), int)
    with pytest.raises(ValueError, match="not one parameter"):
        ignored.rows(1)
    twice = KeptQuery(lambda pk: User.objects.filter(pk=pk) | User.objects.filter(pk=pk), int)
    with pytest.raises(ValueError, match="not one parameter"):
        twice.rows(1)
    with pytest.raises(TypeError):
        KeptQuery(lambda when: User.objects.filter(date_joined=when), object)
