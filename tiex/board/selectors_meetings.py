"""Reads of board meetings: the list, a meeting's page, matters arising, the minutes' draft, papers.

Everyone sees that a meeting took place (its date and venue), its items marked public with their
papers, and its minutes once approved. Staff and members of the board (selectors.may_view_drafts)
also see items not marked public, draft minutes, attendance, declarations, decisions and actions.

An action is carried to every later meeting ("matters arising") until it is closed: the
actions of earlier meetings that were open on the meeting's day (still open, or closed on or
after it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from tiex.board import minutes
from tiex.board.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    BoardMember,
    BoardRole,
    Declaration,
    Meeting,
    Paper,
)
from tiex.board.selectors import may_view_drafts


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.order_by("-date", "-pk")


def meeting_get(pk: int) -> Meeting | None:
    """The meeting, with the meeting that approved its minutes and ``has_next`` (a later meeting exists)."""
    later = Meeting.objects.filter(date__gt=OuterRef("date"))
    return Meeting.objects.filter(pk=pk).select_related("minutes_approved_at").annotate(has_next=Exists(later)).first()


def item_get(meeting: Meeting, pk: int) -> AgendaItem | None:
    """One of the meeting's items with its papers and decisions (staff pages)."""
    return (
        meeting.items.filter(pk=pk)
        .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("pk")), "decisions")
        .first()
    )


def member_list() -> list[BoardMember]:
    """The members of the board, current ones first, then by role (the chair first) and name."""
    members = list(BoardMember.objects.select_related("user"))
    return sorted(members, key=lambda m: (not m.active, ROLE_ORDER.get(m.role, len(ROLE_ORDER)), m.name))


def member_get(pk: int) -> BoardMember | None:
    return BoardMember.objects.filter(pk=pk).first()


def _arising(meeting: Meeting) -> Q:
    return Q(item__meeting__date__lt=meeting.date) & (Q(status=ActionStatus.OPEN) | Q(closed_on__gte=meeting.date))


def matters_arising(meeting: Meeting) -> list[Action]:
    """Actions of earlier meetings open on this meeting's day, oldest first."""
    return list(
        Action.objects.filter(_arising(meeting))
        .select_related("item__meeting")
        .order_by("item__meeting__date", "item__number", "pk")
    )


def open_actions() -> list[Action]:
    return list(
        Action.objects.filter(status=ActionStatus.OPEN)
        .select_related("item__meeting")
        .order_by("due_date", "item__meeting__date", "pk")
    )


def _items(meeting: Meeting, *, drafts: bool) -> list[AgendaItem]:
    """The meeting's items (public ones only unless ``drafts``) with their papers; for those who see
    drafts, also their decisions and declarations (the actions: ``_with_actions``)."""
    items = meeting.items.all() if drafts else meeting.items.filter(public=True)
    papers = Prefetch("papers", queryset=Paper.objects.select_related("resource").order_by("pk"))
    if drafts:
        declarations = Prefetch("declarations", queryset=Declaration.objects.select_related("member").order_by("pk"))
        items = items.prefetch_related(papers, "decisions", declarations)
    else:
        items = items.prefetch_related(papers)
    return list(items.order_by("number"))


def _with_actions(meeting: Meeting, items: list[AgendaItem]) -> list[Action]:
    """Read in one query the items' own actions (set on each item, as a prefetch would) and the
    matters arising (returned, oldest first)."""
    found = list(
        Action.objects.filter(Q(item__meeting=meeting) | _arising(meeting))
        .select_related("item__meeting")
        .order_by("item__meeting__date", "item__number", "pk")
    )
    by_item: dict[int, list[Action]] = {item.pk: [] for item in items}
    arising = []
    for action in found:
        if action.item.meeting_id == meeting.pk:
            by_item.setdefault(action.item_id, []).append(action)
        else:
            arising.append(action)
    for item in items:
        item._prefetched_objects_cache["actions"] = by_item[item.pk]  # type: ignore[attr-defined]
    return arising


ROLE_ORDER = {role: index for index, role in enumerate(BoardRole.values)}


def _attendance(meeting: Meeting) -> list[Attendance]:
    """The meeting's attendance as the board's note lists it: the chair, vice-chair and deputies first, then by name."""
    rows = list(meeting.attendance.select_related("member"))
    return sorted(rows, key=lambda row: (ROLE_ORDER.get(row.member.role, len(ROLE_ORDER)), row.member.name))


def _person(row: Attendance) -> minutes.Person:
    member = row.member
    role = "" if member.role == BoardRole.MEMBER else member.get_role_display()
    return minutes.Person(member.name, role, member.authority)


def _action_line(action: Action, *, origin: bool = False) -> minutes.ActionLine:
    status = "" if action.status == ActionStatus.OPEN else f"{action.get_status_display()} {action.closed_on:%-d %B %Y}"
    return minutes.ActionLine(
        text=action.text,
        owner=action.owner,
        due=action.due_date,
        status=status if origin else "",
        origin=f"{action.item.meeting.date:%-d %B %Y}" if origin else "",
    )


def minutes_lines(
    meeting: Meeting, items: list[AgendaItem], attendance: list[Attendance], arising: list[Action]
) -> minutes.MeetingLines:
    return minutes.MeetingLines(
        title=meeting.title,
        day=meeting.date,
        venue=meeting.venue,
        present=[_person(row) for row in attendance if row.status == Attendance.Status.PRESENT],
        apologies=[_person(row) for row in attendance if row.status == Attendance.Status.APOLOGIES],
        arising=[_action_line(action, origin=True) for action in arising],
        items=[
            minutes.ItemLines(
                number=item.number,
                title=item.title,
                presenter=item.presenter,
                discussion=item.discussion,
                declarations=[f"{d.member.name}: {d.interest}" for d in item.declarations.all()],
                decisions=[decision.text for decision in item.decisions.all()],
                actions=[_action_line(action) for action in item.actions.all()],
            )
            for item in items
        ],
    )


def minutes_draft(meeting: Meeting) -> str:
    """The minutes drafted from every recorded item of the meeting (what approval freezes)."""
    items = _items(meeting, drafts=True)
    arising = _with_actions(meeting, items)
    return minutes.draft(minutes_lines(meeting, items, _attendance(meeting), arising))


@dataclass
class MeetingPage:
    meeting: Meeting
    drafts: bool  # the person sees drafts (staff, members of the board)
    items: list[AgendaItem]
    present: list[Attendance]
    apologies: list[Attendance]
    arising: list[Action]
    minutes: str  # approved minutes, or (for those who see drafts) the draft; "" otherwise
    minutes_are_draft: bool
    approved_at: Meeting | None
    has_next: bool  # a later meeting exists (which could approve the minutes)


def meeting_page(user: Any, meeting: Meeting) -> MeetingPage:
    drafts = may_view_drafts(user)
    items = _items(meeting, drafts=drafts)
    attendance = _attendance(meeting) if drafts else []
    arising = _with_actions(meeting, items) if drafts else []
    if meeting.minutes_approved:
        text, is_draft = meeting.minutes_text, False
    elif drafts:
        text, is_draft = minutes.draft(minutes_lines(meeting, items, attendance, arising)), True
    else:
        text, is_draft = "", False
    has_next = getattr(meeting, "has_next", None)  # annotated by meeting_get
    if has_next is None:
        has_next = Meeting.objects.filter(date__gt=meeting.date).exists()
    return MeetingPage(
        meeting=meeting,
        drafts=drafts,
        items=items,
        present=[row for row in attendance if row.status == Attendance.Status.PRESENT],
        apologies=[row for row in attendance if row.status == Attendance.Status.APOLOGIES],
        arising=arising,
        minutes=text,
        minutes_are_draft=is_draft,
        approved_at=meeting.minutes_approved_at,
        has_next=has_next,
    )


def public_meetings() -> list[Meeting]:
    """Every meeting as everyone sees it, latest first: its public items with their papers (an
    Exchange resource only while it is published) and, for the API, their decisions and actions,
    which a caller shows only once the minutes (where they are published) are approved. Five queries."""
    papers = Paper.objects.filter(Q(resource__isnull=True) | Q(resource__live=True)).order_by("pk")
    items = AgendaItem.objects.filter(public=True).order_by("number")
    return list(
        Meeting.objects.order_by("-date", "-pk").prefetch_related(
            Prefetch(
                "items", queryset=items.prefetch_related(Prefetch("papers", queryset=papers), "decisions", "actions")
            )
        )
    )


def paper_get_for(user: Any, meeting: Meeting, pk: int) -> Paper | None:
    """A paper of the meeting the person may open: of a public item, or any for those who see drafts."""
    papers = Paper.objects.filter(item__meeting=meeting, pk=pk).select_related("resource", "item")
    if not may_view_drafts(user):
        papers = papers.filter(item__public=True)
    return papers.first()
