"""The action plan as CSV rows (the page and the download read the same selector)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tiex.plans.models import Action

HEADER = ["what", "owner", "due_date", "status", "source", "source_ref", "area", "resources"]


def action_rows(actions: Iterable[Action]) -> Iterator[list[str]]:
    for action in actions:
        yield [
            action.title,
            action.owner,
            action.due_date.isoformat() if action.due_date else "",
            action.get_status_display(),
            f"{action.get_source_kind_display()} {action.source_id}",
            action.source_ref,
            action.source_label,
            "; ".join(resource.title for resource in action.resources.all()),
        ]
