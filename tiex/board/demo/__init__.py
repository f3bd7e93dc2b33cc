"""Demo content of the board for `tiex demo`: grant years of targets (targets.toml) and board
meetings modelled on the board's published papers (meetings.toml), and a chair's report for 2018/19
drafted from the demo data of every app (reports.py). Everything is marked as demo
(``is_demo``) and replaced on each run; real rows are never touched.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from tiex.board.demo.meetings import load_meetings
from tiex.board.demo.reports import load_reports
from tiex.board.demo.targets import load_targets
from tiex.board.models import BoardReport, GrantYear, Meeting


@transaction.atomic
def load_demo(*, if_empty: bool = False, today: date | None = None) -> str:
    if if_empty and (GrantYear.objects.filter(is_demo=True).exists() or Meeting.objects.filter(is_demo=True).exists()):
        if not BoardReport.objects.filter(is_demo=True).exists():  # a database loaded before reports existed
            return f"demo board content is already loaded; {load_reports()} demo report, published."
        return "demo board content is already loaded."
    from tiex.board.services import quarters_close_due

    today = today or timezone.localdate()
    years, deliverables = load_targets(today)
    closed = quarters_close_due(today=today)
    meetings, actions = load_meetings()
    reports = load_reports()
    return (
        f"{years} demo grant years with {deliverables} deliverables ({closed} quarter-close values recorded); "
        f"{meetings} demo board meetings with {actions} actions; {reports} demo report, published."
    )
