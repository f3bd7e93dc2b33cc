"""The call for ideas: council members propose sessions; staff shortlist, accept or decline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from tiex.accounts.permissions import can
from tiex.core.links import absolute_url
from tiex.events import selectors, services
from tiex.events.forms import DecisionForm, ProposalForm
from tiex.events.models import ProposalStatus
from tiex.events.permissions import EVENT_MANAGE, EVENT_PROPOSE
from tiex.events.views import event_or_404


def _errors_onto(form: ProposalForm | DecisionForm, exc: ValidationError, fields: dict[str, str] | None = None) -> None:
    fields = fields or {}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            name = fields.get(name, name)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(slug)
    councils = selectors.councils_of(request.user)
    if not can(request.user, EVENT_PROPOSE) or not councils:
        raise PermissionDenied("Members of a council propose sessions.")
    if not event.ideas_open:
        raise Http404("The call for ideas for this event is closed")
    form = ProposalForm(request.POST if request.method == "POST" else None, councils=councils)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_submit(
                user=request.user,
                event=event,
                data=services.ProposalData(
                    council_id=data["council"],
                    title=data["title"],
                    description=data["description"],
                    format=data["format"],
                    theme=data.get("theme") or "",
                    speakers=data["speakers"],
                ),
            )
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(request, "Thank you: your proposal is with the events team. We will e-mail you.")
            return redirect("events:propose", slug)
    context = {"event": event, "form": form, "mine": list(selectors.proposals_of(request.user, event))}
    return render(request, "events/proposal_form.html", context, status=400 if form.errors else 200)


def _require_staff(request: HttpRequest) -> None:
    if not can(request.user, EVENT_MANAGE):
        raise PermissionDenied("Only association staff decide on proposals.")


@login_required
@require_safe
def proposal_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    status = request.GET.get("status", "")
    if status and status not in ProposalStatus.values:
        status = ""
    context = {
        "proposals": list(selectors.proposals_for_staff(status=status)),
        "status": status,
        "statuses": ProposalStatus.choices,
        "counts": selectors.proposal_counts(),
    }
    return render(request, "events/proposal_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    proposal = selectors.proposal_get(pk)
    if proposal is None:
        raise Http404("No proposal with that number")
    event = proposal.event
    days = [event.starts_on.fromordinal(n) for n in range(event.starts_on.toordinal(), event.ends_on.toordinal() + 1)]
    form = DecisionForm(request.POST if request.method == "POST" else None, days=days)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == "shortlist":
                services.proposal_shortlist(actor=request.user, proposal=proposal)
                messages.success(request, f"“{proposal.title}” is shortlisted.")
            elif decision == "decline":
                link = absolute_url(reverse("events:event", args=[event.slug]), request)
                services.proposal_decline(actor=request.user, proposal=proposal, link=link)
                messages.success(request, f"“{proposal.title}” is declined; the proposer will be told by e-mail.")
            else:
                starts_at, ends_at = form.times()
                # The session's address is only known once it exists: the e-mail links to the
                # programme's session page through its number, read back after the commit.
                session = services.proposal_accept(
                    actor=request.user,
                    proposal=proposal,
                    room=form.cleaned_data.get("room") or "",
                    starts_at=starts_at,
                    ends_at=ends_at,
                    link=absolute_url(reverse("events:event", args=[event.slug]), request),
                )
                messages.success(request, f"“{session.title}” is now a session; the proposer will be told by e-mail.")
        except ValidationError as exc:
            _errors_onto(form, exc, {"starts_at": "day", "ends_at": "end"})
        else:
            return redirect("events:proposals")
    context = {
        "proposal": proposal,
        "event": event,
        "form": form,
        "decided": proposal.status in ("accepted", "declined"),
    }
    return render(request, "events/proposal_decide.html", context, status=400 if form.errors else 200)
