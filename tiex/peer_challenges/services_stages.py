"""Writes of a challenge's lifecycle: the enquiry, its stages, visit dates, documents, the
timetable and the council publishing. Each is audited, inside one transaction.

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

from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tiex.accounts.permissions import require
from tiex.core.services import audit_record
from tiex.peer_challenges import stages, tasks_documents
from tiex.peer_challenges.models import (
    Challenge,
    ChallengeKind,
    Document,
    DocumentKind,
    SessionKind,
    Stage,
    StageStep,
    VisitSession,
)
from tiex.peer_challenges.permissions import PEER_CHALLENGE_COUNCIL_ACT, PEER_CHALLENGE_MANAGE

MAX_VISIT_DAYS = 10
MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_EXTENSIONS = frozenset({".pdf", ".doc", ".docx", ".odt", ".ppt", ".pptx", ".odp", ".xls", ".xlsx", ".ods", ".csv"})
# What the council's super-users may add; staff add any kind.
COUNCIL_DOCUMENT_KINDS = frozenset(
    {
        DocumentKind.POSITION_STATEMENT,
        DocumentKind.BACKGROUND,
        DocumentKind.REPORT,
        DocumentKind.ACTION_PLAN,
        DocumentKind.PROGRESS_REVIEW_REPORT,
    }
)


def _completed(challenge: Challenge) -> dict[str, date | None]:
    return dict(StageStep.objects.filter(challenge=challenge).values_list("stage", "completed_date"))


def _keep_stage(challenge: Challenge) -> None:
    """Challenge.stage: the first stage not yet completed (kept here, never in save())."""
    stage = stages.current_stage(_completed(challenge))
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
    if _completed(challenge).get(Stage.VISIT):
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


def _check_can_complete(challenge: Challenge, stage: str, completed_on: date, today: date) -> None:
    completed = _completed(challenge)
    if completed_on > today:
        raise ValidationError({"completed_date": "The date it was completed must be today or in the past"})
    waiting = stages.incomplete_before(stage, completed)
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
        _check_can_complete(challenge, stage, completed_date, today)
    if completed_date is None and was_completed is not None:
        later = [
            s
            for s, done in _completed(challenge).items()
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
    _keep_stage(challenge)
    audit_record(
        actor=actor,
        action="peer_challenges.stage.save",
        obj=step,
        before=before,
        after={"owner": step.owner, "planned_date": planned_date, "note": step.note, "completed_date": completed_date},
    )
    return step


def _check_file(file: UploadedFile) -> None:
    extension = PurePath(file.name or "").suffix.lower()
    if extension not in FILE_EXTENSIONS:
        raise ValidationError({"file": "The file must be a PDF, a document, a presentation or a spreadsheet"})
    if file.size and file.size > MAX_FILE_BYTES:
        raise ValidationError({"file": f"The file must be smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB"})


def may_add(actor: Any, challenge: Challenge, kind: str) -> bool:
    from tiex.accounts.permissions import can

    if can(actor, PEER_CHALLENGE_MANAGE):
        return True
    return kind in COUNCIL_DOCUMENT_KINDS and can(actor, PEER_CHALLENGE_COUNCIL_ACT, challenge)


@transaction.atomic
def document_add(
    *,
    actor: Any,
    challenge: Challenge,
    kind: str,
    title: str,
    file: UploadedFile | None = None,
    url: str = "",
    summary: str = "",
) -> Document:
    """Add a file or a link (private until the council publishes it)."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Choose what kind of document it is"})
    if not may_add(actor, challenge, kind):
        raise PermissionDenied("Only staff or the council's super-users add this kind of document.")
    title, url = (title or "").strip(), (url or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the document's title"})
    if bool(file) == bool(url):
        raise ValidationError("Upload a file or give a link, not both" if file else "Upload a file or give a link")
    if file:
        _check_file(file)
    document = Document(
        challenge=challenge, kind=kind, title=title[:300], url=url, summary=summary.strip(), added_by=actor
    )
    if file:
        document.file.save(PurePath(file.name or "document").name, file, save=False)
    document.save()
    audit_record(
        actor=actor,
        action="peer_challenges.document.add",
        obj=document,
        after={
            "challenge": challenge.pk,
            "kind": kind,
            "title": document.title,
            "link": url,
            "file": document.file.name,
        },
    )
    return document


@transaction.atomic
def document_publish(
    *,
    actor: Any,
    challenge: Challenge,
    kind: str,
    document: Document | None,
    published_on: date | None = None,
) -> Document:
    """The council publishes its report, action plan or progress review report: the document
    becomes public and the stage it completes is completed on that day."""
    require(actor, PEER_CHALLENGE_COUNCIL_ACT, challenge)
    if kind not in stages.PUBLISHED_BY:
        raise ValidationError("Only the report, the action plan and the progress review report are published")
    name = DocumentKind(kind).label.lower()
    if document is None:
        raise ValidationError(f"Add the {name} before publishing it")
    if document.challenge_id != challenge.pk or document.kind != kind:
        raise ValidationError(f"Choose the {name} to publish")
    if document.published_at is not None:
        raise ValidationError("This document is already published")
    today = timezone.localdate()
    published_on = published_on or today
    stage = stages.PUBLISHED_BY[kind]
    _check_can_complete(challenge, stage, published_on, today)
    document.published_at = timezone.make_aware(datetime.combine(published_on, time(12)))
    document.save(update_fields=["published_at", "updated_at"])
    step, _ = StageStep.objects.get_or_create(challenge=challenge, stage=stage, defaults={"owner": "The council"})
    step.completed_date = published_on
    step.note = step.note or f"Published: {document.title}"
    step.save(update_fields=["completed_date", "note", "updated_at"])
    _keep_stage(challenge)
    audit_record(
        actor=actor,
        action="peer_challenges.document.publish",
        obj=document,
        after={"challenge": challenge.pk, "kind": kind, "published_on": published_on},
    )
    # Public now: listed in the Exchange's "Peer challenge reports" collection, in the background.
    pk = document.pk
    transaction.on_commit(lambda: tasks_documents.list_in_exchange.enqueue(pk))
    return document


@transaction.atomic
def self_assessment_attach(*, actor: Any, challenge: Challenge, assessment: Any | None) -> Challenge:
    """The council's super-user shares its latest published self-assessment with the team (or stops sharing)."""
    require(actor, PEER_CHALLENGE_COUNCIL_ACT, challenge)
    if assessment is not None and (assessment.council_id != challenge.council_id or assessment.published_at is None):
        raise ValidationError({"assessment": "Choose one of the council's published self-assessments"})
    before = {"self_assessment": challenge.self_assessment_id}
    challenge.self_assessment = assessment
    challenge.save(update_fields=["self_assessment", "updated_at"])
    audit_record(
        actor=actor,
        action="peer_challenges.self_assessment.attach",
        obj=challenge,
        before=before,
        after={"self_assessment": assessment.pk if assessment else None},
    )
    return challenge


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
