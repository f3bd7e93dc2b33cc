"""Finding a partner: pages to register an interest in sharing a service, see suggested councils
and respond to other councils' interests. Adapters only: selectors_interests and
services_interests do the work.

Signed-in people only. A private interest is 404 to anyone outside its council.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tiex.partnerships import selectors_interests as selectors
from tiex.partnerships import services_interests as services
from tiex.partnerships.forms_interests import InterestForm, ResponseForm
from tiex.partnerships.models_interests import SharingInterest


@login_required
@require_safe
def interest_index(request: HttpRequest) -> HttpResponse:
    """The user's councils' interests (private ones included) and other councils' published ones."""
    mine = selectors.member_council_ids(request.user)
    own = selectors.interests_of_councils(mine)
    others = selectors.interests_published(excluding_council_ids=mine)
    relevant = selectors.relevant_to(others, own)
    context = {
        "own_interests": own,
        "other_interests": others,
        "relevant": relevant,
        "relevant_count": len(relevant),
        "is_council_member": bool(mine),
    }
    return render(request, "partnerships/interest_index.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def interest_create(request: HttpRequest) -> HttpResponse:
    councils = selectors.member_councils(request.user)
    if not councils:
        raise PermissionDenied("Only members of a council register an interest in sharing a service.")
    form = InterestForm(request.POST or None, councils=councils, categories=selectors.category_choices())
    if request.method == "POST" and form.is_valid():
        category = selectors.category_get(form.cleaned_data["category"])
        if category is None:
            form.add_error("category", "Choose the service you would like to share")
        else:
            try:
                interest = services.interest_create(
                    actor=request.user,
                    council_id=form.cleaned_data["council"],
                    category=category,
                    looking_for=form.cleaned_data["looking_for"],
                    visible_to_councils=form.cleaned_data["visibility"] == "published",
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, "Your interest is registered. Here are councils you might talk to.")
                return redirect("partnerships:interest_detail", pk=interest.pk)
    status = 400 if form.is_bound else 200
    return render(request, "partnerships/interest_form.html", {"form": form}, status=status)


def _visible(request: HttpRequest, pk: int) -> SharingInterest:
    interest = selectors.interest_get_for(request.user, pk)
    if interest is None:
        raise Http404("No interest with that number")
    return interest


def _responding_councils(request: HttpRequest, interest: SharingInterest) -> list[tuple[int, str]]:
    """The councils this user may respond for: those they are a super-user of, other than the interest's."""
    if not interest.visible_to_councils or not interest.is_open:
        return []
    return [
        (pk, name)
        for pk, name in selectors.member_councils(request.user)
        if pk != interest.council_id and selectors.may_respond_for(request.user, pk)
    ]


def _detail(
    request: HttpRequest, interest: SharingInterest, form: ResponseForm | None = None, status: int = 200
) -> HttpResponse:
    is_own = interest.council_id in selectors.member_council_ids(request.user)
    responding = _responding_councils(request, interest)
    if form is None and responding:
        form = ResponseForm(councils=responding)
    context: dict[str, Any] = {
        "interest": interest,
        "is_own": is_own,
        "suggestions": selectors.interest_suggestions(interest) if is_own and interest.is_open else [],
        "responses": selectors.responses_for(request.user, interest),
        "form": form,
    }
    return render(request, "partnerships/interest_detail.html", context, status=status)


@login_required
@require_safe
def interest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


@login_required
@require_POST
def interest_respond(request: HttpRequest, pk: int) -> HttpResponse:
    interest = _visible(request, pk)
    responding = _responding_councils(request, interest)
    if not responding:
        raise PermissionDenied("Only a super-user of another council responds to an open, published interest.")
    form = ResponseForm(request.POST, councils=responding)
    if form.is_valid():
        try:
            services.interest_respond(
                actor=request.user,
                interest=interest,
                council_id=form.cleaned_data["council"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"Your response is sent to {interest.council.name}.")
            return redirect("partnerships:interest_detail", pk=interest.pk)
    return _detail(request, interest, form=form, status=400)


@login_required
@require_POST
def interest_close(request: HttpRequest, pk: int) -> HttpResponse:
    interest = _visible(request, pk)
    services.interest_close(actor=request.user, interest=interest)
    messages.success(request, "The interest is closed: other councils no longer see it listed or respond to it.")
    return redirect("partnerships:interest_detail", pk=interest.pk)
