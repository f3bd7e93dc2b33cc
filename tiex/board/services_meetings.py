"""Writes of board meetings (staff, ``board.manage``; the demo loader as the system): meetings,
attendance, items with papers, declarations, decisions and actions, closing actions and approving
minutes. Each is audited, inside one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from tiex.accounts.permissions import require
from tiex.board import selectors_meetings
from tiex.board.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    BoardMember,
    Decision,
    Declaration,
    Meeting,
    Paper,
)
from tiex.board.permissions import BOARD_MANAGE
from tiex.core.services import audit_record

MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_EXTENSIONS = frozenset({".pdf", ".doc", ".docx", ".odt", ".ppt", ".pptx", ".odp", ".xls", ".xlsx", ".ods", ".csv"})


def _may(actor: Any) -> None:
    if actor is not None:  # None: the system (the demo loader)
        require(actor, BOARD_MANAGE)


@transaction.atomic
def meeting_save(*, actor: Any, meeting: Meeting | None = None, title: str, day: date, venue: str = "") -> Meeting:
    _may(actor)
    if meeting is not None and meeting.minutes_approved:
        raise ValidationError("The minutes of this meeting are approved: it can no longer change")
    target = meeting or Meeting()
    target.title, target.date, target.venue = title.strip(), day, venue.strip()
    target.full_clean()
    target.save()
    audit_record(
        actor=actor,
        action="board.meeting.save",
        obj=target,
        after={"title": target.title, "date": day, "venue": target.venue},
    )
    return target


@transaction.atomic
def attendance_record(
    *, actor: Any, meeting: Meeting, present: Sequence[BoardMember], apologies: Sequence[BoardMember]
) -> None:
    _may(actor)
    if set(present) & set(apologies):
        raise ValidationError({"apologies": "A member is either present or sends apologies, not both"})
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, member=m, status=Attendance.Status.PRESENT) for m in present]
        + [Attendance(meeting=meeting, member=m, status=Attendance.Status.APOLOGIES) for m in apologies]
    )
    audit_record(
        actor=actor,
        action="board.meeting.attendance",
        obj=meeting,
        after={"present": [m.pk for m in present], "apologies": [m.pk for m in apologies]},
    )


def _check_file(upload: UploadedFile) -> None:
    if PurePath(upload.name or "").suffix.lower() not in FILE_EXTENSIONS:
        raise ValidationError({"file": "Upload a PDF, Word, PowerPoint or spreadsheet file"})
    if (upload.size or 0) > MAX_FILE_BYTES:
        raise ValidationError({"file": "The file must be smaller than 20 MB"})


def _paper_add(item: AgendaItem, title: str, upload: UploadedFile | None, resource: Any) -> Paper | None:
    """One paper for the item, an uploaded file or an Exchange resource (neither: none)."""
    if upload is None and resource is None:
        return None
    if upload is not None and resource is not None:
        raise ValidationError({"paper_file": "Upload a file or choose an Exchange resource, not both"})
    if upload is not None:
        _check_file(upload)
        default = PurePath(upload.name or "").stem
    else:
        default = str(resource.title)
    name = title.strip() or default
    return Paper.objects.create(item=item, title=name[:300], file=upload or "", resource=resource)


@transaction.atomic
def item_add(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    presenter: str = "",
    discussion: str = "",
    public: bool = True,
    decisions: Sequence[str] = (),
    paper_title: str = "",
    paper_file: UploadedFile | None = None,
    paper_resource: Any = None,
) -> AgendaItem:
    """Add the next item to the agenda, with its decisions and (optionally) one paper (a file or a resource)."""
    _may(actor)
    if meeting.minutes_approved:
        raise ValidationError("The minutes of this meeting are approved: its items can no longer change")
    number = (meeting.items.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=number,
        title=title.strip(),
        presenter=presenter.strip(),
        discussion=discussion.strip(),
        public=public,
    )
    for text in decisions:
        if text.strip():
            Decision.objects.create(item=item, text=text.strip())
    _paper_add(item, paper_title, paper_file, paper_resource)
    audit_record(
        actor=actor,
        action="board.item.add",
        obj=item,
        after={"meeting": meeting.pk, "title": item.title, "public": public},
    )
    return item


@transaction.atomic
def item_update(
    *,
    actor: Any,
    item: AgendaItem,
    title: str,
    presenter: str = "",
    discussion: str = "",
    public: bool = True,
    decisions: Sequence[str] = (),
    remove_papers: Sequence[int] = (),
    paper_title: str = "",
    paper_file: UploadedFile | None = None,
    paper_resource: Any = None,
) -> AgendaItem:
    """Change an item before its meeting's minutes are approved: its title, presenter, discussion,
    public flag and decisions (the lines given replace the recorded ones); remove papers (by id)
    and add one (a file or a resource). Its actions are kept (they are changed on their own page)."""
    _may(actor)
    if item.meeting.minutes_approved:
        raise ValidationError("The minutes of this meeting are approved: its items can no longer change")
    if not title.strip():
        raise ValidationError({"title": "Enter the item's title"})
    before = {"title": item.title, "public": item.public, "papers": list(item.papers.values_list("pk", flat=True))}
    item.title, item.presenter, item.discussion = title.strip(), presenter.strip(), discussion.strip()
    item.public = public
    item.full_clean()
    item.save()
    lines = [text.strip() for text in decisions if text.strip()]
    if lines != list(item.decisions.order_by("pk").values_list("text", flat=True)):
        item.decisions.all().delete()
        Decision.objects.bulk_create([Decision(item=item, text=text) for text in lines])
    removed = list(item.papers.filter(pk__in=list(remove_papers)))
    for paper in removed:
        paper.delete()  # the uploaded file stays in storage: the audit log may point at it
    _paper_add(item, paper_title, paper_file, paper_resource)
    audit_record(
        actor=actor,
        action="board.item.update",
        obj=item,
        before=before,
        after={
            "title": item.title,
            "public": item.public,
            "papers": list(item.papers.values_list("pk", flat=True)),
            "decisions": len(lines),
        },
    )
    return item


@transaction.atomic
def declaration_add(
    *, actor: Any, meeting: Meeting, member: BoardMember, interest: str, item: AgendaItem | None = None
) -> Declaration:
    _may(actor)
    declaration = Declaration.objects.create(meeting=meeting, member=member, item=item, interest=interest.strip())
    audit_record(actor=actor, action="board.declaration.add", obj=declaration, after={"member": member.pk})
    return declaration


@transaction.atomic
def action_add(*, actor: Any, item: AgendaItem, text: str, owner: str, due_date: date | None = None) -> Action:
    _may(actor)
    if not text.strip() or not owner.strip():
        raise ValidationError({"text": "Enter the action and its owner"})
    action = Action.objects.create(item=item, text=text.strip(), owner=owner.strip(), due_date=due_date)
    audit_record(
        actor=actor, action="board.action.add", obj=action, after={"owner": action.owner, "due_date": due_date}
    )
    return action


@transaction.atomic
def action_update(
    *,
    actor: Any,
    action: Action,
    status: str,
    progress: str = "",
    closed_on: date | None = None,
    today: date | None = None,
) -> Action:
    """Record progress on an action, or close it (done or dropped) on a day: it then stops being carried."""
    _may(actor)
    today = today or timezone.localdate()
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose open, done or dropped"})
    before = {"status": action.status, "closed_on": action.closed_on, "progress": action.progress}
    if status == ActionStatus.OPEN:
        action.closed_on = None
    else:
        closed_on = closed_on or today
        if closed_on > today:
            raise ValidationError({"closed_on": "The day it was closed must be today or earlier"})
        if closed_on < action.item.meeting.date:
            raise ValidationError({"closed_on": "An action cannot be closed before the meeting that agreed it"})
        action.closed_on = closed_on
    action.status = status
    action.progress = progress.strip()
    action.save()
    audit_record(
        actor=actor,
        action="board.action.update",
        obj=action,
        before=before,
        after={"status": status, "closed_on": action.closed_on, "progress": action.progress},
    )
    return action


@transaction.atomic
def minutes_approve(*, actor: Any, meeting: Meeting, at: Meeting) -> Meeting:
    """Approve a meeting's minutes at a later meeting: the draft drafted from its items now is frozen and published."""
    _may(actor)
    if meeting.minutes_approved:
        raise ValidationError("These minutes are already approved")
    if at.date <= meeting.date:
        raise ValidationError({"at": "Minutes are approved at a later meeting"})
    meeting.minutes_text = selectors_meetings.minutes_draft(meeting)
    meeting.minutes_approved_on = at.date
    meeting.minutes_approved_at = at
    meeting.save(update_fields=["minutes_text", "minutes_approved_on", "minutes_approved_at"])
    audit_record(actor=actor, action="board.minutes.approve", obj=meeting, after={"approved_at": at.pk, "on": at.date})
    return meeting


@transaction.atomic
def member_add(*, actor: Any, name: str, role: str, authority: str = "", user: Any = None) -> BoardMember:
    """Add a member of the board; linked to a tiex account, they see drafts while they are a current member."""
    _may(actor)
    if user is not None and BoardMember.objects.filter(user=user).exists():
        raise ValidationError({"email": "That account is already linked to a member of the board"})
    member = BoardMember(name=name.strip(), role=role, authority=authority.strip(), user=user)
    member.full_clean()
    member.save()
    audit_record(
        actor=actor, action="board.member.add", obj=member, after={"role": role, "user": getattr(user, "pk", None)}
    )
    return member


@transaction.atomic
def member_update(
    *, actor: Any, member: BoardMember, name: str, role: str, authority: str = "", active: bool = True
) -> BoardMember:
    """Change a member's name, role, council or body, or whether they are a current member (a former
    member keeps their place in past meetings' attendance but no longer sees drafts)."""
    _may(actor)
    before = {"name": member.name, "role": member.role, "authority": member.authority, "active": member.active}
    member.name, member.role, member.authority, member.active = name.strip(), role, authority.strip(), active
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="board.member.update",
        obj=member,
        before=before,
        after={"name": member.name, "role": role, "authority": member.authority, "active": active},
    )
    return member
