"""Writes for cross-cutting records: dataset imports and the audit log."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from tiex.core.models import AuditEvent, Dataset, ImportJob

if TYPE_CHECKING:
    from tiex.core.datasets import DatasetSpec


def dataset_record_import(
    *, spec: DatasetSpec, source: str, row_count: int, report: dict[str, Any] | None = None
) -> Dataset:
    """Record a successful import of a dataset, refreshing its metadata from the manifest.

    ``report`` is what became of the rows (``ImportReport.as_record()``: rows, created,
    updated, unchanged, skipped, notes); it replaces the previous import's. Call this in
    the import's own transaction, so a failed or dry-run import leaves the previous
    record in place.
    """
    with transaction.atomic():
        dataset, _ = Dataset.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "title": spec.title,
                "description": spec.description,
                "publisher": spec.publisher,
                "source_url": spec.source_url,
                "homepage_url": spec.homepage_url,
                "licence": spec.licence,
                "licence_url": spec.licence_url,
                "attribution": spec.attribution,
                "last_imported_at": timezone.now(),
                "last_imported_from": source,
                "last_row_count": row_count,
                "last_report": _json_safe(report),
            },
        )
    return dataset


def _json_safe(value: Any) -> Any:
    """Dates, decimals and UUIDs become strings, so any value can be stored as JSON."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "system" if actor is None else "anonymous"
    return actor.pk, getattr(actor, "email", "") or str(actor)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip_address: str | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event to the audit log. Call it inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    actor_id, label = _actor_fields(actor)
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor_id=actor_id,
        actor_label=actor_label or label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        before=_json_safe(before),
        after=_json_safe(after),
        ip_address=ip_address,
    )


# --- Import jobs (imports run as background tasks) --------------------------------------


def import_job_create(*, kind: str, file_name: str, content: str, dry_run: bool, requested_by: Any) -> ImportJob:
    return ImportJob.objects.create(
        kind=kind,
        file_name=file_name[:255],
        content=content,
        dry_run=dry_run,
        requested_by=requested_by if getattr(requested_by, "is_authenticated", False) else None,
    )


def import_job_set_task(*, job: ImportJob, task_id: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(task_id=task_id[:64])


def import_job_start(*, job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, started_at=timezone.now())


def import_job_progress(*, job: ImportJob, done: int, total: int | None) -> None:
    """Rows checked so far: one small write, outside the import (callers throttle it)."""
    ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)


def import_job_finish(
    *, job: ImportJob, summary: str, report: dict[str, Any] | None = None, errors: list[str] | None = None
) -> None:
    """The outcome: the report when it succeeded, the row errors when it failed; the file is let go."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED if errors else ImportJob.Status.SUCCEEDED,
        summary=summary,
        report=report,
        errors=errors or [],
        content="",
        finished_at=timezone.now(),
    )
