"""The on-site timetable (staff): its sessions, adding and removing one. Adapters only:
selectors.py reads, services_timetable.py writes."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tiex.peer_challenges import selectors, services_timetable
from tiex.peer_challenges.forms_stages import SessionForm
from tiex.peer_challenges.models import VisitSession
from tiex.peer_challenges.views_stages_common import GET_POST, add_errors, managed_or_404, posted


@login_required
@require_http_methods(GET_POST)
def timetable(request: HttpRequest, reference: str) -> HttpResponse:
    challenge = managed_or_404(request, reference)
    form = SessionForm(posted(request)[0], initial={"day": challenge.visit_start, "people_met": 0})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["starts"]))
        ends_at = timezone.make_aware(datetime.combine(data["day"], data["ends"])) if data["ends"] else None
        try:
            services_timetable.visit_session_add(
                actor=request.user,
                challenge=challenge,
                starts_at=starts_at,
                ends_at=ends_at,
                kind=data["kind"],
                title=data["title"],
                location=data["location"],
                people_met=data["people_met"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The session is added to the timetable.")
            return redirect("peer_challenges:timetable", reference=challenge.reference)
    context = {"form": form, "challenge": challenge, "sessions": selectors.sessions_of(challenge)}
    return render(request, "peer_challenges/timetable.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def session_remove(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    challenge = managed_or_404(request, reference)
    session = VisitSession.objects.filter(challenge=challenge, pk=pk).select_related("challenge").first()
    if session is None:
        raise Http404("No such session")
    services_timetable.visit_session_remove(actor=request.user, session=session)
    messages.success(request, f"{session.title} is removed from the timetable.")
    return redirect("peer_challenges:timetable", reference=challenge.reference)
