"""Load the demo board members and meetings of meetings.toml (see its header for what is from the
board's published note and what is illustrative)."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from tiex.board import services_meetings as services
from tiex.board.models import Action, ActionStatus, BoardMember, Meeting

MEETINGS_PATH = Path(__file__).with_name("meetings.toml")


def load_meetings() -> tuple[int, int]:
    """Replace the demo members and meetings; (meetings, actions) loaded."""
    with MEETINGS_PATH.open("rb") as handle:
        config = tomllib.load(handle)
    Meeting.objects.filter(is_demo=True).delete()
    BoardMember.objects.filter(is_demo=True).delete()
    members = {
        spec["key"]: BoardMember.objects.create(
            name=spec["name"], role=spec.get("role", "member"), authority=spec.get("authority", ""), is_demo=True
        )
        for spec in config["members"]
    }
    meetings: dict[str, Meeting] = {}
    closing: list[tuple[Action, str, str]] = []
    actions = 0
    for spec in config["meetings"]:
        meeting = services.meeting_save(
            actor=None, title="Improvement and Innovation Board", day=spec["date"], venue=spec.get("venue", "")
        )
        meeting.is_demo = True
        meeting.save(update_fields=["is_demo"])
        meetings[spec["key"]] = meeting
        services.attendance_record(
            actor=None,
            meeting=meeting,
            present=[members[key] for key in spec.get("present", [])],
            apologies=[members[key] for key in spec.get("apologies", [])],
        )
        for item_spec in spec.get("items", []):
            item = services.item_add(
                actor=None,
                meeting=meeting,
                title=item_spec["title"],
                presenter=item_spec.get("presenter", ""),
                discussion=item_spec.get("discussion", ""),
                public=item_spec.get("public", True),
                decisions=item_spec.get("decisions", []),
            )
            for action_spec in item_spec.get("actions", []):
                action = services.action_add(
                    actor=None, item=item, text=action_spec["text"], owner=action_spec["owner"]
                )
                actions += 1
                if action_spec.get("status", "open") != ActionStatus.OPEN:
                    closing.append((action, action_spec["status"], action_spec["closed_at"]))
    for action, status, closed in closing:
        day = date.fromisoformat(closed)
        services.action_update(
            actor=None, action=action, status=status, closed_on=day, progress="Reported at the next meeting.", today=day
        )
    for spec in config["meetings"]:
        if "approves" in spec:
            services.minutes_approve(actor=None, meeting=meetings[spec["approves"]], at=meetings[spec["key"]])
    return len(meetings), actions
