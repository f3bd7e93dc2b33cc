"""Staff pages for the targets: grant years, deliverables, quarterly updates and closing a quarter.
Adapters only: services.py writes, selectors.py reads. Everyone else gets 403 (anonymous: sign in)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tiex.board import rag, selectors, services
from tiex.board.forms import DeliverableForm, GrantYearForm, UpdateForm
from tiex.board.models import Deliverable, GrantYear

GET_POST = ["GET", "HEAD", "POST"]


def _staff(request: HttpRequest) -> None:
    if not selectors.may_manage(request.user):
        raise PermissionDenied("Only association staff keep the board's targets.")


def _year(year: int) -> GrantYear:
    found = GrantYear.objects.filter(year=year).first()
    if found is None:
        raise Http404("No grant year for that year")
    return found


def _deliverable(grant_year: GrantYear, number: int) -> Deliverable:
    found = selectors.deliverable_get(grant_year, number)
    if found is None:
        raise Http404("No such deliverable")
    return found


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, [e.message % (e.params or {}) for e in errors])
    else:
        form.add_error(None, error.messages)


def _refuse(form: Any, message: str) -> None:
    """A form-wide error, also on a form not posted (a page that cannot be used as things stand)."""
    form.full_clean()
    if not hasattr(form, "cleaned_data"):  # not posted: Django cleans nothing, so there is nowhere to add it
        form.cleaned_data = {}
    form.add_error(None, message)


def _to_year(grant_year: GrantYear, anchor: str = "") -> HttpResponseRedirect:
    url = reverse("board:performance") + f"?year={grant_year.year}" + (f"#{anchor}" if anchor else "")
    return HttpResponseRedirect(url)


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(GET_POST)
def grant_year_create(request: HttpRequest) -> HttpResponse:
    return _grant_year_form(request, None)


@login_required
@require_http_methods(GET_POST)
def grant_year_edit(request: HttpRequest, year: int) -> HttpResponse:
    _staff(request)
    return _grant_year_form(request, _year(year))


def _grant_year_form(request: HttpRequest, grant_year: GrantYear | None) -> HttpResponse:
    _staff(request)
    initial = {name: getattr(grant_year, name) for name in services.GRANT_YEAR_FIELDS} if grant_year else {}
    form = GrantYearForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["amount_gbp"] = data["amount_gbp"]
        try:
            saved = services.grant_year_save(actor=request.user, grant_year=grant_year, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The grant year {saved.label} is saved.")
            return _to_year(saved)
    status = 400 if form.is_bound else 200
    return render(request, "board/grant_year_form.html", {"form": form, "grant_year": grant_year}, status=status)


@login_required
@require_http_methods(GET_POST)
def deliverable_create(request: HttpRequest, year: int) -> HttpResponse:
    _staff(request)
    return _deliverable_form(request, _year(year), None)


@login_required
@require_http_methods(GET_POST)
def deliverable_edit(request: HttpRequest, year: int, number: int) -> HttpResponse:
    _staff(request)
    grant_year = _year(year)
    return _deliverable_form(request, grant_year, _deliverable(grant_year, number))


def _deliverable_form(request: HttpRequest, grant_year: GrantYear, deliverable: Deliverable | None) -> HttpResponse:
    if deliverable:
        initial = {name: getattr(deliverable, name) for name in services.DELIVERABLE_FIELDS}
    else:
        initial = {
            "number": (grant_year.deliverables.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        }
    form = DeliverableForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.deliverable_save(
                actor=request.user, grant_year=grant_year, deliverable=deliverable, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Deliverable {saved.number} is saved.")
            return redirect("board:deliverable", year=grant_year.year, number=saved.number)
    status = 400 if form.is_bound else 200
    context = {"form": form, "grant_year": grant_year, "deliverable": deliverable}
    return render(request, "board/deliverable_form.html", context, status=status)


@login_required
@require_http_methods(GET_POST)
def update_record(request: HttpRequest, year: int, number: int, quarter: int) -> HttpResponse:
    _staff(request)
    grant_year = _year(year)
    deliverable = _deliverable(grant_year, number)
    if quarter not in rag.QUARTERS:
        raise Http404("A quarter is 1 to 4")
    period = rag.quarter_of(grant_year.period_start, quarter)
    update = selectors.update_get(deliverable, quarter)
    initial = (
        {"status": update.status, "commentary": update.commentary, "evidence_links": "\n".join(update.evidence_links)}
        if update
        else {}
    )
    form = UpdateForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.quarterly_update_record(
                actor=request.user,
                deliverable=deliverable,
                quarter=quarter,
                status=form.cleaned_data["status"],
                commentary=form.cleaned_data["commentary"],
                evidence_links=form.links(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The {period.label} update of deliverable {deliverable.number} is saved.")
            return redirect("board:deliverable", year=grant_year.year, number=deliverable.number)
    status = 400 if form.is_bound else 200
    context = {
        "form": form,
        "grant_year": grant_year,
        "deliverable": deliverable,
        "period": period,
        "update": update,
        "row": selectors.deliverable_row(deliverable) if deliverable.is_computed else None,
    }
    return render(request, "board/update_form.html", context, status=status)


@login_required
@require_POST
def quarter_close(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    _staff(request)
    grant_year = _year(year)
    try:
        recorded = services.quarter_close(actor=request.user, grant_year=grant_year, quarter=quarter)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Q{quarter} is closed: {recorded} computed values recorded.")
    return _to_year(grant_year, "quarters")
