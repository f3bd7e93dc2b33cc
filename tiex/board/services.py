"""Writes of the board's targets: grant years, deliverables, quarterly updates and quarter closes.

Every write is staff's (``board.manage``), audited, inside one transaction; the scheduler's
quarter close (``quarters_close_due``) runs as the system. Meetings' writes are in
services_meetings.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from tiex.accounts.permissions import require
from tiex.board import measures, rag
from tiex.board.models import Deliverable, GrantYear, Method, QuarterlyUpdate
from tiex.board.permissions import BOARD_MANAGE
from tiex.core.services import audit_record

GRANT_YEAR_FIELDS = (
    "year",
    "department",
    "amount_gbp",
    "period_start",
    "period_end",
    "memorandum_signed",
    "memorandum_url",
    "note",
    "published",
)
DELIVERABLE_FIELDS = (
    "number",
    "title",
    "programme",
    "measure",
    "target",
    "target_value",
    "owner",
    "method",
    "computed_measure",
)


def _fields(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


@transaction.atomic
def grant_year_save(*, actor: Any, grant_year: GrantYear | None = None, **data: Any) -> GrantYear:
    """Create or change a grant year. Its period is a financial year (1 April to 31 March), as the
    memoranda's are: the quarters, and the measures counted by financial year, rely on it."""
    require(actor, BOARD_MANAGE)
    unknown = set(data) - set(GRANT_YEAR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown grant year fields: {sorted(unknown)}")
    year = data.get("year", grant_year.year if grant_year else None)
    if year is None:
        raise ValidationError({"year": "Enter the financial year"})
    start, end = data.get("period_start"), data.get("period_end")
    if start != date(year, 4, 1):
        raise ValidationError({"period_start": f"The period starts on 1 April {year}"})
    if end != date(year + 1, 3, 31):
        raise ValidationError({"period_end": f"The period ends on 31 March {year + 1}"})
    clash = GrantYear.objects.filter(year=year)
    if grant_year is not None:
        clash = clash.exclude(pk=grant_year.pk)
    if clash.exists():
        raise ValidationError({"year": "There is already a grant year for that financial year"})
    before = _fields(grant_year, GRANT_YEAR_FIELDS) if grant_year else None
    target = grant_year or GrantYear()
    for name, value in data.items():
        setattr(target, name, value)
    target.full_clean()
    target.save()
    audit_record(
        actor=actor,
        action="board.grant_year.save",
        obj=target,
        before=before,
        after=_fields(target, GRANT_YEAR_FIELDS),
    )
    return target


@transaction.atomic
def deliverable_save(
    *, actor: Any, grant_year: GrantYear, deliverable: Deliverable | None = None, **data: Any
) -> Deliverable:
    """Create or change a deliverable. A computed one names a measure of measures.py and a target value."""
    require(actor, BOARD_MANAGE)
    unknown = set(data) - set(DELIVERABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown deliverable fields: {sorted(unknown)}")
    before = _fields(deliverable, DELIVERABLE_FIELDS) if deliverable else None
    target = deliverable or Deliverable(grant_year=grant_year)
    for name, value in data.items():
        setattr(target, name, value)
    if target.method == Method.COMPUTED:
        if target.computed_measure not in measures.MEASURES:
            raise ValidationError({"computed_measure": "Choose how the value is computed"})
        if target.target_value is None:
            raise ValidationError(
                {"target_value": "Enter the target as a number: a computed value is measured against it"}
            )
    else:
        target.computed_measure = ""
    clash = Deliverable.objects.filter(grant_year=grant_year, number=target.number)
    if target.pk:
        clash = clash.exclude(pk=target.pk)
    if clash.exists():
        raise ValidationError({"number": "Another deliverable of this year has that number"})
    target.full_clean()
    target.save()
    audit_record(
        actor=actor,
        action="board.deliverable.save",
        obj=target,
        before=before,
        after=_fields(target, DELIVERABLE_FIELDS),
    )
    return target


def _links(links: Sequence[str]) -> list[str]:
    check = URLValidator(schemes=["https", "http"])
    found = []
    for link in links:
        link = link.strip()
        if not link:
            continue
        try:
            check(link)
        except ValidationError:
            raise ValidationError(
                {"evidence_links": f"Enter each link as an address starting https://: {link[:60]}"}
            ) from None
        found.append(link)
    return found


def _close_value(update: QuarterlyUpdate, deliverable: Deliverable, quarter: rag.Quarter) -> None:
    found = measures.evaluate(
        deliverable.computed_measure,
        deliverable.grant_year.period_start,
        deliverable.grant_year.period_end,
        quarter.end,
    )
    if found is not None:
        update.close_value = found.value
        update.close_detail = found.detail[:300]
        update.close_recorded_at = timezone.now()


@transaction.atomic
def quarterly_update_record(
    *,
    actor: Any,
    deliverable: Deliverable,
    quarter: int,
    status: str,
    commentary: str = "",
    evidence_links: Sequence[str] = (),
    today: date | None = None,
) -> QuarterlyUpdate:
    """Record (or change) a deliverable's update for a quarter that has begun. For a computed
    deliverable whose quarter has ended, the value at the close is recorded too if it was not yet."""
    require(actor, BOARD_MANAGE)
    today = today or timezone.localdate()
    grant_year = deliverable.grant_year
    try:
        period = rag.quarter_of(grant_year.period_start, quarter)
    except ValueError:
        raise ValidationError({"quarter": "Choose a quarter from 1 to 4"}) from None
    if period.start > today:
        raise ValidationError({"quarter": f"{period.label} has not begun: it starts on {period.start:%-d %B %Y}"})
    if status not in rag.Rag.values:
        raise ValidationError({"status": "Choose green, amber or red"})
    links = _links(evidence_links)
    update = QuarterlyUpdate.objects.filter(deliverable=deliverable, quarter=quarter).first()
    before = (
        {"status": update.status, "commentary": update.commentary, "evidence_links": update.evidence_links}
        if update
        else None
    )
    update = update or QuarterlyUpdate(deliverable=deliverable, quarter=quarter)
    update.status = status
    update.commentary = commentary.strip()
    update.evidence_links = links
    update.updated_by = actor
    if deliverable.is_computed and period.end < today and update.close_recorded_at is None:
        _close_value(update, deliverable, period)
    update.save()
    audit_record(
        actor=actor,
        action="board.update.record",
        obj=update,
        before=before,
        after={"status": status, "commentary": update.commentary, "evidence_links": links},
    )
    return update


def _close(actor: Any, grant_year: GrantYear, quarter: rag.Quarter) -> int:
    """Record the close value of each computed deliverable of the year that has none for the quarter."""
    recorded = 0
    final = quarter.number == rag.QUARTERS[-1]
    for deliverable in grant_year.deliverables.filter(method=Method.COMPUTED).select_related("grant_year"):
        update = QuarterlyUpdate.objects.filter(deliverable=deliverable, quarter=quarter.number).first()
        if update is not None and update.close_recorded_at is not None:
            continue
        update = update or QuarterlyUpdate(deliverable=deliverable, quarter=quarter.number)
        _close_value(update, deliverable, quarter)
        if not update.status:
            target = deliverable.target_value
            value = update.close_value
            update.status = rag.proposed_status(
                float(value) if value is not None else None, float(target) if target is not None else None, final=final
            )
            update.commentary = update.commentary or "Status proposed from the value at the quarter's close."
        update.save()
        audit_record(
            actor=actor,
            action="board.quarter.close",
            obj=update,
            after={"quarter": quarter.number, "value": update.close_value, "detail": update.close_detail},
        )
        recorded += 1
    return recorded


@transaction.atomic
def quarter_close(*, actor: Any, grant_year: GrantYear, quarter: int, today: date | None = None) -> int:
    """Close a quarter that has ended (staff): record each computed deliverable's value at its last
    day, with a proposed status where none was given. The number of values recorded."""
    require(actor, BOARD_MANAGE)
    today = today or timezone.localdate()
    try:
        period = rag.quarter_of(grant_year.period_start, quarter)
    except ValueError:
        raise ValidationError({"quarter": "Choose a quarter from 1 to 4"}) from None
    if period.end >= today:
        raise ValidationError({"quarter": f"{period.label} ends on {period.end:%-d %B %Y}: close it after that"})
    return _close(actor, grant_year, period)


@transaction.atomic
def quarters_close_due(*, today: date | None = None) -> int:
    """Close every ended quarter of every grant year that has computed deliverables (the scheduler's job)."""
    today = today or timezone.localdate()
    recorded = 0
    years = GrantYear.objects.filter(deliverables__method=Method.COMPUTED).distinct()
    for grant_year in years:
        for period in rag.closed_quarters(grant_year.period_start, today):
            recorded += _close(None, grant_year, period)
    return recorded
