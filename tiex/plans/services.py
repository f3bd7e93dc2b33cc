"""Every write to action plans: add an action from a source, change it. Each is audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tiex.core.services import audit_record
from tiex.plans.models import Action, ActionStatus, Plan, SourceKind


def plan_ensure(*, organisation: Any) -> Plan:
    """The council's plan, created on first use."""
    if organisation.council_id is None:
        raise ValidationError("Only a council has an action plan.")
    plan, _ = Plan.objects.get_or_create(organisation=organisation)
    return plan


def _clean(title: str, owner: str, status: str) -> tuple[str, str]:
    title, owner = " ".join(title.split()), " ".join(owner.split())
    if not title:
        raise ValidationError("Say what the action is.")
    if len(title) > 300 or len(owner) > 150:
        raise ValidationError("Keep the action to 300 characters and its owner to 150.")
    if status not in ActionStatus.values:
        raise ValidationError("Choose the action's status.")
    return title, owner


def _snapshot(action: Action) -> dict[str, Any]:
    return {
        "title": action.title,
        "owner": action.owner,
        "due_date": action.due_date.isoformat() if action.due_date else None,
        "status": action.status,
        "resources": sorted(action.resources.values_list("pk", flat=True)),
    }


@transaction.atomic
def action_create(
    *,
    actor: Any,
    organisation: Any,
    source_kind: str,
    source_id: int,
    source_ref: str = "",
    source_label: str = "",
    title: str,
    owner: str = "",
    due_date: datetime.date | None = None,
    status: str = ActionStatus.NOT_STARTED,
    resource_ids: Iterable[int] = (),
) -> Action:
    """Add an action to the council's plan, saying where it came from (e.g. a statement of an assessment)."""
    if source_kind not in SourceKind.values:
        raise ValidationError("Unknown source of an action.")
    title, owner = _clean(title, owner, status)
    action = Action.objects.create(
        plan=plan_ensure(organisation=organisation),
        title=title,
        owner=owner,
        due_date=due_date,
        status=status,
        source_kind=source_kind,
        source_id=source_id,
        source_ref=source_ref,
        source_label=source_label[:500],
        created_by=actor,
    )
    action.resources.set(list(resource_ids))
    audit_record(actor=actor, action="plan.action.create", obj=action, after=_snapshot(action))
    return action


@transaction.atomic
def action_update(
    *,
    actor: Any,
    action: Action,
    title: str,
    owner: str,
    due_date: datetime.date | None,
    status: str,
    resource_ids: Iterable[int],
) -> Action:
    """Change an action: its words, owner, due date, status or linked resources."""
    title, owner = _clean(title, owner, status)
    before = _snapshot(action)
    action.title, action.owner, action.due_date, action.status = title, owner, due_date, status
    action.updated_at = timezone.now()
    action.save(update_fields=["title", "owner", "due_date", "status", "updated_at"])
    action.resources.set(list(resource_ids))
    after = _snapshot(action)
    if after != before:
        audit_record(actor=actor, action="plan.action.change", obj=action, before=before, after=after)
    return action
