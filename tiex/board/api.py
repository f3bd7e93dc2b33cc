"""The board's API, mounted at /api/v1/board (see docs/api.md and docs/board.md).

Only what everyone may see, whoever asks: published grant years (through the same selector as
/board/performance/ and its downloads, so they agree) and the meetings' public side: their
public items and papers, approved minutes, and the decisions and actions of public items once
the minutes that record them are approved and published.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from tiex.board import rag, selectors, selectors_meetings
from tiex.board.models import ActionStatus, Meeting, Method, Programme
from tiex.board.rag import Rag

router = Router()


# --- Schemas -------------------------------------------------------------------


class BoardErrorOut(Schema):
    detail: Any


class BoardQuarter(Schema):
    quarter: int = Field(description="1 to 4: a financial year's Q1 is April to June")
    starts_on: datetime.date
    ends_on: datetime.date
    closed: bool = Field(description="The quarter's last day has passed")
    status: Rag | None = Field(description="The quarterly update's RAG status; null: no update for the quarter")
    commentary: str
    evidence_links: list[str]
    close_value: Decimal | None = Field(
        description="Computed targets: the measure's value at the quarter's close, recorded once when it closed"
    )
    close_detail: str = Field(description="How the close value was reached, in words")


class BoardTarget(Schema):
    number: int = Field(description="Its number in the memorandum")
    title: str
    programme: Programme
    programme_label: str
    measure: str = Field(description="What is measured")
    target: str = Field(description="The target as the memorandum words it")
    target_value: Decimal | None = Field(description="Computed targets: the number to reach")
    owner: str
    method: Method = Field(description="manual: entered by staff with evidence; computed: from tiex's own data")
    computed_measure: str | None = Field(description="Computed targets: the measure's key (docs/board.md)")
    unit: str = Field(description="count, percent or gbp")
    status: Rag | None = Field(description="The latest quarterly update's status; null: no update yet")
    fully_achieved: bool = Field(description="The status is green")
    live_value: Decimal | None = Field(description="Computed targets: the measure today (or at the year's end)")
    live_detail: str
    quarters: list[BoardQuarter]
    url: str = Field(description="The target's page")


class BoardSummary(Schema):
    total: int
    green: int
    amber: int
    red: int
    no_update: int
    headline: str = Field(description='For example "50 of 52 targets fully achieved"')


class BoardGrantYear(Schema):
    year: int = Field(description="The financial year by its first year: 2018 is 2018/19")
    label: str
    department: str
    amount_gbp: int | None = Field(description="Whole pounds; null when not recorded")
    period_start: datetime.date
    period_end: datetime.date
    memorandum_url: str
    is_demo: bool = Field(description="Loaded by `tiex demo`")
    live_on: datetime.date | None = Field(description="The day the live values are for")
    summary: BoardSummary
    url: str = Field(description="The performance page for the year")


class BoardTargetListOut(Schema):
    grant_year: BoardGrantYear | None = Field(description="null when no grant year is published yet")
    status_meaning: dict[str, str] = Field(description="green: complete; amber: in progress; red: at risk or missed")
    count: int
    items: list[BoardTarget]


class BoardTargetQuery(Schema):
    year: int | None = Field(
        None,
        ge=2000,
        le=2100,
        description="A published grant year by its first year (2018: 2018/19); default the latest",
    )


class BoardPaper(Schema):
    title: str
    url: str = Field(description="The paper's file, or a redirect to its resource in the Exchange")
    in_exchange: bool


class BoardAction(Schema):
    text: str
    owner: str
    due_date: datetime.date | None
    status: ActionStatus
    closed_on: datetime.date | None


class BoardAgendaItem(Schema):
    number: int
    title: str
    presenter: str
    papers: list[BoardPaper]
    decisions: list[str] = Field(description="Once the minutes are approved; empty before")
    actions: list[BoardAction] = Field(description="Once the minutes are approved; empty before")


class BoardMeeting(Schema):
    id: int
    title: str
    date: datetime.date
    venue: str
    is_demo: bool
    url: str = Field(description="The meeting's page")
    minutes_approved_on: datetime.date | None = Field(description="null until a later meeting approves them")
    minutes_url: str | None = Field(description="The approved minutes on the meeting's page; null before approval")
    minutes: str | None = Field(description="The approved minutes' text; null before approval")
    items: list[BoardAgendaItem] = Field(description="The public items, in agenda order")


class BoardMeetingListOut(Schema):
    count: int
    items: list[BoardMeeting]


# --- Operations ----------------------------------------------------------------


def _quarters(row: selectors.DeliverableRow, view: selectors.YearView) -> list[dict[str, Any]]:
    closed = {quarter.number for quarter in view.closed}
    return [
        {
            "quarter": quarter.number,
            "starts_on": quarter.start,
            "ends_on": quarter.end,
            "closed": quarter.number in closed,
            "status": update.status if update else None,
            "commentary": update.commentary if update else "",
            "evidence_links": list(update.evidence_links or []) if update else [],
            "close_value": update.close_value if update else None,
            "close_detail": update.close_detail if update else "",
        }
        for quarter, update in zip(view.quarters, row.by_quarter, strict=True)
    ]


def _target(request: HttpRequest, row: selectors.DeliverableRow, view: selectors.YearView) -> dict[str, Any]:
    item = row.deliverable
    return {
        "number": item.number,
        "title": item.title,
        "programme": item.programme,
        "programme_label": item.get_programme_display(),
        "measure": item.measure,
        "target": item.target,
        "target_value": item.target_value,
        "owner": item.owner,
        "method": item.method,
        "computed_measure": item.computed_measure or None,
        "unit": row.unit,
        "status": row.status,
        "fully_achieved": row.status == Rag.GREEN,
        "live_value": row.live.value if row.live else None,
        "live_detail": row.live.detail if row.live else "",
        "quarters": _quarters(row, view),
        "url": request.build_absolute_uri(reverse("board:deliverable", args=[view.grant_year.year, item.number])),
    }


def _grant_year(request: HttpRequest, view: selectors.YearView) -> dict[str, Any]:
    year, summary = view.grant_year, view.summary
    return {
        "year": year.year,
        "label": year.label,
        "department": year.department,
        "amount_gbp": year.amount_gbp,
        "period_start": year.period_start,
        "period_end": year.period_end,
        "memorandum_url": year.memorandum_url,
        "is_demo": year.is_demo,
        "live_on": view.live_on,
        "summary": {
            "total": summary.total,
            "green": summary.green,
            "amber": summary.amber,
            "red": summary.red,
            "no_update": summary.none,
            "headline": summary.headline,
        },
        "url": request.build_absolute_uri(reverse("board:performance") + f"?year={year.year}"),
    }


@router.get(
    "/targets",
    response={200: BoardTargetListOut, 404: BoardErrorOut, 422: BoardErrorOut},
    url_name="board_targets",
    summary="The grant's targets for a published year",
)
def target_list(request: HttpRequest, query: Query[BoardTargetQuery]) -> Any:
    """A published grant year's targets in number order with their status, quarterly updates and,
    for computed ones, the live value and the value recorded at each closed quarter. Without
    ``year``, the latest published year (none yet: ``grant_year`` null and no items). A year that
    is not published, or has no grant, is 404."""
    grant_year = selectors.grant_year_published(query.year)
    meaning = {code: rag.MEANING[code] for code in Rag.values}
    if grant_year is None:
        if query.year is not None:
            raise HttpError(404, "No published grant year for that year.")
        return {"grant_year": None, "status_meaning": meaning, "count": 0, "items": []}
    view = selectors.year_view(grant_year)
    items = [_target(request, row, view) for row in view.rows]
    return {"grant_year": _grant_year(request, view), "status_meaning": meaning, "count": len(items), "items": items}


def _meeting(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    url = request.build_absolute_uri(reverse("board:meeting", args=[meeting.pk]))
    approved = meeting.minutes_approved
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "date": meeting.date,
        "venue": meeting.venue,
        "is_demo": meeting.is_demo,
        "url": url,
        "minutes_approved_on": meeting.minutes_approved_on,
        "minutes_url": f"{url}#minutes" if approved else None,
        "minutes": meeting.minutes_text if approved else None,
        "items": [
            {
                "number": item.number,
                "title": item.title,
                "presenter": item.presenter,
                "papers": [
                    {
                        "title": paper.title,
                        "url": request.build_absolute_uri(reverse("board:paper", args=[meeting.pk, paper.pk])),
                        "in_exchange": paper.resource_id is not None,
                    }
                    for paper in item.papers.all()
                ],
                "decisions": [decision.text for decision in item.decisions.all()] if approved else [],
                "actions": [
                    {
                        "text": action.text,
                        "owner": action.owner,
                        "due_date": action.due_date,
                        "status": action.status,
                        "closed_on": action.closed_on,
                    }
                    for action in item.actions.all()
                ]
                if approved
                else [],
            }
            for item in meeting.items.all()
        ],
    }


@router.get(
    "/meetings",
    response={200: BoardMeetingListOut, 422: BoardErrorOut},
    url_name="board_meetings",
    summary="The board's meetings, as everyone sees them",
)
def meeting_list(request: HttpRequest) -> Any:
    """Every meeting, latest first: date, venue, its public items and papers, and, once a later
    meeting has approved its minutes, the minutes and the public items' decisions and actions.
    Items not marked public, attendance, declarations and draft minutes are not in the API."""
    items = [_meeting(request, meeting) for meeting in selectors_meetings.public_meetings()]
    return {"count": len(items), "items": items}
