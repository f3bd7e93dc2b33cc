"""Feedback after a challenge: a peer on the team, and a super-user of the council, each answer once;
association staff see the yearly shares. Adapters only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from tiex.accounts.permissions import can
from tiex.core.csv import csv_streaming_response
from tiex.peer_challenges import selectors_feedback, selectors_team, services_peers
from tiex.peer_challenges.forms_peers import FeedbackForm
from tiex.peer_challenges.models import Challenge
from tiex.peer_challenges.permissions import PEER_CHALLENGE_COUNCIL_ACT
from tiex.peer_challenges.views_peers import errors_onto, require_staff
from tiex.peer_challenges.views_team import challenge_or_404


def _feedback_page(request: HttpRequest, challenge: Challenge, *, by_council: bool) -> HttpResponse:
    today = timezone.localdate()
    if by_council:
        given = selectors_team.feedback_given(challenge, user=request.user)
    else:
        place = selectors_team.on_team(challenge, request.user)
        given = selectors_team.feedback_given(challenge, peer=place.peer) if place else None
    is_open = selectors_team.visit_over(challenge, today=today)
    form = FeedbackForm(request.POST if request.method == "POST" else None, by_council=by_council)
    if request.method == "POST" and is_open and given is None and form.is_valid():
        service = services_peers.feedback_give_council if by_council else services_peers.feedback_give_peer
        try:
            service(
                actor=request.user,
                challenge=challenge,
                positive_impact=form.cleaned_data["positive_impact"] == "yes",
                satisfied=form.cleaned_data["satisfied"] == "yes",
                comments=form.cleaned_data.get("comments") or "",
                today=today,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Thank you: your feedback is recorded.")
            return redirect(request.path)
    status = 400 if request.method == "POST" else 200
    context = {"challenge": challenge, "form": form, "given": given, "is_open": is_open, "by_council": by_council}
    return render(request, "peer_challenges/peers_feedback_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_peer(request: HttpRequest, reference: str) -> HttpResponse:
    """A peer on the team says how the challenge went."""
    challenge = challenge_or_404(reference)
    if selectors_team.on_team(challenge, request.user) is None:
        raise PermissionDenied("Only a peer on the challenge's team gives a peer's feedback.")
    return _feedback_page(request, challenge, by_council=False)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_council(request: HttpRequest, reference: str) -> HttpResponse:
    """A super-user of the council says how the challenge went for the council."""
    challenge = challenge_or_404(reference)
    if not can(request.user, PEER_CHALLENGE_COUNCIL_ACT, challenge):
        raise PermissionDenied("Only the council's super-users give the council's feedback.")
    return _feedback_page(request, challenge, by_council=True)


@login_required
@require_safe
def feedback_figures(request: HttpRequest) -> HttpResponse:
    """Per year of the visit: the share of councils reporting a positive impact and satisfied (staff)."""
    require_staff(request)
    return render(
        request, "peer_challenges/peers_feedback_figures.html", {"years": selectors_feedback.feedback_shares_by_year()}
    )


FEEDBACK_CSV_COLUMNS = (
    "year",
    "financial_year",
    "councils_answering",
    "councils_positive_impact",
    "councils_positive_impact_share",
    "councils_satisfied",
    "councils_satisfied_share",
    "peers_answering",
    "peers_positive_impact",
    "peers_positive_impact_share",
    "peers_satisfied",
    "peers_satisfied_share",
)


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


@login_required
@require_safe
def feedback_figures_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The staff feedback figures as a CSV (the same selector as the page; shares as fractions)."""
    require_staff(request)
    rows = (
        (
            year.year,
            year.label,
            year.councils,
            year.positive,
            _share(year.positive_share),
            year.satisfied,
            _share(year.satisfied_share),
            year.peer_responses,
            year.peers_positive,
            _share(year.peers_positive_share),
            year.peers_satisfied,
            _share(year.peers_satisfied_share),
        )
        for year in selectors_feedback.feedback_shares_by_year()
    )
    return csv_streaming_response("peer-challenge-feedback.csv", FEEDBACK_CSV_COLUMNS, rows)
