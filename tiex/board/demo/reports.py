"""The demo chair's report: drafted by tiex from the demo data for 2018/19 and published, as staff
would after reading it (the text is tiex's draft, unedited)."""

from __future__ import annotations

from datetime import date

from tiex.board import services_reports
from tiex.board.models import BoardReport

PERIOD = (date(2018, 4, 1), date(2019, 3, 31))


def load_reports() -> int:
    """Replace the demo reports; how many were loaded."""
    BoardReport.objects.filter(is_demo=True).delete()
    report = services_reports.report_request(
        actor=None, kind="chair", period_start=PERIOD[0], period_end=PERIOD[1], is_demo=True, in_background=False
    )
    services_reports.report_publish(actor=None, report=report)
    return 1
