"""Staff pages that change what is recorded: an agenda item (until its minutes are approved), and the
members of the board (their list, and a member's name, role, council and whether they are current).
Adapters only: services_meetings.py writes. Everyone else gets 403 (anonymous: sign in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from tiex.board import selectors_meetings, services_meetings
from tiex.board.forms_meetings import ItemEditForm, MemberEditForm
from tiex.board.views_meetings import _form_page, _meeting
from tiex.board.views_staff import GET_POST, _add_errors, _data, _refuse, _staff
from tiex.library.selectors import resource_get_for_user


@login_required
@require_http_methods(GET_POST)
def item_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    _staff(request)
    meeting = _meeting(pk)
    found = selectors_meetings.item_get(meeting, item)
    if found is None:
        raise Http404("No such item")
    papers = [(paper.pk, paper.title) for paper in found.papers.all()]
    initial = {
        "title": found.title,
        "presenter": found.presenter,
        "discussion": found.discussion,
        "decisions": "\n".join(decision.text for decision in found.decisions.all()),
        "public": found.public,
    }
    form = ItemEditForm(
        _data(request), request.FILES if request.method == "POST" else None, initial=initial, papers=papers
    )
    if meeting.minutes_approved:
        _refuse(form, "The minutes of this meeting are approved: its items can no longer change")
    resource = None
    if request.method == "POST" and form.is_valid() and form.resource_slug():
        resource = resource_get_for_user(user=request.user, slug=form.resource_slug())
        if resource is None or not resource.live:
            form.add_error("paper_resource", "Give the address of a resource published in the Exchange")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_meetings.item_update(
                actor=request.user,
                item=found,
                title=data["title"],
                presenter=data["presenter"],
                discussion=data["discussion"],
                public=data["public"],
                decisions=form.decision_lines(),
                remove_papers=data.get("remove_papers", []),
                paper_title=data["paper_title"],
                paper_file=data["paper_file"],
                paper_resource=resource,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Item {found.number} is saved.")
            return redirect(reverse("board:meeting", args=[meeting.pk]) + "#agenda")
    context = {
        "form": form,
        "meeting": meeting,
        "heading": f"Change item {found.number}",
        "caption": f"Meeting of {meeting.date:%-d %B %Y}",
        "intro": "The minutes are drafted from what you record here. Its actions are changed on their own page.",
        "button": "Save the item",
        "cancel": reverse("board:meeting", args=[meeting.pk]),
        "multipart": True,
    }
    status = 400 if form.is_bound or meeting.minutes_approved else 200
    return render(request, "board/form_page.html", context, status=status)


@login_required
@require_safe
def member_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return render(request, "board/member_list.html", {"members": selectors_meetings.member_list()})


@login_required
@require_http_methods(GET_POST)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    member = selectors_meetings.member_get(pk)
    if member is None:
        raise Http404("No such member of the board")
    initial = {"name": member.name, "role": member.role, "authority": member.authority, "active": member.active}
    form = MemberEditForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_meetings.member_update(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{member.name} is saved.")
            return redirect("board:members")
    return _form_page(
        request,
        {
            "form": form,
            "heading": "Change a member of the board",
            "caption": member.name,
            "button": "Save the member",
            "cancel": reverse("board:members"),
        },
    )
