"""Staff-admin download of every partnership as CSV, in the columns `tiex import partnerships` reads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from tiex.core.csv import csv_response
from tiex.partnerships import exporters

EXPORT_PERMISSION = "partnerships.change_partnership"


@require_safe
def export_partnerships(request: HttpRequest) -> HttpResponseBase:
    """Those who may edit partnerships (association editors and admins) download them all, demo ones included."""
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    return csv_response("shared-services-partnerships.csv", exporters.COLUMNS, exporters.export_rows())
