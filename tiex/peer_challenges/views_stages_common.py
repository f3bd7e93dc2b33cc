"""What the lifecycle's views share (views_stages.py, views_stage_documents.py, views_timetable.py):
finding the challenge for the caller (404 to anyone who may not see it privately, 403 to those
who see it but may not act), a form's data, a service's errors onto a form, going back."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect

from tiex.peer_challenges import selectors
from tiex.peer_challenges.models import Challenge

GET_POST = ["GET", "HEAD", "POST"]


def add_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError onto the form: per field when it names one the form has."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, [e.message % (e.params or {}) for e in errors])
    else:
        form.add_error(None, error.messages)


def posted(request: HttpRequest, *, files: bool = False) -> tuple[Any, ...]:
    """A form's data: bound on every POST (even an empty one, so its errors show), unbound otherwise."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def private_or_404(request: HttpRequest, reference: str) -> Challenge:
    challenge = selectors.challenge_get(reference=reference)
    if challenge is None or not selectors.challenge_visible_privately(request.user, challenge):
        raise Http404("No peer challenge with that reference")
    return challenge


def managed_or_404(request: HttpRequest, reference: str) -> Challenge:
    challenge = private_or_404(request, reference)
    if not selectors.may_manage(request.user):
        raise PermissionDenied("Only association staff keep a challenge's stages.")
    return challenge


def council_act_or_404(request: HttpRequest, reference: str) -> Challenge:
    challenge = private_or_404(request, reference)
    if not selectors.may_act_for_council(request.user, challenge):
        raise PermissionDenied("Only the council's super-users do this.")
    return challenge


def back(challenge: Challenge, anchor: str = "") -> HttpResponseRedirect:
    response = redirect("peer_challenges:detail", reference=challenge.reference)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response
