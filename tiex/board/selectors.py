"""Reads of the board's targets: the performance page, a deliverable's history, the downloads.

The page, its CSV and its JSON all go through ``year_view``, so they agree. Everyone sees
published grant years; staff and members of the board (``may_view_drafts``) see the others
too. A computed deliverable's live value is its measure today (or on the year's last day once
the year is over); each measure is worked out once per view, however many deliverables use it, and kept until its
sources change (live.py), so a page reads in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from tiex.accounts.permissions import can
from tiex.board import live, measures, rag
from tiex.board.models import BoardMember, Deliverable, GrantYear, Programme, QuarterlyUpdate
from tiex.board.permissions import BOARD_MANAGE, BOARD_VIEW_DRAFTS

PROGRAMME_LABELS = dict(Programme.choices)


def may_manage(user: Any) -> bool:
    return can(user, BOARD_MANAGE)


def board_member_of(user: Any) -> BoardMember | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return BoardMember.objects.filter(user_id=user.pk, active=True).first()


def may_view_drafts(user: Any) -> bool:
    """Staff and the current members of the board (signed in to the account linked to them)."""
    return can(user, BOARD_VIEW_DRAFTS) or board_member_of(user) is not None


def grant_years_for(user: Any) -> QuerySet[GrantYear]:
    years = GrantYear.objects.order_by("-year")
    return years if may_view_drafts(user) else years.filter(published=True)


def grant_year_get_for(user: Any, year: int) -> GrantYear | None:
    return grant_years_for(user).filter(year=year).first()


def grant_year_published(year: int | None = None) -> GrantYear | None:
    """A published grant year (the API shows only these, to everyone alike): ``year``, or the latest."""
    years = GrantYear.objects.filter(published=True).order_by("-year")
    return years.filter(year=year).first() if year is not None else years.first()


@dataclass
class DeliverableRow:
    deliverable: Deliverable
    by_quarter: list[QuarterlyUpdate | None]  # one per quarter, Q1 first
    measure: measures.Measure | None = None
    live: measures.Value | None = None

    @property
    def latest(self) -> QuarterlyUpdate | None:
        return next((update for update in reversed(self.by_quarter) if update is not None), None)

    @property
    def status(self) -> str | None:
        latest = self.latest
        return latest.status if latest else None

    @property
    def unit(self) -> str:
        return self.measure.unit if self.measure else "count"

    def shown(self, value: Any) -> str:
        return measures.display(value, self.unit)

    @property
    def live_display(self) -> str:
        return self.shown(self.live.value) if self.live else ""

    @property
    def quarters(self) -> list[tuple[QuarterlyUpdate | None, str]]:
        """Each quarter's update with its close value as shown (£, %, or a count), Q1 first."""
        return [
            (update, self.shown(update.close_value) if update and update.close_value is not None else "")
            for update in self.by_quarter
        ]

    @property
    def target_display(self) -> str:
        return self.shown(self.deliverable.target_value) if self.deliverable.target_value is not None else ""


@dataclass
class ProgrammeGroup:
    programme: str
    label: str
    rows: list[DeliverableRow]
    summary: rag.Summary


@dataclass
class YearView:
    grant_year: GrantYear
    quarters: list[rag.Quarter]
    rows: list[DeliverableRow]
    summary: rag.Summary
    programmes: list[ProgrammeGroup] = field(default_factory=list)
    live_on: date | None = None  # the day the live values are for
    closed: list[rag.Quarter] = field(default_factory=list)

    @property
    def has_computed(self) -> bool:
        return any(row.deliverable.is_computed for row in self.rows)


def _deliverables(grant_year: GrantYear) -> list[Deliverable]:
    return list(
        Deliverable.objects.filter(grant_year=grant_year)
        .select_related("grant_year")
        .prefetch_related(Prefetch("updates", queryset=QuarterlyUpdate.objects.order_by("quarter")))
        .order_by("number")
    )


def _live_values(grant_year: GrantYear, deliverables: list[Deliverable], on: date) -> dict[str, measures.Value | None]:
    """The live value of each measure the deliverables use, worked out once each (kept: live.py)."""
    keys = [item.computed_measure for item in deliverables if item.is_computed]
    return live.values(keys, grant_year.period_start, grant_year.period_end, on)


def _row(deliverable: Deliverable, found: dict[str, measures.Value | None] | None) -> DeliverableRow:
    by_quarter: list[QuarterlyUpdate | None] = [None] * len(rag.QUARTERS)
    for update in deliverable.updates.all():
        if 1 <= update.quarter <= len(rag.QUARTERS):
            by_quarter[update.quarter - 1] = update
    row = DeliverableRow(deliverable, by_quarter)
    if deliverable.is_computed:
        row.measure = measures.MEASURES.get(deliverable.computed_measure)
        if found is not None:
            row.live = found.get(deliverable.computed_measure)
    return row


def year_view(grant_year: GrantYear, *, today: date | None = None, with_live: bool = True) -> YearView:
    """The year's deliverables by programme with their quarterly history and summary."""
    today = today or timezone.localdate()
    on = min(today, grant_year.period_end)
    deliverables = _deliverables(grant_year)
    found = _live_values(grant_year, deliverables, on) if with_live and today >= grant_year.period_start else None
    rows = [_row(deliverable, found) for deliverable in deliverables]
    groups = []
    for code, label in Programme.choices:
        members = [row for row in rows if row.deliverable.programme == code]
        if members:
            groups.append(ProgrammeGroup(code, label, members, rag.summarise(row.status for row in members)))
    return YearView(
        grant_year=grant_year,
        quarters=rag.quarters(grant_year.period_start),
        rows=rows,
        summary=rag.summarise(row.status for row in rows),
        programmes=groups,
        live_on=on if found is not None else None,
        closed=rag.closed_quarters(grant_year.period_start, today),
    )


def deliverable_get(grant_year: GrantYear, number: int) -> Deliverable | None:
    """The year's deliverable by its number, with its updates (one query for them)."""
    return (
        Deliverable.objects.filter(grant_year=grant_year, number=number)
        .select_related("grant_year")
        .prefetch_related(Prefetch("updates", queryset=QuarterlyUpdate.objects.order_by("quarter")))
        .first()
    )


def deliverable_row(deliverable: Deliverable, *, today: date | None = None) -> DeliverableRow:
    """One deliverable (as deliverable_get gives it) with its updates and, when computed, its live value."""
    today = today or timezone.localdate()
    grant_year = deliverable.grant_year
    on = min(today, grant_year.period_end)
    values = _live_values(grant_year, [deliverable], on) if today >= grant_year.period_start else None
    return _row(deliverable, values)


def update_get(deliverable: Deliverable, quarter: int) -> QuarterlyUpdate | None:
    """The deliverable's update for the quarter (from its prefetched updates, as deliverable_get gives them)."""
    return next((update for update in deliverable.updates.all() if update.quarter == quarter), None)
