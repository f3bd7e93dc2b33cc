"""Minutes drafted from a meeting's recorded items (pure: plain data in, plain text out).

The draft follows the board's own note: title, date and venue; who attended and who sent
apologies (with their role and authority); the matters arising (actions still open from
earlier meetings); then each item with what was discussed, its decisions and its actions
(owner, due date). Approval freezes this text on the meeting (services_meetings.minutes_approve).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    authority: str

    def line(self) -> str:
        return ", ".join(part for part in (self.name, self.role, self.authority) if part)


@dataclass(frozen=True)
class ActionLine:
    text: str
    owner: str
    due: date | None = None
    status: str = ""
    origin: str = ""  # for matters arising: the meeting it came from

    def line(self) -> str:
        parts = [self.text, f"Owner: {self.owner}"]
        if self.due:
            parts.append(f"due {self.due:%-d %B %Y}")
        if self.origin:
            parts.append(f"from {self.origin}")
        if self.status:
            parts.append(self.status)
        return "; ".join(parts)


@dataclass(frozen=True)
class ItemLines:
    number: int
    title: str
    presenter: str = ""
    discussion: str = ""
    declarations: Sequence[str] = field(default_factory=tuple)
    decisions: Sequence[str] = field(default_factory=tuple)
    actions: Sequence[ActionLine] = field(default_factory=tuple)


@dataclass(frozen=True)
class MeetingLines:
    title: str
    day: date
    venue: str
    present: Sequence[Person]
    apologies: Sequence[Person]
    arising: Sequence[ActionLine]
    items: Sequence[ItemLines]


def draft(meeting: MeetingLines) -> str:
    lines = [f"Note of the {meeting.title} meeting", "", f"Date: {meeting.day:%A %-d %B %Y}"]
    if meeting.venue:
        lines.append(f"Venue: {meeting.venue}")
    lines += ["", "Attendance"]
    lines += [f"- {person.line()}" for person in meeting.present] or ["- Not recorded"]
    if meeting.apologies:
        lines += ["", "Apologies"] + [f"- {person.line()}" for person in meeting.apologies]
    if meeting.arising:
        lines += ["", "Matters arising: actions from earlier meetings"]
        lines += [f"- {action.line()}" for action in meeting.arising]
    for item in meeting.items:
        lines += ["", f"{item.number} {item.title}"]
        if item.presenter:
            lines.append(f"Presented by {item.presenter}.")
        lines += [f"Declaration: {text}" for text in item.declarations]
        if item.discussion:
            lines.append(item.discussion)
        if item.decisions:
            lines += ["Decisions"] + [f"- {text}" for text in item.decisions]
        if item.actions:
            lines += ["Actions"] + [f"- {action.line()}" for action in item.actions]
    return "\n".join(lines) + "\n"
