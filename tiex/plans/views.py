"""A council's action plan: the page, its CSV download, and changing an action. Adapters only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from tiex.accounts.selectors import organisation_get_by_slug
from tiex.core.csv import csv_response
from tiex.plans import exporters, selectors, services
from tiex.plans.forms import ActionForm


def _organisation_or_404(request: HttpRequest, slug: str) -> Any:
    organisation = organisation_get_by_slug(slug=slug)
    if organisation is None or not selectors.may_view(user=request.user, organisation=organisation):
        raise Http404("No action plan here")
    return organisation


@login_required
@require_safe
def detail(request: HttpRequest, organisation: str) -> HttpResponse:
    found = _organisation_or_404(request, organisation)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "organisation": found,
            "actions": selectors.action_list(organisation=found),
            "manage": selectors.may_manage(user=request.user, organisation=found),
        },
    )


@login_required
@require_safe
def detail_csv(request: HttpRequest, organisation: str) -> HttpResponseBase:
    found = _organisation_or_404(request, organisation)
    actions = selectors.action_list(organisation=found)
    return csv_response(f"action-plan-{found.slug}.csv", exporters.HEADER, exporters.action_rows(actions))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(pk=pk)
    if action is None or not selectors.may_view(user=request.user, organisation=action.plan.organisation):
        raise Http404("No action with that number")
    organisation = action.plan.organisation
    if not selectors.may_manage(user=request.user, organisation=organisation):
        raise PermissionDenied("Only the council's super-user changes the action plan.")
    linked = [(resource.pk, resource.title) for resource in action.resources.all()]
    initial = {
        "title": action.title,
        "owner": action.owner,
        "due_date": action.due_date,
        "status": action.status,
        "resources": [str(pk) for pk, _ in linked],
    }
    form = ActionForm(request.POST if request.method == "POST" else None, initial=initial, resources=linked)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                actor=request.user,
                action=action,
                **form.action_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "The action is saved.")
            return redirect("plans:detail", organisation=organisation.slug)
    status = 400 if form.is_bound else 200
    return render(
        request, "plans/action_edit.html", {"form": form, "action": action, "organisation": organisation}, status=status
    )
