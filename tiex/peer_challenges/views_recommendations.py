"""A challenge's recommendations: the list (public with the published report), recording, changing and
removing them, and turning chosen ones into actions of the council's plan. Adapters only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tiex.accounts.selectors import organisation_get_for_council
from tiex.peer_challenges import selectors_documents as selectors
from tiex.peer_challenges import services_recommendations as services
from tiex.peer_challenges.forms_documents import RecommendationForm
from tiex.peer_challenges.models import Challenge
from tiex.plans import selectors as plans


def _visible_or_404(request: HttpRequest, reference: str) -> tuple[Challenge, bool]:
    """The challenge, if the caller may see its recommendations: everyone once the report is
    published, before that staff and the council's members only (404 for the rest)."""
    challenge = selectors.challenge_get(reference=reference)
    if challenge is None:
        raise Http404("No peer challenge has that reference")
    published = selectors.report_published(challenge=challenge)
    if not published and not selectors.may_view_private(user=request.user, challenge=challenge):
        raise Http404("No peer challenge has that reference")
    return challenge, published


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    """Anonymous people are sent to sign in; anyone else signed in may not (403)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(message)


def _list_page(
    request: HttpRequest,
    challenge: Challenge,
    published: bool,
    *,
    form: RecommendationForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    record = selectors.may_record(user=request.user, challenge=challenge)
    plan_visible = plans.may_view(user=request.user, organisation=challenge.council)
    organisation = organisation_get_for_council(council=challenge.council) if plan_visible else None
    if record and form is None:
        form = RecommendationForm(themes=selectors.themes_of(challenge=challenge))
    recommendations = selectors.recommendation_list(challenge=challenge)
    context: dict[str, Any] = {
        "challenge": challenge,
        "published": published,
        "recommendations": recommendations,
        "record": record,
        "act": selectors.may_act(user=request.user, challenge=challenge),
        "plan_visible": plan_visible,
        "organisation": organisation,
        "to_add": [r for r in recommendations if r.action_id is None],
        "form": form if record else None,
        "action_errors": errors or [],
    }
    return render(request, "peer_challenges/documents_recommendations.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def recommendations(request: HttpRequest, reference: str) -> HttpResponse:
    challenge, published = _visible_or_404(request, reference)
    if request.method != "POST":
        return _list_page(request, challenge, published)
    if not selectors.may_record(user=request.user, challenge=challenge):
        return _refuse(request, "Only association staff or the council's super-users record recommendations.")
    form = RecommendationForm(request.POST, themes=selectors.themes_of(challenge=challenge))
    if form.is_valid():
        try:
            services.recommendation_create(
                actor=request.user,
                challenge=challenge,
                text=form.cleaned_data["text"],
                theme_id=form.cleaned_data["theme"],
                order=form.cleaned_data["order"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "The recommendation is recorded.")
            return redirect(reverse("peer_challenges:recommendations", args=[challenge.reference]) + "#recommendations")
    return _list_page(request, challenge, published, form=form, status=400)


def _recommendation_or_404(request: HttpRequest, reference: str, pk: int) -> Any:
    """The recommendation, or the response refusing it (404 when the caller may not see it)."""
    challenge, _published = _visible_or_404(request, reference)
    recommendation = selectors.recommendation_get(challenge=challenge, pk=pk)
    if recommendation is None:
        raise Http404("The challenge has no recommendation with that number")
    if not selectors.may_record(user=request.user, challenge=challenge):
        return _refuse(request, "Only association staff or the council's super-users change recommendations.")
    return recommendation


@require_http_methods(["GET", "HEAD", "POST"])
def recommendation_edit(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    recommendation = _recommendation_or_404(request, reference, pk)
    if isinstance(recommendation, HttpResponse):
        return recommendation
    challenge = recommendation.challenge
    initial = {"text": recommendation.text, "theme": recommendation.theme_id, "order": recommendation.order}
    form = RecommendationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        themes=selectors.themes_of(challenge=challenge),
    )
    if request.method == "POST" and form.is_valid():
        order = form.cleaned_data["order"]
        try:
            services.recommendation_update(
                actor=request.user,
                recommendation=recommendation,
                text=form.cleaned_data["text"],
                theme_id=form.cleaned_data["theme"],
                order=recommendation.order if order is None else order,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "The recommendation is saved.")
            return redirect(reverse("peer_challenges:recommendations", args=[challenge.reference]) + "#recommendations")
    return render(
        request,
        "peer_challenges/documents_recommendation_edit.html",
        {"challenge": challenge, "recommendation": recommendation, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
def recommendation_remove(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    recommendation = _recommendation_or_404(request, reference, pk)
    if isinstance(recommendation, HttpResponse):
        return recommendation
    services.recommendation_remove(actor=request.user, recommendation=recommendation)
    messages.success(request, "The recommendation is removed.")
    return redirect(reverse("peer_challenges:recommendations", args=[reference]) + "#recommendations")


@require_POST
def recommendations_to_actions(request: HttpRequest, reference: str) -> HttpResponse:
    challenge, published = _visible_or_404(request, reference)
    if not selectors.may_act(user=request.user, challenge=challenge):
        return _refuse(request, "Only the council's super-users change its action plan.")
    values = request.POST.getlist("recommendation")
    # Not a row id (1 to 18 digits): no recommendation of this challenge, which the service refuses.
    ids = [int(value) if value.isdigit() and len(value) <= 18 else 0 for value in values]
    try:
        made = services.recommendations_to_actions(actor=request.user, challenge=challenge, ids=ids)
    except ValidationError as exc:
        return _list_page(request, challenge, published, errors=exc.messages, status=400)
    if made:
        count = len(made)
        messages.success(
            request,
            f"{count} recommendation{'s are' if count != 1 else ' is'} now in the council's action plan.",
        )
    else:
        messages.info(request, "The recommendations you chose were already in the council's action plan.")
    organisation = organisation_get_for_council(council=challenge.council)
    if organisation is None:  # action_create made it: never None here
        raise Http404("The council has no organisation")
    return redirect("plans:detail", organisation=organisation.slug)
