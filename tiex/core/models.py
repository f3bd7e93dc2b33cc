from typing import Any

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Dataset(models.Model):
    """An open dataset tiex imports, with where it comes from and how it may be used.

    Rows are created from the manifest (tiex/core/datasets.toml) the first time a
    dataset is imported; the import fields record the latest successful import.
    """

    slug = models.SlugField(primary_key=True, max_length=64)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=500, help_text="Official download address")
    homepage_url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=100)
    licence_url = models.URLField(max_length=500, blank=True)
    attribution = models.TextField()
    last_imported_at = models.DateTimeField(null=True, blank=True)
    last_imported_from = models.CharField(max_length=1000, blank=True)
    last_row_count = models.PositiveIntegerField(null=True, blank=True)
    last_report = models.JSONField(
        null=True,
        blank=True,
        help_text="The latest import's report: rows, created, updated, unchanged, skipped, notes",
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogIsAppendOnly("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One state-changing action: who did what to which object, when, and the values before and after.

    Append-only: rows are never updated or deleted (the model refuses, and database
    triggers created in the migration refuse too).
    """

    occurred_at = models.DateTimeField(db_index=True, help_text="UTC")
    # A plain id, not a foreign key: deleting a user must not rewrite the log.
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=254, help_text="Who, as they were known at the time")
    action = models.CharField(max_length=64, db_index=True, help_text="e.g. auth.sign_in, dataset.import")
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.object_repr}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")


class AuditLogIsAppendOnly(Exception):
    pass


class ImportJob(models.Model):
    """An import asked for in the admin and run as a background task (tiex worker).

    The file travels in ``content`` (cleared when the job ends); the status page reads
    ``status``, the rows checked so far and, at the end, the report or the row errors.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed: nothing was changed"

    kind = models.CharField(max_length=32, help_text="What is imported, e.g. resources")
    file_name = models.CharField(max_length=255)
    content = models.TextField(blank=True, help_text="The uploaded file; emptied when the job ends")
    dry_run = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    summary = models.TextField(blank=True)
    report = models.JSONField(null=True, blank=True, help_text="ImportReport.as_record() when it succeeded")
    errors = models.JSONField(default=list, blank=True, help_text="Row errors (text) when it failed")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} from {self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


class SiteState(models.Model):
    """One row whose ``generation`` moves after every committed write to the site's content.

    tiex.core.site_state bumps it (after commit, once per transaction) on any save or delete
    of a model whose data a page may show; cached pages and answers are kept under a token
    that includes it (tiex.core.response_cache), so a write makes them unreachable.
    """

    generation = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "site state"

    def __str__(self) -> str:
        return f"generation {self.generation}"
