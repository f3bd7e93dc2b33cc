"""The board's reports: the list, a report's page (also its print and A4 export), its figures as JSON,
and the staff's forms: draft a report, edit it, draft it again, publish it. Adapters only:
selectors_reports.py reads, services_reports.py writes.

Everyone sees published reports; staff and members of the board also see drafts (others get 404,
so a draft's number does not reveal that it exists). Only staff change anything.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tiex.board import report_text, selectors, selectors_reports, services_reports
from tiex.board.forms_reports import ReportEditForm, ReportRequestForm
from tiex.board.models import BoardReport
from tiex.board.views_staff import GET_POST, _add_errors, _data, _staff
from tiex.core.json_download import django_dumps, json_download
from tiex.peer_challenges import financial_years as fy

FIRST_YEAR = 2012


def _report_for(request: HttpRequest, pk: int) -> BoardReport:
    found = selectors_reports.report_get_for(request.user, pk)
    if found is None:
        raise Http404("No such report")
    return found


@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    context = {
        "reports": list(selectors_reports.reports_for(request.user)),
        "drafts": selectors.may_view_drafts(request.user),
        "may_manage": selectors.may_manage(request.user),
    }
    return render(request, "board/report_list.html", context)


@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    sections = [
        {"heading": section.get("heading", ""), "html": report_text.to_html(section.get("text", ""))}
        for section in report.sections
    ]
    context = {
        "report": report,
        "sections": sections,
        "figures": report.figures,
        "version": report.data_version,
        "may_manage": selectors.may_manage(request.user),
    }
    return render(request, "board/report_detail.html", context)


@require_safe
def report_figures(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The figures the report was drafted from, with the data version: enough to reproduce every figure."""
    report = _report_for(request, pk)
    body: dict[str, Any] = {
        "id": report.pk,
        "title": report.title,
        "kind": report.kind,
        "state": report.state,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "drafted_at": report.drafted_at.isoformat() if report.drafted_at else None,
        "published_at": report.published_at.isoformat() if report.published_at else None,
        "data_version": report.data_version,
        "figures": report.figures,
    }
    return json_download(body, "figures", encode=django_dumps)


# --- Staff -----------------------------------------------------------------------------------


def _years() -> list[tuple[int, str]]:
    latest = fy.financial_year(timezone.localdate())
    return [(year, fy.label(year)) for year in range(latest, FIRST_YEAR - 1, -1)]


@login_required
@require_http_methods(GET_POST)
def report_create(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = ReportRequestForm(_data(request), years=_years())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start = fy.year_start(data["year"])
        end = data["period_end"] or min(fy.year_end(data["year"]), timezone.localdate())
        try:
            report = services_reports.report_request(
                actor=request.user, kind=data["kind"], period_start=start, period_end=end, title=data["title"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The report is being drafted from the data as it stands now.")
            return redirect("board:report", pk=report.pk)
    context = {
        "form": form,
        "heading": "Draft a report",
        "intro": "tiex drafts the text from the figures for the period, each citing the page that shows it. "
        "You can then edit it and publish it.",
        "button": "Draft the report",
        "cancel": reverse("board:reports"),
    }
    return render(request, "board/form_page.html", context, status=400 if form.is_bound else 200)


def _staff_report(request: HttpRequest, pk: int) -> BoardReport:
    _staff(request)
    found = selectors_reports.report_get(pk)
    if found is None:
        raise Http404("No such report")
    return found


@login_required
@require_http_methods(GET_POST)
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _staff_report(request, pk)
    if report.is_published or report.is_drafting:
        messages.error(request, "This report cannot be edited now: it is published or being drafted.")
        return redirect("board:report", pk=report.pk)
    form = ReportEditForm(
        _data(request),
        count=len(report.sections),
        initial=ReportEditForm.initial_for(report.title, report.sections),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_reports.report_edit(
                actor=request.user, report=report, title=form.cleaned_data["title"], sections=form.sections()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The report is saved.")
            return redirect("board:report", pk=report.pk)
    context = {"form": form, "report": report}
    return render(request, "board/report_edit.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def report_redraft(request: HttpRequest, pk: int) -> HttpResponse:
    report = _staff_report(request, pk)
    try:
        services_reports.report_redraft(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The report is being drafted again from the data as it stands now.")
    return redirect("board:report", pk=report.pk)


@login_required
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _staff_report(request, pk)
    try:
        services_reports.report_publish(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The report is published.")
    return redirect("board:report", pk=report.pk)
