"""The association's take-up view of a framework (adapters only): staff see who started, completed and published.

For association editors and admins (``assessment.take_up``); everyone else is refused (403),
and nothing here is public. The page and the CSV go through the same selector
(``takeup.take_up``), so they always agree.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tiex.accounts.permissions import require
from tiex.assessments import selectors, takeup
from tiex.assessments.models import Framework
from tiex.assessments.permissions import ASSESSMENT_TAKE_UP
from tiex.core.csv import csv_response


def _framework_for_staff(request: HttpRequest, slug: str) -> Framework:
    require(request.user, ASSESSMENT_TAKE_UP)
    found = selectors.framework_get(slug=slug)
    if found is None:
        raise Http404("No framework with that name")
    return found


@login_required
@require_safe
def take_up(request: HttpRequest, slug: str) -> HttpResponse:
    framework = _framework_for_staff(request, slug)
    return render(
        request, "assessments/take_up.html", {"framework": framework, "take_up": takeup.take_up(framework=framework)}
    )


@login_required
@require_safe
def take_up_csv(request: HttpRequest, slug: str) -> HttpResponseBase:
    framework = _framework_for_staff(request, slug)
    result = takeup.take_up(framework=framework)
    return csv_response(f"{framework.slug}-take-up.csv", takeup.CSV_HEADER, takeup.csv_rows(result))
