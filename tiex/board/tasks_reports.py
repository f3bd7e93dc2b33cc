"""The background task that drafts a board report (enqueued by services_reports after the commit)."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger("tiex.board")


@task(backend="background")
def draft_report(report_id: int) -> str:
    """Gather the figures and draft the report; on an error, mark it failed (staff may draft it again)."""
    from tiex.board import services_reports

    try:
        report = services_reports.report_draft(report_id=report_id)
    except Exception as error:
        logger.exception("board: drafting report %s failed", report_id)
        services_reports.report_failed(report_id=report_id, error=f"{type(error).__name__}: {error}")
        raise
    return "gone or published" if report is None else report.state
