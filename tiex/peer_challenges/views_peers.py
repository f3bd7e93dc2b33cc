"""The pool of peers (staff only) and a peer's own challenges. Adapters only: forms in,
services_peers and selectors_peers / selectors_team out.

Peers' personal details are for association staff (``peer_challenge.manage``); anyone else
signed in gets 403, and nobody signed out sees them (sent to sign in).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from tiex.accounts.permissions import can
from tiex.core.pagination import page_links, page_number
from tiex.peer_challenges import selectors_peers as selectors
from tiex.peer_challenges import selectors_team, services_peers
from tiex.peer_challenges.forms_peers import PeerFilterForm, PeerForm
from tiex.peer_challenges.models import Peer, PeerKind
from tiex.peer_challenges.permissions import PEER_CHALLENGE_MANAGE

MAX_PAGE = 10_000


def require_staff(request: HttpRequest) -> None:
    if not can(request.user, PEER_CHALLENGE_MANAGE):
        raise PermissionDenied("Only association staff see and keep the pool of peers.")


def errors_onto(form: Any, exc: ValidationError, fields: dict[str, str] | None = None) -> None:
    """A service's validation errors onto the form (``fields`` maps service names to form fields)."""
    fields = fields or {}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            name = fields.get(name, name)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _filter_form(request: HttpRequest) -> PeerFilterForm:
    return PeerFilterForm(
        request.GET or None,
        regions=selectors.region_choices(),
        skills=selectors.skill_choices(),
        council_types=selectors.council_type_choices(),
    )


@login_required
@require_safe
def peer_list(request: HttpRequest) -> HttpResponse:
    """The pool, with filters; 50 to a page."""
    require_staff(request)
    form = _filter_form(request)
    valid = not form.is_bound or form.is_valid()
    filters = form.filters() if valid else selectors.PeerFilters()
    peers = selectors.peer_list(filters)
    count = peers.count() if valid else 0
    last = max(1, -(-count // selectors.PAGE_SIZE))
    number = page_number(request, last)
    start = (number - 1) * selectors.PAGE_SIZE
    query = {key: value for key, value in request.GET.items() if key != "page" and value}

    def href(page: int) -> str:
        return "?" + urlencode({**query, "page": page})

    context = {
        "form": form,
        "valid": valid,
        "peers": list(peers[start : start + selectors.PAGE_SIZE]) if valid else [],
        "count": count,
        "filtered": filters.active(),
        "pagination": page_links(number, last, href),
    }
    return render(request, "peer_challenges/peers_list.html", context, status=200 if valid else 400)


def _peer_or_404(pk: int) -> Peer:
    peer = selectors.peer_get(pk)
    if peer is None:
        raise Http404("No peer with that number")
    return peer


@login_required
@require_safe
def peer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    peer = _peer_or_404(pk)
    context = {
        "peer": peer,
        "placements": selectors.peer_placements(peer),
        "feedback": selectors.peer_feedback(peer),
        "is_member": peer.kind == PeerKind.MEMBER,
    }
    return render(request, "peer_challenges/peers_detail.html", context)


def _data(form: PeerForm) -> services_peers.PeerData:
    data = form.cleaned_data
    return services_peers.PeerData(
        full_name=data["full_name"],
        kind=data["kind"],
        council_id=data["council"],
        email=data.get("email") or "",
        party=data.get("party") or "",
        group_office=data.get("group_office") or "",
        role=data.get("role") or "",
        skill_slugs=tuple(data.get("skills") or ()),
        trained_on=data.get("trained_on"),
        accredited_on=data.get("accredited_on"),
        available=bool(data.get("available")),
        availability_note=data.get("availability_note") or "",
    )


def _peer_form(request: HttpRequest, peer: Peer | None) -> HttpResponse:
    initial: dict[str, Any] = {"available": True}
    if peer is not None:
        initial = {
            "full_name": peer.full_name,
            "email": peer.email,
            "kind": peer.kind,
            "council": str(peer.council_id),
            "party": peer.party,
            "group_office": peer.group_office,
            "role": peer.role,
            "skills": [skill.slug for skill in peer.skills.all()],
            "trained_on": peer.trained_on,
            "accredited_on": peer.accredited_on,
            "available": peer.available,
            "availability_note": peer.availability_note,
        }
    form = PeerForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        councils=selectors.council_choices(),
        skills=selectors.skill_choices(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if peer is None:
                peer = services_peers.peer_create(actor=request.user, data=_data(form))
                messages.success(request, f"{peer.full_name} is in the pool.")
            else:
                peer = services_peers.peer_update(actor=request.user, peer=peer, data=_data(form))
                messages.success(request, f"{peer.full_name}'s details are saved.")
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            return redirect("peer_challenges:peer_detail", pk=peer.pk)
    status = 400 if form.is_bound else 200
    return render(request, "peer_challenges/peers_form.html", {"form": form, "peer": peer}, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def peer_create(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    return _peer_form(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def peer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    return _peer_form(request, _peer_or_404(pk))


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """A signed-in peer's own challenges, and only theirs (anyone else signed in: none)."""
    peer = selectors.peer_of_user(request.user)
    today = timezone.localdate()
    placements = list(selectors_team.challenges_of_peer(peer))
    given = selectors_team.peer_feedback_challenge_ids(peer)
    rows = [
        {
            "member": member,
            "challenge": member.challenge,
            "feedback_open": selectors_team.visit_over(member.challenge, today=today),
            "feedback_given": member.challenge_id in given,
        }
        for member in placements
    ]
    return render(request, "peer_challenges/peers_mine.html", {"peer": peer, "rows": rows})
