"""Background tasks of the Exchange: an editors' CSV import asked for in the admin.

The admin view saves the file in an ``ImportJob`` and enqueues ``import_resources_job``
on the "background" backend (settings.TASKS: a queue in the database that `tiex worker`
works through). The task runs the same import as `tiex import resources`, records how
many rows it has checked as it goes (at most about once a second), and at the end the
report or the row errors, which the admin's status page shows.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path
from typing import Any

from django_tasks import task

from tiex.core import services as core_services
from tiex.core.importing import ImportFailed
from tiex.core.models import ImportJob
from tiex.library import resource_csv

PROGRESS_EVERY_SECONDS = 1.0
ERRORS_KEPT = 500


class ProgressRecorder:
    """Writes the rows checked so far on the job, at most once a PROGRESS_EVERY_SECONDS (and the last)."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.last = 0.0

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_SECONDS and done != total:
            return
        self.last = now
        core_services.import_job_progress(job=self.job, done=done, total=total)


def safe_file_name(name: str) -> str:
    """The upload's own name (errors name it), reduced to what a file system takes."""
    cleaned = re.sub(r"[^\w.\- ]", "_", Path(name).name).strip(" .")[:100]
    return cleaned or "upload.csv"


@task(backend="background")
def import_resources_job(job_id: int) -> dict[str, Any]:
    """Run an ImportJob of Exchange resources; returns the figures (also kept on the job)."""
    job = ImportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.finished:
        return {"status": job.status}
    core_services.import_job_start(job=job)
    with tempfile.TemporaryDirectory(prefix="tiex-import-") as folder:
        path = Path(folder) / safe_file_name(job.file_name)
        path.write_text(job.content, encoding="utf-8")
        try:
            report = resource_csv.import_resources(
                path, actor=job.requested_by, dry_run=job.dry_run, progress=ProgressRecorder(job)
            )
        except ImportFailed as exc:
            errors = [str(error) for error in exc.errors[:ERRORS_KEPT]]
            if len(exc.errors) > ERRORS_KEPT:
                errors.append(f"... and {len(exc.errors) - ERRORS_KEPT} more.")
            core_services.import_job_finish(job=job, summary=f"{len(exc.errors)} problem(s) found.", errors=errors)
            return {"status": ImportJob.Status.FAILED, "errors": len(exc.errors)}
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            core_services.import_job_finish(job=job, summary="The file could not be read.", errors=[str(exc)])
            return {"status": ImportJob.Status.FAILED, "errors": 1}
        except BaseException:
            core_services.import_job_finish(
                job=job, summary="The import stopped with an unexpected error.", errors=["Nothing was changed."]
            )
            raise
    report.source = job.file_name
    core_services.import_job_finish(job=job, summary=report.summary(), report=report.as_record())
    return {"status": ImportJob.Status.SUCCEEDED, **report.as_record()}
