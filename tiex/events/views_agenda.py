"""A person's own agenda: starring sessions, the agenda page and its secret-address .ics feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from tiex.core.links import absolute_url
from tiex.events import selectors, services
from tiex.events.views import calendar_response, event_or_404, session_or_404


@login_required
@require_POST
def star(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_or_404(slug)
    session = session_or_404(event, pk)
    on = services.star_toggle(user=request.user, session=session)
    messages.success(request, f"“{session.title}” is {'now on' if on else 'no longer on'} your agenda.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        back = reverse("events:session", args=[slug, pk])
    return redirect(back)


@login_required
@require_safe
def agenda(request: HttpRequest) -> HttpResponse:
    token = selectors.agenda_token(request.user)
    feed = absolute_url(reverse("events:agenda_feed", args=[token]), request) if token else ""
    sessions = list(selectors.agenda(request.user))
    context = {"days": selectors.programme_by_day(sessions), "count": len(sessions), "feed": feed}
    return render(request, "events/agenda.html", context)


@login_required
@require_POST
def agenda_link(request: HttpRequest) -> HttpResponse:
    renew = selectors.agenda_token(request.user) is not None
    services.agenda_feed_token(user=request.user, renew=renew)
    messages.success(
        request,
        "Your agenda has a new calendar address; the old one no longer works."
        if renew
        else "Your calendar address is ready.",
    )
    return redirect("events:agenda")


@require_safe
def agenda_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the secret address reads the agenda (calendar apps cannot sign in)."""
    user = selectors.agenda_owner(token)
    if user is None:
        raise Http404("No agenda has that address")
    response = calendar_response("My agenda", list(selectors.agenda(user)), request, "agenda.ics")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
