"""Writes for a challenge's recommendations: record, change, remove, and turn into actions.

Association staff or the council's super-users record the report's recommendations (text,
an optional theme from the kind's themes, an order). The council's super-user turns chosen
ones into actions of the council's action plan, the same plan as its self-assessments'
(``tiex.plans.services.action_create``, source kind ``peer-challenge``, source id the
challenge, source reference "R<number>"). A recommendation that already has its action is
never added twice, however often the form is sent. Every write is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tiex.accounts.services import organisation_for_council
from tiex.core.services import audit_record
from tiex.peer_challenges import selectors_documents as selectors
from tiex.peer_challenges.models import Challenge, KindTheme, Recommendation
from tiex.plans import services as plan_services
from tiex.plans.models import Action, SourceKind

MAX_TEXT = 3000
ACTION_TITLE_LENGTH = 300  # plans.Action.title


def _clean(challenge: Challenge, text: str, theme_id: int | None) -> tuple[str, KindTheme | None]:
    text = " ".join(text.split())
    if not text:
        raise ValidationError("Enter the recommendation.")
    if len(text) > MAX_TEXT:
        raise ValidationError(f"Keep the recommendation to {MAX_TEXT:,} characters.")
    theme = None
    if theme_id is not None:
        theme = KindTheme.objects.filter(pk=theme_id, kind_id=challenge.kind_id).first()
        if theme is None:
            raise ValidationError("Choose one of the challenge's themes.")
    return text, theme


def _snapshot(recommendation: Recommendation) -> dict[str, Any]:
    return {
        "challenge": recommendation.challenge.reference,
        "order": recommendation.order,
        "text": recommendation.text,
        "theme": recommendation.theme.slug if recommendation.theme else None,
        "action": recommendation.action_id,
    }


def _require_record(actor: Any, challenge: Challenge) -> None:
    if not selectors.may_record(user=actor, challenge=challenge):
        raise PermissionDenied("Only association staff or the council's super-users record recommendations.")


@transaction.atomic
def recommendation_create(
    *, actor: Any, challenge: Challenge, text: str, theme_id: int | None = None, order: int | None = None
) -> Recommendation:
    """Record one of the report's recommendations (by default after the last one)."""
    _require_record(actor, challenge)
    text, theme = _clean(challenge, text, theme_id)
    if order is None:
        last = challenge.recommendations.order_by("-order").values_list("order", flat=True).first()
        order = 1 if last is None else last + 1
    recommendation = Recommendation.objects.create(challenge=challenge, text=text, theme=theme, order=order)
    audit_record(
        actor=actor, action="peer_challenge.recommendation.create", obj=recommendation, after=_snapshot(recommendation)
    )
    return recommendation


@transaction.atomic
def recommendation_update(
    *, actor: Any, recommendation: Recommendation, text: str, theme_id: int | None, order: int
) -> Recommendation:
    """Change a recommendation's words, theme or order (an action made from it keeps its own words)."""
    challenge = recommendation.challenge
    _require_record(actor, challenge)
    text, theme = _clean(challenge, text, theme_id)
    before = _snapshot(recommendation)
    recommendation.text, recommendation.theme, recommendation.order = text, theme, order
    recommendation.save(update_fields=["text", "theme", "order"])
    after = _snapshot(recommendation)
    if after != before:
        audit_record(
            actor=actor,
            action="peer_challenge.recommendation.change",
            obj=recommendation,
            before=before,
            after=after,
        )
    return recommendation


@transaction.atomic
def recommendation_remove(*, actor: Any, recommendation: Recommendation) -> None:
    """Remove a recommendation. An action made from it stays in the council's plan."""
    _require_record(actor, recommendation.challenge)
    before = _snapshot(recommendation)
    audit_record(actor=actor, action="peer_challenge.recommendation.remove", obj=recommendation, before=before)
    recommendation.delete()


def action_title(text: str) -> str:
    """The recommendation's words as an action's title (300 characters at most, cut at a word)."""
    if len(text) <= ACTION_TITLE_LENGTH:
        return text
    cut = text[: ACTION_TITLE_LENGTH - 1].rsplit(" ", 1)[0]
    return cut + "…"


@transaction.atomic
def recommendations_to_actions(*, actor: Any, challenge: Challenge, ids: Iterable[int]) -> list[Action]:
    """Add the chosen recommendations to the council's action plan; return the actions made.

    Recommendations that already have an action are left as they are (a second click adds
    nothing). Only the council's super-users (who change the plan) may do this."""
    if not selectors.may_act(user=actor, challenge=challenge):
        raise PermissionDenied("Only the council's super-users change its action plan.")
    wanted = sorted({int(pk) for pk in ids})
    if not wanted:
        raise ValidationError("Choose at least one recommendation.")
    # Locked so that two clicks at once cannot both add the same recommendation.
    chosen = list(
        Recommendation.objects.select_for_update().filter(challenge=challenge, pk__in=wanted).order_by("order", "pk")
    )
    if len(chosen) != len(wanted):
        raise ValidationError("Choose recommendations of this challenge.")
    numbers = {
        pk: index
        for index, pk in enumerate(challenge.recommendations.order_by("order", "pk").values_list("pk", flat=True), 1)
    }
    organisation = organisation_for_council(council=challenge.council)
    made = []
    for recommendation in chosen:
        if recommendation.action_id is not None:
            continue
        action = plan_services.action_create(
            actor=actor,
            organisation=organisation,
            source_kind=SourceKind.PEER_CHALLENGE,
            source_id=challenge.pk,
            source_ref=f"R{numbers[recommendation.pk]}",
            source_label=recommendation.text,
            title=action_title(recommendation.text),
        )
        recommendation.action = action
        recommendation.save(update_fields=["action"])
        audit_record(
            actor=actor,
            action="peer_challenge.recommendation.to_action",
            obj=recommendation,
            after=_snapshot(recommendation),
        )
        made.append(action)
    return made
