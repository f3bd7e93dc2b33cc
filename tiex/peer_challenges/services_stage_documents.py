"""Writes of a challenge's documents: staff and the council's super-users add them (a file or a
link), the council publishes its report, action plan and progress review report (which
completes that stage and lists the document in the Exchange), and shares its self-assessment
with the team. Each is audited, inside one transaction.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from tiex.accounts.permissions import can, require
from tiex.core.services import audit_record
from tiex.peer_challenges import stages, tasks_documents
from tiex.peer_challenges.models import Challenge, Document, DocumentKind, StageStep
from tiex.peer_challenges.permissions import PEER_CHALLENGE_COUNCIL_ACT, PEER_CHALLENGE_MANAGE
from tiex.peer_challenges.services_stages import check_can_complete, completed_dates, keep_stage

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


def _check_file(file: UploadedFile) -> None:
    extension = PurePath(file.name or "").suffix.lower()
    if extension not in FILE_EXTENSIONS:
        raise ValidationError({"file": "The file must be a PDF, a document, a presentation or a spreadsheet"})
    if file.size and file.size > MAX_FILE_BYTES:
        raise ValidationError({"file": f"The file must be smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB"})


def may_add(actor: Any, challenge: Challenge, kind: str) -> bool:
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


def may_change(actor: Any, document: Document) -> bool:
    """Who may remove or replace a document: while it is unpublished, staff, or the council's
    super-users for the kinds they add."""
    return document.published_at is None and may_add(actor, document.challenge, document.kind)


def _check_changeable(actor: Any, document: Document) -> None:
    if document.published_at is not None:
        raise ValidationError("This document is published, so it can no longer be removed or replaced")
    if not may_add(actor, document.challenge, document.kind):
        raise PermissionDenied("Only staff or the council's super-users change this kind of document.")


@transaction.atomic
def document_replace(
    *,
    actor: Any,
    document: Document,
    title: str,
    file: UploadedFile | None = None,
    url: str = "",
    summary: str = "",
) -> Document:
    """Replace an unpublished document's file or link (and its title and summary); the old file is
    deleted once the change is committed."""
    document = Document.objects.select_for_update().select_related("challenge").get(pk=document.pk)
    _check_changeable(actor, document)
    title, url = (title or "").strip(), (url or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the document's title"})
    if bool(file) == bool(url):
        raise ValidationError("Upload a file or give a link, not both" if file else "Upload a file or give a link")
    if file:
        _check_file(file)
    before = {"title": document.title, "link": document.url, "file": document.file.name}
    old_file = document.file.name
    document.title, document.url, document.summary = title[:300], url, summary.strip()
    if file:
        document.file.save(PurePath(file.name or "document").name, file, save=False)
    else:
        document.file.name = ""
    document.save()
    if old_file and old_file != document.file.name:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    audit_record(
        actor=actor,
        action="peer_challenges.document.replace",
        obj=document,
        before=before,
        after={"title": document.title, "link": url, "file": document.file.name},
    )
    return document


@transaction.atomic
def document_remove(*, actor: Any, document: Document) -> None:
    """Remove an unpublished document (its file is deleted once the removal is committed)."""
    document = Document.objects.select_for_update().select_related("challenge").get(pk=document.pk)
    _check_changeable(actor, document)
    completed = completed_dates(document.challenge)
    for stage, kinds in stages.NEEDS_DOCUMENT.items():
        if document.kind in kinds and completed.get(stage):
            others = Document.objects.filter(challenge_id=document.challenge_id, kind__in=kinds).exclude(pk=document.pk)
            if not others.exists():
                raise ValidationError(
                    f"{stages.label(stage)} is complete with this document: replace it instead of removing it"
                )
    audit_record(
        actor=actor,
        action="peer_challenges.document.remove",
        obj=document,
        before={
            "challenge": document.challenge_id,
            "kind": document.kind,
            "title": document.title,
            "link": document.url,
            "file": document.file.name,
        },
    )
    old_file, storage = document.file.name, document.file.storage
    document.delete()
    if old_file:
        transaction.on_commit(lambda: storage.delete(old_file))


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
    check_can_complete(challenge, stage, published_on, today)
    document.published_at = timezone.make_aware(datetime.combine(published_on, time(12)))
    document.save(update_fields=["published_at", "updated_at"])
    step, _ = StageStep.objects.get_or_create(challenge=challenge, stage=stage, defaults={"owner": "The council"})
    step.completed_date = published_on
    step.note = step.note or f"Published: {document.title}"
    step.save(update_fields=["completed_date", "note", "updated_at"])
    keep_stage(challenge)
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
