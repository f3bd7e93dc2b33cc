"""Writes of a challenge's lifecycle: the enquiry, its stages, visit dates and cancelling.
Each is audited, inside one transaction. Its documents and the council publishing are in
services_stage_documents.py, the on-site timetable in services_timetable.py.

Who may (selectors.py reads the same rules):

* association staff (``peer_challenge.manage``) record the enquiry, agree the dates, keep
  every stage (owner, planned and completed dates, what it produced), add any document and
  the on-site timetable;
* the council's super-users (``peer_challenge.council_act``) share the position statement
  and background documents, attach their latest published self-assessment, and publish the
  report, the action plan and the progress review report: publishing completes that stage.

Stages are completed in order (stages.py); a stage that asks for something (visit dates,
the position statement, the report) cannot be completed without it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tiex.accounts.permissions import require
from tiex.core.services import audit_record
from tiex.peer_challenges import stages
from tiex.peer_challenges.models import Challenge, ChallengeKind, Document, DocumentKind, Stage, StageStep
from tiex.peer_challenges.permissions import PEER_CHALLENGE_MANAGE

MAX_VISIT_DAYS = 10
MAX_REASON = 2000


def completed_dates(challenge: Challenge) -> dict[str, date | None]:
    return dict(StageStep.objects.filter(challenge=challenge).values_list("stage", "completed_date"))


def keep_stage(challenge: Challenge) -> None:
    """Challenge.stage: the first stage not yet completed (kept here, never in save())."""
    stage = stages.current_stage(completed_dates(challenge))
    if stage != challenge.stage:
        challenge.stage = stage
        challenge.save(update_fields=["stage", "updated_at"])


def _unique_reference(kind: ChallengeKind, council: Any, year: int) -> str:
    base = slugify(f"{kind.slug}-{year}-{council.name}")[:54].strip("-")
    reference, number = base, 1
    while Challenge.objects.filter(reference=reference).exists():
        number += 1
        reference = f"{base}-{number}"
    return reference


@transaction.atomic
def challenge_create(
    *,
    actor: Any,
    council: Any,
    kind: ChallengeKind,
    enquiry_date: date,
    regional_adviser: str = "",
    focus_areas: str = "",
    today: date | None = None,
) -> Challenge:
    """Record an enquiry (staff): the challenge starts at its enquiry stage, owned by the regional adviser."""
    require(actor, PEER_CHALLENGE_MANAGE)
    today = today or timezone.localdate()
    if enquiry_date > today:
        raise ValidationError({"enquiry_date": "The enquiry date must be today or in the past"})
    if getattr(council, "former", False):
        raise ValidationError({"council": "Choose a current council: this one has been replaced"})
    challenge = Challenge.objects.create(
        council=council,
        kind=kind,
        reference=_unique_reference(kind, council, enquiry_date.year),
        enquiry_date=enquiry_date,
        regional_adviser=regional_adviser.strip(),
        focus_areas=focus_areas.strip(),
        stage=Stage.ENQUIRY,
    )
    StageStep.objects.create(
        challenge=challenge, stage=Stage.ENQUIRY, owner=challenge.regional_adviser or "Regional adviser"
    )
    audit_record(
        actor=actor,
        action="peer_challenges.challenge.create",
        obj=challenge,
        after={"council": council.pk, "kind": kind.slug, "enquiry_date": enquiry_date},
    )
    return challenge


@transaction.atomic
def challenge_dates_agree(*, actor: Any, challenge: Challenge, visit_start: date, visit_end: date) -> Challenge:
    """The agreed on-site visit (staff). The deadlines are counted from ``visit_end``."""
    require(actor, PEER_CHALLENGE_MANAGE)
    if visit_end < visit_start:
        raise ValidationError({"visit_end": "The last day of the visit must be the same as or after the first day"})
    if (visit_end - visit_start).days + 1 > MAX_VISIT_DAYS:
        raise ValidationError({"visit_end": f"A visit lasts a few days: no more than {MAX_VISIT_DAYS} days"})
    if challenge.enquiry_date and visit_start < challenge.enquiry_date:
        raise ValidationError({"visit_start": "The visit cannot start before the enquiry"})
    if completed_dates(challenge).get(Stage.VISIT):
        raise ValidationError("The visit has taken place, so its dates can no longer change")
    before = {"visit_start": challenge.visit_start, "visit_end": challenge.visit_end}
    challenge.visit_start, challenge.visit_end = visit_start, visit_end
    challenge.save(update_fields=["visit_start", "visit_end", "updated_at"])
    audit_record(
        actor=actor,
        action="peer_challenges.challenge.dates",
        obj=challenge,
        before=before,
        after={"visit_start": visit_start, "visit_end": visit_end},
    )
    return challenge


def check_can_complete(challenge: Challenge, stage: str, completed_on: date, today: date) -> None:
    if challenge.cancelled_at is not None:
        raise ValidationError("This challenge was cancelled, so its stages cannot change")
    completed = completed_dates(challenge)
    if completed_on > today:
        raise ValidationError({"completed_date": "The date it was completed must be today or in the past"})
    waiting = stages.incomplete_before(stage, completed)
    others = {other: done for other, done in completed.items() if other != stage}
    problem = None if waiting else stages.date_order_problem(stage, completed_on, others)
    if problem:
        raise ValidationError({"completed_date": problem})
    if waiting:
        names = ", ".join(stages.label(item).lower() for item in waiting[:3])
        raise ValidationError(f"Complete the earlier stages first: {names}{' and more' if len(waiting) > 3 else ''}")
    if stage in stages.NEEDS_VISIT_DATES and (challenge.visit_start is None or challenge.visit_end is None):
        raise ValidationError("Agree the visit dates first")
    if stage in (Stage.VISIT, Stage.FEEDBACK) and challenge.visit_end and completed_on < challenge.visit_end:
        raise ValidationError({"completed_date": "The visit ends on its last day: give that date or a later one"})
    if stage == Stage.TEAM and not challenge.team.exists():
        raise ValidationError("Add the team before marking it assembled")
    kinds = stages.NEEDS_DOCUMENT.get(stage)
    if kinds and not Document.objects.filter(challenge=challenge, kind__in=kinds).exists():
        wanted = " or ".join(DocumentKind(kind).label.lower() for kind in kinds)
        raise ValidationError(f"Add the {wanted} first")


@transaction.atomic
def stage_step_save(
    *,
    actor: Any,
    challenge: Challenge,
    stage: str,
    owner: str,
    planned_date: date | None,
    note: str,
    completed_date: date | None,
    today: date | None = None,
) -> StageStep:
    """Keep a stage (staff): its owner, planned date and what it produced, and complete it when
    ``completed_date`` is given. The publishing stages are completed by the council publishing."""
    require(actor, PEER_CHALLENGE_MANAGE)
    today = today or timezone.localdate()
    if stage not in stages.STAGES:
        raise ValidationError("No such stage")
    step = StageStep.objects.filter(challenge=challenge, stage=stage).first()
    was_completed = step.completed_date if step else None
    if stage in stages.COMPLETED_BY_PUBLISHING and completed_date != was_completed:
        raise ValidationError("This stage is completed when the council publishes the document")
    if completed_date is not None and completed_date != was_completed:
        check_can_complete(challenge, stage, completed_date, today)
    if completed_date is None and was_completed is not None:
        later = [
            s
            for s, done in completed_dates(challenge).items()
            if done and stages.STAGES.index(s) > stages.STAGES.index(stage)
        ]
        if later:
            raise ValidationError("A later stage is complete, so this one stays complete")
    before = (
        {
            "owner": step.owner,
            "planned_date": step.planned_date,
            "note": step.note,
            "completed_date": step.completed_date,
        }
        if step
        else None
    )
    if step is None:
        step = StageStep(challenge=challenge, stage=stage)
    step.owner, step.planned_date, step.note = owner.strip(), planned_date, note.strip()
    step.completed_date = completed_date
    step.save()
    keep_stage(challenge)
    audit_record(
        actor=actor,
        action="peer_challenges.stage.save",
        obj=step,
        before=before,
        after={"owner": step.owner, "planned_date": planned_date, "note": step.note, "completed_date": completed_date},
    )
    return step


@transaction.atomic
def challenge_cancel(*, actor: Any, challenge: Challenge, reason: str) -> Challenge:
    """Staff cancel a challenge, saying why: it leaves the staff list's overdue flags, the reminders,
    the public pages and the coverage; its page (private view) says it was cancelled and why."""
    require(actor, PEER_CHALLENGE_MANAGE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the challenge is cancelled"})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": f"Keep the reason to {MAX_REASON:,} characters or fewer"})
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.cancelled_at is not None:
        raise ValidationError("This challenge is already cancelled")
    if completed_dates(challenge).get(stages.STAGES[-1]):
        raise ValidationError("This challenge is complete, so it cannot be cancelled")
    challenge.cancelled_at, challenge.cancelled_reason = timezone.now(), reason
    challenge.save(update_fields=["cancelled_at", "cancelled_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="peer_challenges.challenge.cancel",
        obj=challenge,
        before={"cancelled_at": None},
        after={"cancelled_at": challenge.cancelled_at, "reason": reason, "stage": challenge.stage},
    )
    return challenge
