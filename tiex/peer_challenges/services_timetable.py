"""Writes of the on-site timetable (staff): sessions within the visit; the challenge's people
met is their total. Each is audited, inside one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tiex.accounts.permissions import require
from tiex.core.services import audit_record
from tiex.peer_challenges.models import Challenge, SessionKind, VisitSession
from tiex.peer_challenges.permissions import PEER_CHALLENGE_MANAGE


def _people_met(challenge: Challenge) -> None:
    total = sum(VisitSession.objects.filter(challenge=challenge).values_list("people_met", flat=True))
    challenge.people_met = total
    challenge.save(update_fields=["people_met", "updated_at"])


@transaction.atomic
def visit_session_add(
    *,
    actor: Any,
    challenge: Challenge,
    starts_at: datetime,
    ends_at: datetime | None,
    kind: str,
    title: str,
    location: str = "",
    people_met: int = 0,
) -> VisitSession:
    """One session of the on-site timetable (staff); the challenge's people met is their total."""
    require(actor, PEER_CHALLENGE_MANAGE)
    if challenge.visit_start is None or challenge.visit_end is None:
        raise ValidationError("Agree the visit dates before planning the timetable")
    if kind not in SessionKind.values:
        raise ValidationError({"kind": "Choose the kind of session"})
    if not (title or "").strip():
        raise ValidationError({"title": "Enter what the session is"})
    day = timezone.localtime(starts_at).date() if timezone.is_aware(starts_at) else starts_at.date()
    if not challenge.visit_start <= day <= challenge.visit_end:
        visit = f"{challenge.visit_start:%-d %B} to {challenge.visit_end:%-d %B %Y}"
        raise ValidationError({"day": f"The session must fall within the visit: {visit}"})
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends": "The session must end after it starts"})
    if people_met < 0:
        raise ValidationError({"people_met": "People met must be 0 or more"})
    session = VisitSession.objects.create(
        challenge=challenge,
        starts_at=starts_at,
        ends_at=ends_at,
        kind=kind,
        title=title.strip()[:300],
        location=location.strip()[:200],
        people_met=people_met,
    )
    _people_met(challenge)
    audit_record(
        actor=actor,
        action="peer_challenges.session.add",
        obj=session,
        after={"challenge": challenge.pk, "starts_at": starts_at, "kind": kind, "people_met": people_met},
    )
    return session


@transaction.atomic
def visit_session_remove(*, actor: Any, session: VisitSession) -> None:
    require(actor, PEER_CHALLENGE_MANAGE)
    challenge = session.challenge
    audit_record(
        actor=actor,
        action="peer_challenges.session.remove",
        obj=session,
        before={"challenge": challenge.pk, "title": session.title, "people_met": session.people_met},
    )
    session.delete()
    _people_met(challenge)
