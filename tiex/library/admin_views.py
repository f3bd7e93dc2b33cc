"""Staff-admin pages for editors: import resources from CSV (with a dry run) and export them all.

An import runs as a background task (tiex.library.tasks): the form saves the file as an
ImportJob, enqueues the task and sends the editor to the job's status page, which
refreshes itself (no JavaScript) until the job has finished, then shows the outcome.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from tiex.accounts.permissions import can
from tiex.core import services as core_services
from tiex.core.csv import csv_response
from tiex.core.models import ImportJob
from tiex.library import exporters, selectors, tasks
from tiex.library.permissions import RESOURCE_IMPORT

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
REFRESH_SECONDS = 3
# A job still waiting after this long probably has no worker to run it.
WORKER_HINT_AFTER = datetime.timedelta(seconds=30)


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="Columns as in the export; see docs/library.md.")
    dry_run = forms.BooleanField(
        label="Dry run: check the file and count the changes, but save nothing", required=False, initial=True
    )


def _require_import(request: HttpRequest) -> None:
    if not can(request.user, RESOURCE_IMPORT):
        raise PermissionDenied


@require_http_methods(["GET", "HEAD", "POST"])
def import_resources(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", "The file is larger than 5 MB; import it in parts.")
        else:
            try:
                content = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                form.add_error("file", "The file is not UTF-8 text; save it from your spreadsheet as 'CSV UTF-8'.")
            else:
                job = core_services.import_job_create(
                    kind="resources",
                    file_name=upload.name or "upload.csv",
                    content=content,
                    dry_run=form.cleaned_data["dry_run"],
                    requested_by=request.user,
                )
                result = tasks.import_resources_job.enqueue(job.pk)
                core_services.import_job_set_task(job=job, task_id=str(result.id))
                return redirect("library_import_job", job_id=job.pk)
    recent = ImportJob.objects.filter(kind="resources").select_related("requested_by")[:10]
    return render(request, "library/admin/import.html", {"form": form, "recent": recent})


@require_safe
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    _require_import(request)
    job = get_object_or_404(ImportJob.objects.select_related("requested_by"), pk=job_id, kind="resources")
    waiting_long = job.status == ImportJob.Status.QUEUED and timezone.now() - job.created_at > WORKER_HINT_AFTER
    context = {
        "job": job,
        "refresh": None if job.finished else REFRESH_SECONDS,
        "waiting_long": waiting_long,
        "percent": round(100 * job.rows_done / job.rows_total) if job.rows_total else None,
        "checked_all": bool(job.rows_total) and job.rows_done >= (job.rows_total or 0),
        "import_url": reverse("library_import"),
    }
    return render(request, "library/admin/import_job.html", context)


@require_safe
def export_resources(request: HttpRequest) -> HttpResponseBase:
    _require_import(request)
    rows = (exporters.resource_row(page, request) for page in selectors.resources_for_export(include_drafts=True))
    return csv_response("exchange-resources.csv", exporters.DOWNLOAD_COLUMNS, rows)
