"""Staff-admin pages for editors: import resources from CSV (with a dry run) and export them all."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from tiex.accounts.permissions import can
from tiex.core.csv import csv_response
from tiex.core.importing import ImportFailed
from tiex.library import exporters, resource_csv, selectors
from tiex.library.permissions import RESOURCE_IMPORT

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="Columns as in the export; see docs/library.md.")
    dry_run = forms.BooleanField(
        label="Dry run: check the file and count the changes, but save nothing", required=False, initial=True
    )


@require_http_methods(["GET", "HEAD", "POST"])
def import_resources(request: HttpRequest) -> HttpResponse:
    if not can(request.user, RESOURCE_IMPORT):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", "The file is larger than 5 MB; import it in parts.")
        else:
            with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
                handle.flush()
                try:
                    report = resource_csv.import_resources(
                        Path(handle.name), actor=request.user, dry_run=form.cleaned_data["dry_run"]
                    )
                except ImportFailed as exc:
                    errors = [str(error).replace(Path(handle.name).name, upload.name) for error in exc.errors]
    return render(request, "library/admin/import.html", {"form": form, "report": report, "errors": errors})


@require_safe
def export_resources(request: HttpRequest) -> HttpResponse:
    if not can(request.user, RESOURCE_IMPORT):
        raise PermissionDenied
    rows = (exporters.resource_row(page, request) for page in selectors.resources_for_export(include_drafts=True))
    return csv_response("exchange-resources.csv", exporters.DOWNLOAD_COLUMNS, rows)
