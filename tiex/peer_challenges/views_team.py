"""Building a challenge's team (staff only): the team so far, suggestions for each role with the
reasons, and adding, removing and recording peer days. Staff choose; a suggestion never decides.
Adapters only: selectors_team and services_peers do the work.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from tiex.peer_challenges import selectors_peers, selectors_team, services_peers, suggest
from tiex.peer_challenges.forms_peers import DaysForm, FocusForm, TeamAddForm
from tiex.peer_challenges.models import Challenge, TeamRole
from tiex.peer_challenges.views_peers import require_staff

ROLE_LABELS = dict(TeamRole.choices)
ROLE_HINTS = {
    TeamRole.MANAGER: "From the officer peers; one per team. Accredited peers first.",
    TeamRole.LEAD_MEMBER: "From the member peers; one per team. A peer of the party in control of the council "
    "first (when one party controls it), then accredited peers.",
    TeamRole.MEMBER_PEER: "From the member peers. A party not yet on the team first, so the member peers are "
    "cross-party.",
    TeamRole.OFFICER_PEER: "From the officer peers.",
}


def challenge_or_404(reference: str) -> Challenge:
    challenge = selectors_team.challenge_by_reference(reference)
    if challenge is None:
        raise Http404("No peer challenge with that reference")
    return challenge


def _focus(
    request: HttpRequest, challenge: Challenge, skills: list[tuple[str, str]]
) -> tuple[FocusForm, frozenset[str]]:
    """The focus skills: those staff chose (``chosen=1``), else those the focus areas ask for."""
    if request.GET.get("chosen"):
        form = FocusForm(request.GET, skills=skills)
        if form.is_valid():
            return form, frozenset(form.cleaned_data["focus"])
        return form, frozenset()
    focus = selectors_team.default_focus(challenge)
    return FocusForm(initial={"focus": sorted(focus)}, skills=skills), focus


def _team_page(
    request: HttpRequest,
    challenge: Challenge,
    *,
    status: int = 200,
    add_errors: list[str] | None = None,
    days_forms: dict[int, DaysForm] | None = None,
) -> HttpResponse:
    skills = selectors_peers.skill_choices()
    focus_form, focus = _focus(request, challenge, skills)
    team = selectors_team.team_of(challenge)
    found = selectors_team.team_suggestions(challenge, focus=focus, team=team, today=timezone.localdate())
    filled = {member.role: member for member in team if member.role in services_peers.SINGLE_ROLES}
    roles = [
        {
            "role": item.role,
            "label": ROLE_LABELS[item.role],
            "hint": ROLE_HINTS[TeamRole(item.role)],
            "filled_by": filled.get(item.role),
            "suggestions": item.suggestions,
            "eligible": item.eligible,
        }
        for item in found.roles
    ]
    conflict_names = selectors_team.council_names(set(found.conflicts.reasons))
    conflicts = sorted(
        ((conflict_names.get(pk, "A council"), reason) for pk, reason in found.conflicts.reasons.items()),
        key=lambda pair: pair[0],
    )
    q = request.GET.get("q", "").strip()[:100]
    days_forms = days_forms or {}
    context: dict[str, Any] = {
        "challenge": challenge,
        "team": [(member, days_forms.get(member.pk)) for member in team],
        "roles": roles,
        "role_choices": TeamRole.choices,
        "focus_form": focus_form,
        "focus_names": [name for slug, name in skills if slug in focus],
        "focus_query": _focus_query(request),
        "conflicts": conflicts,
        "target": found.target,
        "load_years": suggest.LOAD_YEARS,
        "q": q,
        "search_results": selectors_team.peer_search(q, exclude_ids={m.peer_id for m in team}) if q else None,
        "add_errors": add_errors or [],
    }
    return render(request, "peer_challenges/peers_team.html", context, status=status)


def _focus_query(request: HttpRequest) -> str:
    """The focus choice as a query string, kept across the page's forms."""
    if not request.GET.get("chosen") and not request.POST.get("chosen"):
        return ""
    source = request.GET if request.GET.get("chosen") else request.POST
    return urlencode([("chosen", "1"), *(("focus", slug) for slug in source.getlist("focus"))])


def _back(reference: str, request: HttpRequest, anchor: str = "team") -> HttpResponse:
    url = reverse("peer_challenges:team", args=[reference])
    query = _focus_query(request)
    return redirect(f"{url}{'?' + query if query else ''}#{anchor}")


@login_required
@require_safe
def team(request: HttpRequest, reference: str) -> HttpResponse:
    require_staff(request)
    return _team_page(request, challenge_or_404(reference))


@login_required
@require_POST
def team_add(request: HttpRequest, reference: str) -> HttpResponse:
    require_staff(request)
    challenge = challenge_or_404(reference)
    form = TeamAddForm(request.POST)
    if not form.is_valid():
        errors = [str(error) for errors in form.errors.values() for error in errors]
        return _team_page(request, challenge, status=400, add_errors=errors)
    peer = selectors_peers.peer_get(form.cleaned_data["peer"])
    if peer is None:
        return _team_page(request, challenge, status=400, add_errors=["Choose a peer from the pool"])
    try:
        member = services_peers.team_member_add(
            actor=request.user,
            challenge=challenge,
            peer=peer,
            role=form.cleaned_data["role"],
            reason=form.cleaned_data.get("reason") or "",
        )
    except ValidationError as exc:
        return _team_page(request, challenge, status=400, add_errors=exc.messages)
    messages.success(request, f"{peer.full_name} is on the team as {member.get_role_display().lower()}.")
    return _back(reference, request)


@login_required
@require_POST
def team_remove(request: HttpRequest, reference: str, member_pk: int) -> HttpResponse:
    require_staff(request)
    challenge = challenge_or_404(reference)
    member = selectors_team.team_member_get(challenge, member_pk)
    if member is None:
        raise Http404("No such member of this team")
    try:
        services_peers.team_member_remove(actor=request.user, member=member)
    except ValidationError as exc:
        return _team_page(request, challenge, status=400, add_errors=exc.messages)
    messages.success(request, f"{member.peer.full_name} is no longer on the team.")
    return _back(reference, request)


@login_required
@require_POST
def team_days(request: HttpRequest, reference: str, member_pk: int) -> HttpResponse:
    require_staff(request)
    challenge = challenge_or_404(reference)
    member = selectors_team.team_member_get(challenge, member_pk)
    if member is None:
        raise Http404("No such member of this team")
    form = DaysForm(request.POST, prefix=f"m{member.pk}")
    if form.is_valid():
        try:
            services_peers.team_member_set_days(actor=request.user, member=member, days=form.cleaned_data["days"])
        except ValidationError as exc:
            form.add_error("days", exc.messages)
        else:
            messages.success(request, f"{member.peer.full_name} gave {member.days:g} peer days.")
            return _back(reference, request)
    errors = [f"{member.peer.full_name}: {error}" for error in form.errors.get("days", [])]
    return _team_page(request, challenge, status=400, add_errors=errors, days_forms={member.pk: form})
