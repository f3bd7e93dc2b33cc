"""Recommendations: recorded by staff or the council's super-user, private until the report is published,
turned into actions of the council's plan (never twice), which then says where each came from."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.core.models import AuditEvent
from tiex.peer_challenges import services_recommendations as services
from tiex.peer_challenges.models import DocumentKind, KindTheme, Recommendation
from tiex.peer_challenges.tests.factories import (
    ChallengeFactory,
    DocumentFactory,
    RecommendationFactory,
    finance_kind,
)
from tiex.plans import selectors as plans
from tiex.plans.models import Action

pytestmark = pytest.mark.django_db


def client_for(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    challenge = ChallengeFactory(visit_start=datetime.date(2026, 3, 10), visit_end=datetime.date(2026, 3, 13))
    organisation = organisation_for_council(council=challenge.council)
    other = organisation_for_council(council=ChallengeFactory().council)
    editor = member_of(association(), Role.EDITOR)
    give_totp(editor)
    return {
        "challenge": challenge,
        "organisation": organisation,
        "super": member_of(organisation, Role.SUPER_USER),
        "member": member_of(organisation, Role.MEMBER),
        "other_super": member_of(other, Role.SUPER_USER),
        "editor": editor,
    }


def publish_report(challenge: Any) -> None:
    DocumentFactory(challenge=challenge, kind=DocumentKind.REPORT, published_at=timezone.now())


def test_staff_and_the_super_user_record_change_and_remove_recommendations(world) -> None:  # type: ignore[no-untyped-def]
    challenge = world["challenge"]
    theme = challenge.kind.themes.get(slug="governance-and-culture")
    first = services.recommendation_create(
        actor=world["editor"], challenge=challenge, text="  Refresh   the corporate plan. ", theme_id=theme.pk
    )
    second = services.recommendation_create(actor=world["super"], challenge=challenge, text="Strengthen scrutiny.")
    assert (first.text, first.theme, first.order, second.order) == ("Refresh the corporate plan.", theme, 1, 2)
    services.recommendation_update(
        actor=world["super"], recommendation=second, text="Strengthen scrutiny now.", theme_id=None, order=0
    )
    assert [r.text for r in Recommendation.objects.filter(challenge=challenge).order_by("order")] == [
        "Strengthen scrutiny now.",
        "Refresh the corporate plan.",
    ]
    services.recommendation_remove(actor=world["editor"], recommendation=first)
    assert list(challenge.recommendations.values_list("text", flat=True)) == ["Strengthen scrutiny now."]
    assert list(
        AuditEvent.objects.filter(action__startswith="peer_challenge.recommendation")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "peer_challenge.recommendation.create",
        "peer_challenge.recommendation.create",
        "peer_challenge.recommendation.change",
        "peer_challenge.recommendation.remove",
    ]


def test_a_recommendation_needs_words_and_a_theme_of_its_own_kind(world) -> None:  # type: ignore[no-untyped-def]
    challenge = world["challenge"]
    with pytest.raises(ValidationError, match="Enter the recommendation"):
        services.recommendation_create(actor=world["editor"], challenge=challenge, text=" \n ")
    foreign = KindTheme.objects.filter(kind=finance_kind()).first()
    with pytest.raises(ValidationError, match="challenge's themes"):
        services.recommendation_create(actor=world["editor"], challenge=challenge, text="x", theme_id=foreign.pk)


def test_only_staff_and_the_councils_super_user_record_recommendations(world) -> None:  # type: ignore[no-untyped-def]
    for person in ("member", "other_super"):
        with pytest.raises(PermissionDenied):
            services.recommendation_create(actor=world[person], challenge=world["challenge"], text="Do more.")


def test_the_super_user_turns_recommendations_into_actions_never_twice(world) -> None:  # type: ignore[no-untyped-def]
    challenge = world["challenge"]
    first, second, third = (RecommendationFactory(challenge=challenge, order=n) for n in (1, 2, 3))
    made = services.recommendations_to_actions(actor=world["super"], challenge=challenge, ids=[first.pk, third.pk])
    assert [(a.source_kind, a.source_id, a.source_ref, a.title) for a in made] == [
        ("peer-challenge", challenge.pk, "R1", first.text),
        ("peer-challenge", challenge.pk, "R3", third.text),
    ]
    assert all(action.plan.organisation == world["organisation"] for action in made)
    first.refresh_from_db()
    assert first.action == made[0]
    # Sent again (a second click), with one more chosen: only the new one is added.
    again = services.recommendations_to_actions(
        actor=world["super"], challenge=challenge, ids=[first.pk, second.pk, third.pk]
    )
    assert [a.source_ref for a in again] == ["R2"]
    assert Action.objects.count() == 3
    # The plan is the same one the self-assessments feed, and says where each action came from.
    listed = plans.action_list(organisation=world["organisation"])
    assert {a.source.label for a in listed} == {"Corporate peer challenge, March 2026"}
    assert {a.source.href for a in listed} == {f"/peer-challenges/{challenge.reference}/"}


def test_a_long_recommendation_becomes_a_short_action_title(world) -> None:  # type: ignore[no-untyped-def]
    text = "Agree a plan " * 40
    recommendation = RecommendationFactory(challenge=world["challenge"], text=text.strip())
    [action] = services.recommendations_to_actions(
        actor=world["super"], challenge=world["challenge"], ids=[recommendation.pk]
    )
    assert len(action.title) <= 300 and action.title.endswith("…")
    assert action.source_label == text.strip()[:500]


def test_only_the_councils_super_user_changes_its_plan(world) -> None:  # type: ignore[no-untyped-def]
    recommendation = RecommendationFactory(challenge=world["challenge"])
    for person in ("editor", "member", "other_super"):
        with pytest.raises(PermissionDenied):
            services.recommendations_to_actions(
                actor=world[person], challenge=world["challenge"], ids=[recommendation.pk]
            )
    other = RecommendationFactory()  # another challenge's
    with pytest.raises(ValidationError):
        services.recommendations_to_actions(actor=world["super"], challenge=world["challenge"], ids=[other.pk])
    with pytest.raises(ValidationError):
        services.recommendations_to_actions(actor=world["super"], challenge=world["challenge"], ids=[])
    assert not Action.objects.exists()


# --- Pages ------------------------------------------------------------------------------


def test_recommendations_are_private_until_the_report_is_published(world) -> None:  # type: ignore[no-untyped-def]
    challenge = world["challenge"]
    RecommendationFactory(challenge=challenge, text="Refresh the corporate plan.")
    path = f"/peer-challenges/{challenge.reference}/recommendations/"
    DocumentFactory(challenge=challenge, kind=DocumentKind.REPORT)  # the draft: not published
    assert client_for().get(path).status_code == 404
    assert client_for(world["other_super"]).get(path).status_code == 404
    for person in ("member", "super", "editor"):
        page = client_for(world[person]).get(path)
        assert page.status_code == 200 and "Refresh the corporate plan." in page.content.decode()
        assert "only association staff and the council's members see" in page.content.decode()
    publish_report(challenge)
    public = client_for().get(path).content.decode()
    assert "Refresh the corporate plan." in public
    assert "Record a recommendation" not in public and "in the plan" not in public.lower()  # the plan is the council's


def test_another_councils_member_cannot_add_recommendations_or_actions(world) -> None:  # type: ignore[no-untyped-def]
    challenge = world["challenge"]
    recommendation = RecommendationFactory(challenge=challenge)
    path = f"/peer-challenges/{challenge.reference}/recommendations/"
    other = client_for(world["other_super"])
    # Before publication the challenge is not even there for them; after it, they may read but not act.
    assert other.post(path, {"text": "Ours now."}).status_code == 404
    assert other.post(path + "actions/", {"recommendation": recommendation.pk}).status_code == 404
    publish_report(challenge)
    assert other.post(path, {"text": "Ours now."}).status_code == 403
    assert other.post(path + "actions/", {"recommendation": recommendation.pk}).status_code == 403
    assert (
        client_for()
        .post(path + "actions/", {"recommendation": recommendation.pk})["Location"]
        .startswith("/account/login/")
    )
    assert challenge.recommendations.count() == 1 and not Action.objects.exists()


def test_the_super_user_records_then_adds_recommendations_to_the_plan(world) -> None:  # type: ignore[no-untyped-def]
    challenge = world["challenge"]
    client = client_for(world["super"])
    path = f"/peer-challenges/{challenge.reference}/recommendations/"
    errors = client.post(path, {"text": ""})
    assert errors.status_code == 400 and "Enter the recommendation" in errors.content.decode()
    for text in ("Refresh the corporate plan.", "Strengthen scrutiny."):
        assert client.post(path, {"text": text, "theme": "", "order": ""}).status_code == 302
    ids = list(challenge.recommendations.order_by("order").values_list("pk", flat=True))
    page = client.get(path).content.decode()
    assert page.count('name="recommendation"') == 2
    done = client.post(path + "actions/", {"recommendation": ids})
    assert done.status_code == 302 and done["Location"] == f"/plans/{world['organisation'].slug}/"
    assert client.post(path + "actions/", {"recommendation": ids}).status_code == 302  # a second click
    assert Action.objects.count() == 2
    plan = client.get(done["Location"]).content.decode()
    assert "Refresh the corporate plan." in plan and "Strengthen scrutiny." in plan
    assert f'href="/peer-challenges/{challenge.reference}/">Corporate peer challenge, March 2026</a>' in plan
    after = client.get(path).content.decode()
    assert 'name="recommendation"' not in after and after.count("In the plan") == 2
    nothing = client.post(path + "actions/", {"recommendation": "99999999999999999999"})
    assert nothing.status_code == 400 and "Choose recommendations of this challenge" in nothing.content.decode()


def test_changing_and_removing_a_recommendation_on_its_page(world) -> None:  # type: ignore[no-untyped-def]
    challenge = world["challenge"]
    recommendation = RecommendationFactory(challenge=challenge, order=4)
    path = f"/peer-challenges/{challenge.reference}/recommendations/{recommendation.pk}/"
    assert client_for(world["member"]).get(path).status_code == 403
    editor = client_for(world["editor"])
    assert editor.get(path).status_code == 200
    assert editor.post(path, {"text": "Better words.", "theme": "", "order": ""}).status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.text, recommendation.order) == ("Better words.", 4)
    assert editor.post(path + "remove/").status_code == 302
    assert not Recommendation.objects.filter(pk=recommendation.pk).exists()
