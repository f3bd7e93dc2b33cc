"""Board meetings: the list, a meeting's page (agenda, papers, matters arising, minutes), papers, the
open actions, and the staff forms. Adapters only: selectors_meetings.py reads, services_meetings.py writes.

A meeting's page is public; what it shows depends on who asks (selectors_meetings.meeting_page).
The open actions list is for staff and members of the board (403 to others; anonymous: sign in).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from tiex.board import selectors, selectors_meetings, services_meetings
from tiex.board.forms_meetings import ActionForm, ActionUpdateForm, ApproveForm, ItemForm, MeetingForm, MemberForm
from tiex.board.models import Action, BoardMember, Meeting
from tiex.board.views_staff import GET_POST, _add_errors, _data, _refuse, _staff
from tiex.library.selectors import resource_get_for_user


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """One of the staff's forms on the shared form page: 400 when a post did not go through."""
    return render(request, "board/form_page.html", context, status=400 if context["form"].is_bound else 200)


def _meeting(pk: int) -> Meeting:
    found = selectors_meetings.meeting_get(pk)
    if found is None:
        raise Http404("No such meeting")
    return found


@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    context = {
        "meetings": selectors_meetings.meeting_list(),
        "drafts": selectors.may_view_drafts(request.user),
        "may_manage": selectors.may_manage(request.user),
    }
    return render(request, "board/meeting_list.html", context)


@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    context = {
        "page": selectors_meetings.meeting_page(request.user, meeting),
        "meeting": meeting,
        "may_manage": selectors.may_manage(request.user),
    }
    return render(request, "board/meeting_detail.html", context)


@require_safe
def paper_open(request: HttpRequest, pk: int, paper: int) -> HttpResponseBase:
    """A paper: its file as a download, or a redirect to its resource in the Exchange."""
    found = selectors_meetings.paper_get_for(request.user, _meeting(pk), paper)
    if found is None:
        raise Http404("No such paper")
    if found.resource is not None:
        if not found.resource.live:
            raise Http404("The resource is not published")
        return HttpResponseRedirect(found.resource.url)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    response = FileResponse(handle, as_attachment=True, filename=found.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "public, max-age=300" if found.item.public else "private, no-store"
    return response


@login_required
@require_safe
def action_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_view_drafts(request.user):
        raise PermissionDenied("Only staff and members of the board see the actions.")
    context = {"actions": selectors_meetings.open_actions(), "may_manage": selectors.may_manage(request.user)}
    return render(request, "board/action_list.html", context)


# --- Staff -----------------------------------------------------------------------------------


def _members() -> list[tuple[str, str]]:
    return [
        (str(pk), f"{name}, {authority}" if authority else name)
        for pk, name, authority in BoardMember.objects.filter(active=True).values_list("pk", "name", "authority")
    ]


@login_required
@require_http_methods(GET_POST)
def meeting_create(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = MeetingForm(_data(request), members=_members())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        members = {str(m.pk): m for m in BoardMember.objects.filter(active=True)}
        try:
            meeting = services_meetings.meeting_save(
                actor=request.user, title=data["title"], day=data["day"], venue=data["venue"]
            )
            services_meetings.attendance_record(
                actor=request.user,
                meeting=meeting,
                present=[members[pk] for pk in data["present"] if pk in members],
                apologies=[members[pk] for pk in data["apologies"] if pk in members],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The meeting is recorded.")
            return redirect("board:meeting", pk=meeting.pk)
    return _form_page(
        request,
        {
            "form": form,
            "heading": "Record a meeting",
            "button": "Save the meeting",
            "cancel": reverse("board:meetings"),
        },
    )


@login_required
@require_http_methods(GET_POST)
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    meeting = _meeting(pk)
    form = ItemForm(_data(request), request.FILES if request.method == "POST" else None)
    resource = None
    if request.method == "POST" and form.is_valid() and form.resource_slug():
        resource = resource_get_for_user(user=request.user, slug=form.resource_slug())
        if resource is None or not resource.live:
            form.add_error("paper_resource", "Give the address of a resource published in the Exchange")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services_meetings.item_add(
                actor=request.user,
                meeting=meeting,
                title=data["title"],
                presenter=data["presenter"],
                discussion=data["discussion"],
                public=data["public"],
                decisions=form.decision_lines(),
                paper_title=data["paper_title"],
                paper_file=data["paper_file"],
                paper_resource=resource,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Item {item.number} is added.")
            return redirect("board:meeting", pk=meeting.pk)
    return _form_page(
        request,
        {
            "form": form,
            "meeting": meeting,
            "heading": "Add an item",
            "caption": f"Meeting of {meeting.date:%-d %B %Y}",
            "intro": "The minutes are drafted from what you record here: the discussion, decisions and actions.",
            "button": "Add the item",
            "cancel": reverse("board:meeting", args=[meeting.pk]),
            "multipart": True,
        },
    )


@login_required
@require_http_methods(GET_POST)
def action_add(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    _staff(request)
    meeting = _meeting(pk)
    found = meeting.items.filter(pk=item).first()
    if found is None:
        raise Http404("No such item")
    form = ActionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_meetings.action_add(actor=request.user, item=found, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The action is added.")
            return redirect("board:meeting", pk=meeting.pk)
    context = {
        "form": form,
        "meeting": meeting,
        "heading": "Add an action",
        "caption": f"Item {found.number}: {found.title}",
        "intro": "An action stays open, and is listed at each later meeting, until it is closed.",
        "button": "Add the action",
        "cancel": reverse("board:meeting", args=[meeting.pk]),
    }
    return _form_page(request, context)


@login_required
@require_http_methods(GET_POST)
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    action = Action.objects.select_related("item__meeting").filter(pk=pk).first()
    if action is None:
        raise Http404("No such action")
    initial = {"status": action.status, "closed_on": action.closed_on, "progress": action.progress}
    form = ActionUpdateForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_meetings.action_update(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The action is updated.")
            return redirect("board:actions")
    return _form_page(
        request,
        {
            "form": form,
            "heading": "Update an action",
            "caption": f"Agreed on {action.item.meeting.date:%-d %B %Y}",
            "intro": f"{action.text} Owner: {action.owner}.",
            "button": "Save the action",
            "cancel": reverse("board:actions"),
        },
    )


@login_required
@require_http_methods(GET_POST)
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    meeting = _meeting(pk)
    later = list(Meeting.objects.filter(date__gt=meeting.date).order_by("date", "pk"))
    form = ApproveForm(_data(request), meetings=[(m.pk, f"{m.date:%-d %B %Y}") for m in later])
    if meeting.minutes_approved:
        _refuse(form, "These minutes are already approved")
    if request.method == "POST" and form.is_valid():
        at = next((m for m in later if m.pk == form.cleaned_data["at"]), None)
        try:
            if at is None:
                raise ValidationError({"at": "Choose the meeting that approved them"})
            services_meetings.minutes_approve(actor=request.user, meeting=meeting, at=at)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The minutes are approved and published.")
            return redirect("board:meeting", pk=meeting.pk)
    status = 400 if form.is_bound or meeting.minutes_approved else 200
    context = {
        "form": form,
        "meeting": meeting,
        "heading": "Record the minutes' approval",
        "caption": f"Meeting of {meeting.date:%-d %B %Y}",
        "intro": "Approval publishes the minutes to everyone, frozen as drafted below.",
        "button": "Approve the minutes",
        "cancel": reverse("board:meeting", args=[meeting.pk]),
        "draft": selectors_meetings.minutes_draft(meeting),
    }
    return render(request, "board/minutes_approve.html", context, status=status)


@login_required
@require_http_methods(GET_POST)
def member_add(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = MemberForm(_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user: Any = None
        if data["email"]:
            user = get_user_model().objects.filter(email__iexact=data["email"]).first()
            if user is None:
                form.add_error("email", "No tiex account has that e-mail address: invite them first")
        if not form.errors:
            try:
                services_meetings.member_add(
                    actor=request.user, name=data["name"], role=data["role"], authority=data["authority"], user=user
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"{data['name']} is added to the board.")
                return redirect("board:members")
    return _form_page(
        request,
        {
            "form": form,
            "heading": "Add a member of the board",
            "button": "Add the member",
            "cancel": reverse("board:members"),
        },
    )
