"""The performance page, a deliverable's history and the downloads. Adapters only: selectors.py reads.

``?year=2018`` chooses the grant year (2018/19); without it, the latest one the person may see.
A year that does not exist, or that is not published and the person may not see drafts, is 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from tiex.board import measures, rag, selectors
from tiex.board.models import GrantYear
from tiex.core.csv import BYTE_ORDER_MARK, render_rows
from tiex.core.json_download import django_dumps, json_download

CSV_COLUMNS = (
    "grant_year",
    "number",
    "programme",
    "title",
    "measure",
    "target",
    "target_value",
    "owner",
    "method",
    "computed_measure",
    "status",
    "live_value",
    "q1_status",
    "q1_value",
    "q2_status",
    "q2_value",
    "q3_status",
    "q3_value",
    "q4_status",
    "q4_value",
)


def _chosen_year(request: HttpRequest, years: list[GrantYear] | None = None) -> GrantYear | None:
    """The grant year asked for (404 when it cannot be seen), or the latest visible; None when there is none.
    ``years``: the years the person may see, latest first, when the caller has read them already."""
    raw = request.GET.get("year", "").strip()
    if raw and not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise Http404("Choose a grant year from the list")
    if years is None:
        visible = selectors.grant_years_for(request.user)
        found = visible.filter(year=int(raw)).first() if raw else visible.first()
    else:
        found = next((item for item in years if not raw or item.year == int(raw)), None)
    if raw and found is None:
        raise Http404("No grant year for that year")
    return found


@require_safe
def performance(request: HttpRequest) -> HttpResponse:
    years = list(selectors.grant_years_for(request.user))  # a handful: one a year
    grant_year = _chosen_year(request, years)
    view = selectors.year_view(grant_year) if grant_year else None
    suffix = f"?year={grant_year.year}" if grant_year else ""
    context: dict[str, Any] = {
        "view": view,
        "years": [(item.year, item.published) for item in years],
        "chosen": grant_year.year if grant_year else None,
        "meanings": [(code, label, rag.MEANING[code]) for code, label in rag.Rag.choices],
        "may_manage": selectors.may_manage(request.user),
        "csv_href": reverse("board:performance_csv") + suffix,
        "json_href": reverse("board:performance_json") + suffix,
    }
    return render(request, "board/performance.html", context)


def _csv_rows(view: selectors.YearView) -> Iterator[list[Any]]:
    for row in view.rows:
        item = row.deliverable
        cells: list[Any] = [
            view.grant_year.label,
            item.number,
            item.get_programme_display(),
            item.title,
            item.measure,
            item.target,
            item.target_value,
            item.owner,
            item.method,
            item.computed_measure,
            row.status or "",
            row.live.value if row.live else "",
        ]
        for update in row.by_quarter:
            cells += [
                update.status if update else "",
                update.close_value if update and update.close_value is not None else "",
            ]
        yield cells


@require_safe
def performance_csv(request: HttpRequest) -> StreamingHttpResponse | HttpResponse:
    """The chosen year's deliverables, one a row, streamed; cells neutralised (tiex.core.csv)."""
    grant_year = _chosen_year(request)
    if grant_year is None:
        raise Http404("No grant year yet")
    view = selectors.year_view(grant_year)

    def lines() -> Iterator[str]:
        yield BYTE_ORDER_MARK + render_rows([CSV_COLUMNS])
        for cells in _csv_rows(view):
            yield render_rows([cells])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="board-targets-{grant_year.year}.csv"'
    return response


def _json(view: selectors.YearView) -> dict[str, Any]:
    grant_year = view.grant_year
    return {
        "grant_year": grant_year.label,
        "year": grant_year.year,
        "department": grant_year.department,
        "amount_gbp": grant_year.amount_gbp,
        "period_start": grant_year.period_start.isoformat(),
        "period_end": grant_year.period_end.isoformat(),
        "is_demo": grant_year.is_demo,
        "summary": {
            "total": view.summary.total,
            "green": view.summary.green,
            "amber": view.summary.amber,
            "red": view.summary.red,
            "no_update": view.summary.none,
            "headline": view.summary.headline,
        },
        "status_meaning": {code: rag.MEANING[code] for code in rag.Rag.values},
        "live_on": view.live_on.isoformat() if view.live_on else None,
        "deliverables": [
            {
                "number": row.deliverable.number,
                "title": row.deliverable.title,
                "programme": row.deliverable.programme,
                "measure": row.deliverable.measure,
                "target": row.deliverable.target,
                "target_value": str(row.deliverable.target_value) if row.deliverable.target_value is not None else None,
                "owner": row.deliverable.owner,
                "method": row.deliverable.method,
                "computed_measure": row.deliverable.computed_measure or None,
                "status": row.status,
                "live_value": str(row.live.value) if row.live else None,
                "quarters": [
                    {
                        "quarter": number,
                        "status": update.status,
                        "commentary": update.commentary,
                        "evidence_links": update.evidence_links,
                        "close_value": str(update.close_value) if update.close_value is not None else None,
                        "close_detail": update.close_detail,
                    }
                    for number, update in enumerate(row.by_quarter, start=1)
                    if update is not None
                ],
            }
            for row in view.rows
        ],
    }


@require_safe
def performance_json(request: HttpRequest) -> StreamingHttpResponse:
    """The chosen year's deliverables as JSON, streamed (tiex.core.json_download), encoded as
    ``JsonResponse`` encodes (DjangoJSONEncoder, non-ASCII text as it is)."""
    grant_year = _chosen_year(request)
    if grant_year is None:
        raise Http404("No grant year yet")
    return json_download(_json(selectors.year_view(grant_year)), "deliverables", encode=django_dumps)


@require_safe
def deliverable_detail(request: HttpRequest, year: int, number: int) -> HttpResponse:
    grant_year = selectors.grant_year_get_for(request.user, year)
    deliverable = selectors.deliverable_get(grant_year, number) if grant_year else None
    if deliverable is None:
        raise Http404("No such deliverable")
    row = selectors.deliverable_row(deliverable)
    quarters = rag.quarters(deliverable.grant_year.period_start)
    context = {
        "row": row,
        "deliverable": deliverable,
        "grant_year": deliverable.grant_year,
        "history": [(quarter, update, close) for quarter, (update, close) in zip(quarters, row.quarters, strict=True)],
        "meanings": [(code, label, rag.MEANING[code]) for code, label in rag.Rag.choices],
        "may_manage": selectors.may_manage(request.user),
        "measure_labels": dict(measures.choices()),
    }
    return render(request, "board/deliverable_detail.html", context)
