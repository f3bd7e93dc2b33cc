"""Open mic: the running order of five-minute slots (printable for the compere), claiming and
giving up a slot, and staff opening or closing sign-up. Signed-in people only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tiex.accounts.permissions import can
from tiex.events import selectors, services
from tiex.events.forms import ClaimForm
from tiex.events.models import Event, Session
from tiex.events.permissions import EVENT_MANAGE, may_claim_for_other
from tiex.events.views import event_or_404, session_or_404


def _open_mic_or_404(slug: str, pk: int) -> tuple[Event, Session]:
    event = event_or_404(slug)
    session = session_or_404(event, pk)
    if not session.is_open_mic:
        raise Http404("This session has no open-mic slots")
    return event, session


def _errors_onto(form: ClaimForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def running_order(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The running order, and (while sign-up is open) the form to claim a free slot."""
    event, session = _open_mic_or_404(slug, pk)
    rows = selectors.running_order(session)
    free = [
        (row.number, f"Slot {row.number + 1}, {timezone.localtime(row.starts_at):%H:%M}")
        for row in rows
        if row.booking is None
    ]
    on_behalf = may_claim_for_other(request.user)
    form = ClaimForm(request.POST if request.method == "POST" else None, free=free, on_behalf=on_behalf)
    status = 200
    if request.method == "POST":
        if not session.sign_up_open:
            form.add_error(None, "Sign-up for this session is not open.")
        elif form.is_valid():
            try:
                claimed = services.slot_claim(
                    user=request.user,
                    session=session,
                    slot=form.cleaned_data["slot"],
                    topic=form.cleaned_data["topic"],
                    on_behalf_of=form.cleaned_data.get("on_behalf_of") or "",
                )
            except ValidationError as exc:
                _errors_onto(form, exc)
            else:
                messages.success(
                    request, f"Slot {claimed.slot + 1} is booked for {claimed.speaker_name}: {claimed.topic}."
                )
                return redirect(reverse("events:open_mic", args=[slug, pk]) + "#running-order")
        status = 400
        rows = selectors.running_order(session)  # a slot taken meanwhile shows as taken
    context = {
        "event": event,
        "session": session,
        "rows": rows,
        "form": form,
        "free": free,
        "own": selectors.own_slot(session, request.user),
        "staff": can(request.user, EVENT_MANAGE),
        "user_id": request.user.pk,
    }
    return render(request, "events/open_mic.html", context, status=status)


@login_required
@require_POST
def slot_release(request: HttpRequest, slug: str, pk: int, slot: int) -> HttpResponse:
    _, session = _open_mic_or_404(slug, pk)
    services.slot_release(user=request.user, session=session, slot=slot)
    messages.success(request, f"Slot {slot + 1} is free again.")
    return redirect(reverse("events:open_mic", args=[slug, pk]) + "#running-order")


@login_required
@require_POST
def sign_up_toggle(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _, session = _open_mic_or_404(slug, pk)
    if not can(request.user, EVENT_MANAGE):
        raise PermissionDenied("Only association staff open and close sign-up.")
    services.session_sign_up_set(actor=request.user, session=session, open=not session.sign_up_open)
    messages.success(request, "Sign-up is open." if session.sign_up_open else "Sign-up is closed.")
    return redirect("events:open_mic", slug, pk)
