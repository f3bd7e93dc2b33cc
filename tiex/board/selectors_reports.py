"""Reads of the board's reports: the figures a report is drafted from, and who sees which report.

``report_figures(start, end)`` gathers every figure of a period from the other apps' selectors
(as the pages it cites count them, as they stood at the end of ``end``), each with the link to
that page; ``data_version`` records what data they were drawn from. Everyone sees published
reports; staff and members of the board (selectors.may_view_drafts) see drafts too.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from tiex.assessments import selectors_figures as assessment_figures
from tiex.board import live, measures, selectors
from tiex.board.models import BoardReport, GrantYear, ReportState
from tiex.board.rag import Rag
from tiex.board.report_drafting import Figure, Snapshot, figures_hash
from tiex.core.selectors import data_version as imports_token
from tiex.core.selectors import dataset_list
from tiex.development import selectors_figures as development_figures
from tiex.events import selectors_figures as event_figures
from tiex.library import selectors_figures as library_figures
from tiex.partnerships.filters import PartnershipFilters
from tiex.partnerships.money import gbp_short
from tiex.partnerships.selectors import partnership_totals
from tiex.peer_challenges import financial_years as fy


def period_label(start: date, end: date) -> str:
    """2018/19 for a whole financial year; otherwise "1 April to 30 September 2018"."""
    year = fy.financial_year(start)
    if start == fy.year_start(year) and end == fy.year_end(year):
        return fy.label(year)
    return f"{start.day} {start:%B} to {end.day} {end:%B %Y}" if start.year == end.year else f"{start} to {end}"


def _count(key: str, label: str, value: int | Decimal, href: str, source: str, unit: str = "count") -> Figure:
    number = Decimal(value)
    return Figure(key, label, str(value), measures.display(number, unit), href, source)


def _measure(key: str, start: date, end: date) -> Decimal:
    found = measures.evaluate(key, start, fy.year_end(fy.financial_year(start)), end)
    return found.value if found else Decimal(0)


def _targets(year: int, href: str) -> list[Figure]:
    grant_year = GrantYear.objects.filter(year=year).first()
    if grant_year is None:
        return []
    view = selectors.year_view(grant_year, with_live=False)
    summary = view.summary
    source = "the board's performance page"
    red = _count("targets_red", "Targets at risk or missed (red)", summary.red, href, source)
    missed = tuple(f"{row.deliverable.number}. {row.deliverable.title}" for row in view.rows if row.status == Rag.RED)
    return [
        _count("targets_total", "Targets under the grant", summary.total, href, source),
        _count("targets_green", "Targets fully achieved (green)", summary.green, href, source),
        _count("targets_amber", "Targets in progress (amber)", summary.amber, href, source),
        Figure(**{**red.as_record(), "items": missed}),
        _count("targets_none", "Targets with no update yet", summary.none, href, source),
    ]


def report_figures(start: date, end: date) -> list[Figure]:
    """Every figure of the period from ``start`` (1 April) to ``end`` (a day of that financial year)."""
    year = fy.financial_year(start)
    figures_href = reverse("peer_challenges:figures")
    coverage_href = reverse("peer_challenges:coverage")
    map_href = reverse("partnerships:index") + f"?year={year}"
    before = measures.councils_without_at_start(start)
    after = measures.councils_without_at_end(end)
    fall = measures.reduction_percent(before, after)
    totals = partnership_totals(PartnershipFilters(year=year), today=end)
    cohorts = development_figures.cohorts_between(start, end)
    events = event_figures.events_between(start, end)
    found = [
        _count(
            "exchange_published",
            "Resources published in the Exchange",
            library_figures.published_between(start, end),
            reverse("library:index"),
            "the Exchange",
        ),
        _count(
            "self_assessments_published",
            "Self-assessments completed and shared",
            assessment_figures.published_between(start, end),
            reverse("assessments:index"),
            "self-assessment",
        ),
        _count(
            "peer_challenges_delivered",
            "Peer challenges delivered",
            _measure("peer_challenges_delivered", start, end),
            figures_href,
            "the peer challenges' yearly figures",
        ),
        _count(
            "councils_without_start",
            "Councils with no corporate peer challenge since 2012, at the start",
            before,
            coverage_href,
            "peer challenge coverage",
        ),
        _count(
            "councils_without_end",
            "Councils with no corporate peer challenge since 2012, at the end",
            after,
            coverage_href,
            "peer challenge coverage",
        ),
        _count("partnerships", "Shared-service partnerships", totals.partnerships, map_href, "the Shared Services Map"),
        _count(
            "partnership_councils", "Councils in partnerships", totals.councils, map_href, "the Shared Services Map"
        ),
        Figure(
            "savings_in_year",
            "Savings in the year",
            str(totals.savings_in_year_gbp),
            gbp_short(totals.savings_in_year_gbp),
            map_href,
            "the Shared Services Map",
        ),
        Figure(
            "cumulative_savings",
            "Cumulative savings",
            str(totals.cumulative_savings_gbp),
            gbp_short(totals.cumulative_savings_gbp),
            map_href,
            "the Shared Services Map",
        ),
        _count(
            "cohorts",
            "Development programme cohorts begun",
            cohorts["cohorts"],
            reverse("development:index"),
            "councillor development",
        ),
        _count(
            "cohort_places",
            "Places confirmed in them",
            cohorts["confirmed"],
            reverse("development:index"),
            "councillor development",
        ),
        _count("events", "Events held", events["events"], reverse("events:list"), "events"),
        _count("event_sessions", "Sessions at those events", events["sessions"], reverse("events:list"), "events"),
    ]
    if fall is not None:  # just after the councils it is the fall in
        where = next(n for n, figure in enumerate(found) if figure.key == "councils_without_end") + 1
        found.insert(
            where,
            _count(
                "coverage_reduction",
                "The fall in those councils",
                fall,
                coverage_href,
                "peer challenge coverage",
                unit="percent",
            ),
        )
    found += _targets(year, reverse("board:performance") + f"?year={year}")
    return found


def snapshot_of(report: BoardReport, figures: list[Figure] | None = None) -> Snapshot:
    records = figures if figures is not None else [Figure.from_record(r) for r in report.figures]
    return Snapshot(
        kind=report.kind,
        period_start=report.period_start,
        period_end=report.period_end,
        period_label=period_label(report.period_start, report.period_end),
        figures={figure.key: figure for figure in records},
    )


def data_version(figures: list[Figure], *, on: date) -> dict[str, Any]:
    """What the figures were drawn from: each dataset's latest import, the imports' token, the sources'
    state (live.source_state: it moves on any write the figures could see), the day the figures stand
    at and when they were read, and a hash of the figures (tiex/board/report_drafting.py)."""
    imports = {
        status.spec.slug: status.record.last_imported_at.isoformat()
        for status in dataset_list()
        if status.record is not None and status.record.last_imported_at is not None
    }
    return {
        "imports": imports,
        "imports_token": imports_token(),
        "sources_state": live.source_state(),
        "figures_as_of": on.isoformat(),
        "read_at": timezone.now().isoformat(timespec="seconds"),
        "figures_sha256": figures_hash(figure.as_record() for figure in figures),
    }


def reports_for(user: Any) -> QuerySet[BoardReport]:
    reports = BoardReport.objects.select_related("created_by").order_by("-period_end", "-pk")
    return reports if selectors.may_view_drafts(user) else reports.filter(state=ReportState.PUBLISHED)


def report_get_for(user: Any, pk: int) -> BoardReport | None:
    return reports_for(user).filter(pk=pk).first()


def report_get(pk: int) -> BoardReport | None:
    return BoardReport.objects.filter(pk=pk).first()
