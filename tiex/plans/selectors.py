"""Every read of action plans, with who may see them (the council's members only)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from tiex.accounts.permissions import can
from tiex.plans import sources
from tiex.plans.models import Action, Plan
from tiex.plans.permissions import PLAN_MANAGE, PLAN_VIEW


def may_view(*, user: Any, organisation: Any) -> bool:
    return can(user, PLAN_VIEW, organisation)


def may_manage(*, user: Any, organisation: Any) -> bool:
    return can(user, PLAN_MANAGE, organisation)


def _actions() -> QuerySet[Action]:
    return Action.objects.select_related("plan__organisation").prefetch_related("resources")


def plan_get(*, organisation: Any) -> Plan | None:
    return Plan.objects.filter(organisation=organisation).first()


def action_list(*, organisation: Any) -> list[Action]:
    """Every action of the council's plan: not done first, then by due date. Each says where it
    came from (``action.source``, see ``tiex.plans.sources``)."""
    actions = list(_actions().filter(plan__organisation=organisation))
    sources.describe(actions)
    return sorted(actions, key=lambda a: (a.status == "done", a.due_date is None, a.due_date or 0, a.pk))


def action_list_for_sources(*, kind: str, ids: Iterable[int]) -> list[Action]:
    """The actions that came from these sources (e.g. the assessments of a council on one framework)."""
    wanted = list(ids)
    if not wanted:
        return []
    return list(_actions().filter(source_kind=kind, source_id__in=wanted).order_by("source_id", "due_date", "pk"))


def action_get(*, pk: int) -> Action | None:
    return _actions().filter(pk=pk).first()
