"""Pages for keeping the map current: refresh rounds (staff), councils' returns (super-users)
and the data quality view (staff). Adapters only: forms in, services and selectors, templates out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tiex.accounts.permissions import can
from tiex.accounts.selectors import roles_of
from tiex.core.csv import csv_response
from tiex.core.links import absolute_url
from tiex.partnerships import selectors_refresh as selectors
from tiex.partnerships import services
from tiex.partnerships.forms_refresh import AddPartnershipForm, DecisionForm, OpenRoundForm
from tiex.partnerships.models import CouncilReturn, RefreshRound, ReturnStatus
from tiex.partnerships.permissions import PARTNERSHIP_CURATE, PARTNERSHIP_RETURN

QUALITY_SHOWN = 50  # rows of each list on the page; the CSV has them all


def _require_staff(request: HttpRequest) -> None:
    if not can(request.user, PARTNERSHIP_CURATE):
        raise PermissionDenied("Only association staff look after refresh rounds and data quality.")


def _round_or_404(financial_year: int) -> RefreshRound:
    refresh_round = selectors.round_get(financial_year)
    if refresh_round is None:
        raise Http404("No refresh round for that year")
    return refresh_round


def _return_for(request: HttpRequest, pk: int) -> CouncilReturn:
    """The return, for its council's super-users (and admins); its members get 403, everyone else 404."""
    council_return = selectors.return_get(pk)
    if council_return is None:
        raise Http404("No return with that number")
    if not can(request.user, PARTNERSHIP_RETURN, council_return):
        if roles_of(request.user).council_role(council_return.council_id) is not None:
            raise PermissionDenied("Only the council's super-users complete its return.")
        raise Http404("No return with that number")
    return council_return


# --- Staff: rounds ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rounds(request: HttpRequest) -> HttpResponse:
    """Every round, and the form to open the next one."""
    _require_staff(request)
    open_round = selectors.round_open_now()
    form = OpenRoundForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                refresh_round = services.round_open(
                    actor=request.user,
                    financial_year=form.cleaned_data["financial_year"],
                    closes_on=form.cleaned_data["closes_on"],
                )
            except ValidationError as exc:
                _errors_onto(form, exc)
            else:
                messages.success(
                    request,
                    f"The {refresh_round} round is open: {refresh_round.returns.count()} councils have a return, "
                    "and their super-users are being e-mailed a link to it.",
                )
                return redirect("partnerships:refresh_round", financial_year=refresh_round.financial_year)
        status = 400
    context = {"rounds": selectors.round_list(), "open_round": open_round, "form": form}
    return render(request, "partnerships/refresh_rounds.html", context, status=status)


def _errors_onto(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_safe
def round_detail(request: HttpRequest, financial_year: int) -> HttpResponse:
    """Returns by region, and the councils still to send theirs."""
    _require_staff(request)
    refresh_round = _round_or_404(financial_year)
    regions = selectors.returns_by_region(refresh_round)
    totals = {
        "submitted": sum(r.submitted for r in regions),
        "in_progress": sum(r.in_progress for r in regions),
        "not_started": sum(r.not_started for r in regions),
    }
    context = {
        "round": refresh_round,
        "regions": regions,
        "totals": totals,
        "missing": list(selectors.returns_missing(refresh_round)),
    }
    return render(request, "partnerships/refresh_round.html", context)


@login_required
@require_safe
def round_missing_csv(request: HttpRequest, financial_year: int) -> HttpResponseBase:
    _require_staff(request)
    refresh_round = _round_or_404(financial_year)
    rows = (
        (
            r.council.code,
            r.council.name,
            r.council.region,
            r.get_status_display(),
            r.last_reminded_at.isoformat() if r.last_reminded_at else "",
        )
        for r in selectors.returns_missing(refresh_round)
    )
    return csv_response(
        f"shared-services-returns-missing-{financial_year}.csv",
        ["gss_code", "council", "region", "status", "last_reminded_at"],
        rows,
    )


@login_required
@require_POST
def round_chase(request: HttpRequest, financial_year: int) -> HttpResponse:
    _require_staff(request)
    refresh_round = _round_or_404(financial_year)
    try:
        count = services.round_chase(actor=request.user, refresh_round=refresh_round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        councils = "1 council" if count == 1 else f"{count} councils"
        messages.success(request, f"Reminders are being sent to the super-users of {councils}.")
    return redirect("partnerships:refresh_round", financial_year=financial_year)


@login_required
@require_POST
def round_close(request: HttpRequest, financial_year: int) -> HttpResponse:
    _require_staff(request)
    refresh_round = _round_or_404(financial_year)
    try:
        services.round_close(actor=request.user, refresh_round=refresh_round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The {refresh_round} round is closed.")
    return redirect("partnerships:refresh_round", financial_year=financial_year)


# --- A council's return -------------------------------------------------------------------------


def _decision_forms(council_return: CouncilReturn, items: list[Any], data: Any = None) -> list[DecisionForm]:
    year = council_return.round.financial_year
    forms = []
    for item in items:
        initial: dict[str, Any] = {}
        shown = item.shown_row
        if shown is not None:
            initial = {"amount_gbp": f"{shown.amount_gbp:,}", "status": shown.status, "evidence": shown.evidence}
        if item.partnership.no_savings_reason:
            initial["reason"] = item.partnership.no_savings_reason
        if item.confirmation is not None:
            initial["action"] = {
                "confirmed": services.Action.CONFIRM,
                "updated": services.Action.UPDATE,
                "ended": services.Action.ENDED,
            }.get(item.confirmation.outcome, "")
            if item.partnership.end_year:
                initial["end_year"] = item.partnership.end_year
        forms.append(
            DecisionForm(
                data, prefix=f"p{item.partnership.pk}", partnership_id=item.partnership.pk, year=year, initial=initial
            )
        )
    return forms


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The council's pre-filled return: one fieldset per partnership, saved or submitted in one go."""
    council_return = _return_for(request, pk)
    items = selectors.return_items(council_return)
    forms = _decision_forms(council_return, items, request.POST if request.method == "POST" else None)
    general_errors: list[str] = []
    status = 200
    if request.method == "POST":
        if not council_return.round.is_open:
            general_errors.append("This round has closed: the return can no longer be changed.")
        elif all(form.is_valid() for form in forms):
            decisions = [decision for form in forms if (decision := form.decision()) is not None]
            submit = "submit" in request.POST
            try:
                services.return_save(
                    actor=request.user, council_return=council_return, decisions=decisions, submit=submit
                )
            except ValidationError as exc:
                general_errors.extend(_attach(exc, forms))
            else:
                if submit:
                    messages.success(request, f"Thank you: {council_return.council.name}'s return is submitted.")
                else:
                    messages.success(request, "Your answers are saved. You can come back to finish the return.")
                return redirect("partnerships:refresh_return", pk=pk)
        status = 400
    context = {
        "council_return": council_return,
        "round": council_return.round,
        "rows": list(zip(items, forms, strict=True)),
        "general_errors": general_errors,
        "has_errors": bool(general_errors) or any(form.errors for form in forms),
        "answered": sum(1 for item in items if item.confirmation is not None),
        "return_statuses": ReturnStatus,
    }
    return render(request, "partnerships/refresh_return.html", context, status=status)


def _attach(exc: ValidationError, forms: Iterable[DecisionForm]) -> list[str]:
    """Put the service's ``p<id>`` errors on the partnership's form; return the rest."""
    by_prefix = {form.prefix: form for form in forms}
    rest: list[str] = []
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    for name, errors in exc.message_dict.items():
        form = by_prefix.get(name)
        if form is not None:
            form.add_error("action", errors)
        else:
            rest.extend(errors)
    return rest


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def return_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a new partnership to the council's return."""
    council_return = _return_for(request, pk)
    form = AddPartnershipForm(
        request.POST or None,
        year=council_return.round.financial_year,
        councils=selectors.council_choices(exclude_id=council_return.council_id),
        categories=selectors.category_choices(),
    )
    status = 200
    if request.method == "POST":
        if not council_return.round.is_open:
            form.add_error(None, "This round has closed: the return can no longer be changed.")
        elif form.is_valid():
            try:
                partnership = services.return_add_partnership(
                    actor=request.user, council_return=council_return, data=form.new_partnership()
                )
            except ValidationError as exc:
                _errors_onto(form, exc)
            else:
                messages.success(request, f"{partnership.name} is added to the return.")
                return redirect(reverse("partnerships:refresh_return", args=[pk]) + f"#p{partnership.pk}")
        status = 400
    context = {"council_return": council_return, "round": council_return.round, "form": form}
    return render(request, "partnerships/refresh_return_add.html", context, status=status)


# --- Staff: data quality -----------------------------------------------------------------------


QUALITY_LISTS: dict[str, tuple[str, Callable[[], Any]]] = {
    "no-savings": ("No savings and no reason", selectors.quality_no_savings_no_reason),
    "unconfirmed": ("Not confirmed in the latest round", selectors.quality_unconfirmed),
    "no-evidence": ("Savings without evidence", selectors.quality_savings_without_evidence),
}


@login_required
@require_safe
def quality(request: HttpRequest) -> HttpResponse:
    """What needs attention: counts and the first rows of each list, each list downloadable."""
    _require_staff(request)
    sections = []
    for slug, (title, selector) in QUALITY_LISTS.items():
        queryset = selector()
        sections.append(
            {"slug": slug, "title": title, "count": queryset.count(), "partnerships": list(queryset[:QUALITY_SHOWN])}
        )
    councils = selectors.quality_councils_without_partnership()
    context = {
        "sections": sections,
        "councils_count": councils.count(),
        "councils": list(councils[:QUALITY_SHOWN]),
        "shown": QUALITY_SHOWN,
        "latest_round": selectors.round_latest(),
    }
    return render(request, "partnerships/quality.html", context)


@login_required
@require_safe
def quality_csv(request: HttpRequest, which: str) -> HttpResponseBase:
    _require_staff(request)
    if which == "no-partnership":
        rows = (
            (c.code, c.name, c.get_type_display(), c.region) for c in selectors.quality_councils_without_partnership()
        )
        return csv_response(
            "shared-services-councils-without-partnership.csv", ["gss_code", "name", "type", "region"], rows
        )
    if which not in QUALITY_LISTS:
        raise Http404("No such list")
    _, selector = QUALITY_LISTS[which]
    partnership_rows = (
        (
            p.reference,
            p.name,
            p.get_kind_display(),
            p.get_status_display(),
            "; ".join(m.council.code for m in p.memberships.all()),
            "; ".join(m.council.name for m in p.memberships.all()),
            absolute_url(reverse("partnerships:detail", args=[p.pk]), request),
        )
        for p in selector()
    )
    return csv_response(
        f"shared-services-{which}.csv",
        ["reference", "name", "kind", "status", "council_gss_codes", "councils", "url"],
        partnership_rows,
    )
