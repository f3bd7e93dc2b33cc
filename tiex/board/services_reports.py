"""Writes of the board's reports (staff, ``board.manage``; the demo loader as the system).

``report_request`` records a report to be drafted and enqueues ``tasks_reports.draft_report``
after the commit; the task calls ``report_draft``, which gathers the figures for the period
(selectors_reports.report_figures), records them with the data version, and drafts the
sections (report_drafting.draft). Staff then edit the sections (``report_edit``), draft it
again (``report_redraft``: their edits are replaced) and publish it (``report_publish``),
which freezes it. Each write is audited, inside one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tiex.accounts.permissions import require
from tiex.board import report_drafting, selectors_reports
from tiex.board.models import BoardReport, ReportKind, ReportState
from tiex.board.permissions import BOARD_MANAGE
from tiex.core.services import audit_record
from tiex.peer_challenges import financial_years as fy

MAX_SECTIONS = 30
MAX_TEXT = 20000


def _may(actor: Any) -> None:
    if actor is not None:  # None: the system (the demo loader, the background task)
        require(actor, BOARD_MANAGE)


def _enqueue(report_id: int) -> Callable[[], None]:
    def enqueue() -> None:
        from tiex.board import tasks_reports

        tasks_reports.draft_report.enqueue(report_id)

    return enqueue


def default_title(kind: str, start: date, end: date) -> str:
    return f"{ReportKind(kind).label}: {selectors_reports.period_label(start, end)}"


def check_period(start: date, end: date, *, today: date | None = None) -> None:
    """A report covers a financial year from its start (1 April) to a day in it that has passed."""
    today = today or timezone.localdate()
    year = fy.financial_year(start)
    if start != fy.year_start(year):
        raise ValidationError({"period_start": "A report's period starts on 1 April"})
    if not start <= end <= fy.year_end(year):
        raise ValidationError({"period_end": f"The period ends between 1 April {year} and 31 March {year + 1}"})
    if end > today:
        raise ValidationError({"period_end": "The period ends on a day that has passed, or today"})


@transaction.atomic
def report_request(
    *,
    actor: Any,
    kind: str,
    period_start: date,
    period_end: date,
    title: str = "",
    is_demo: bool = False,
    in_background: bool = True,
) -> BoardReport:
    """Record a report and have it drafted in the background (after the commit), or now when not
    ``in_background`` (the demo loader)."""
    _may(actor)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": "Choose the chair's report or the monitoring and performance report"})
    check_period(period_start, period_end)
    report = BoardReport(
        kind=kind,
        title=title.strip() or default_title(kind, period_start, period_end),
        period_start=period_start,
        period_end=period_end,
        state=ReportState.DRAFTING,
        created_by=actor,
        is_demo=is_demo,
    )
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action="board.report.request",
        obj=report,
        after={"kind": kind, "period_start": period_start, "period_end": period_end},
    )
    if not in_background:
        return report_draft(report_id=report.pk) or report
    transaction.on_commit(_enqueue(report.pk))
    return report


@transaction.atomic
def report_draft(*, report_id: int) -> BoardReport | None:
    """Gather the period's figures and draft the sections (the background task); None if the report
    is gone or already published."""
    report = BoardReport.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.is_published:
        return None
    figures = selectors_reports.report_figures(report.period_start, report.period_end)
    sections = report_drafting.draft(selectors_reports.snapshot_of(report, figures))
    report.figures = [figure.as_record() for figure in figures]
    report.data_version = selectors_reports.data_version(figures, on=report.period_end)
    report.sections = [section.as_record() for section in sections]
    report.state = ReportState.DRAFT
    report.drafting_error = ""
    report.drafted_at = timezone.now()
    report.save()
    audit_record(
        actor=None,
        action="board.report.draft",
        obj=report,
        after={"figures_sha256": report.data_version["figures_sha256"], "sections": len(sections)},
    )
    return report


def report_failed(*, report_id: int, error: str) -> None:
    BoardReport.objects.filter(pk=report_id, state=ReportState.DRAFTING).update(
        state=ReportState.FAILED, drafting_error=error[:2000]
    )


def _editable(report: BoardReport) -> None:
    if report.is_published:
        raise ValidationError("This report is published: it can no longer change")
    if report.is_drafting:
        raise ValidationError("This report is being drafted: wait until it is ready")


@transaction.atomic
def report_redraft(*, actor: Any, report: BoardReport) -> BoardReport:
    """Draft the report again from today's data (after the commit); the edits made are replaced."""
    _may(actor)
    if report.is_published:
        raise ValidationError("This report is published: it can no longer change")
    report.state = ReportState.DRAFTING
    report.save(update_fields=["state"])
    audit_record(actor=actor, action="board.report.redraft", obj=report)
    transaction.on_commit(_enqueue(report.pk))
    return report


@transaction.atomic
def report_edit(*, actor: Any, report: BoardReport, title: str, sections: Sequence[tuple[str, str]]) -> BoardReport:
    """Replace the title and the sections' headings and text (a section with neither is dropped)."""
    _may(actor)
    _editable(report)
    kept = [{"heading": h.strip(), "text": t.strip()} for h, t in sections if h.strip() or t.strip()]
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Enter the report's title"
    if not kept:
        errors["__all__"] = "A report has at least one section"
    if len(kept) > MAX_SECTIONS:
        errors["__all__"] = f"A report has at most {MAX_SECTIONS} sections"
    if any(not section["heading"] for section in kept):
        errors["__all__"] = "Give every section a heading"
    if any(len(section["text"]) > MAX_TEXT for section in kept):
        errors["__all__"] = f"A section's text is at most {MAX_TEXT} characters"
    if errors:
        raise ValidationError(errors)
    before = {"title": report.title, "sections": report.sections}
    report.title = title.strip()
    report.sections = kept
    report.edited_at = timezone.now()
    report.save(update_fields=["title", "sections", "edited_at"])
    audit_record(actor=actor, action="board.report.edit", obj=report, before=before, after={"title": report.title})
    return report


@transaction.atomic
def report_publish(*, actor: Any, report: BoardReport) -> BoardReport:
    _may(actor)
    _editable(report)
    if report.state != ReportState.DRAFT:
        raise ValidationError("Only a drafted report can be published")
    report.state = ReportState.PUBLISHED
    report.published_at = timezone.now()
    report.save(update_fields=["state", "published_at"])
    audit_record(actor=actor, action="board.report.publish", obj=report)
    return report
