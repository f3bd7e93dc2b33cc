"""Reads for the yearly figures page: one row per financial year (2012 is 2012/13).

A challenge counts in the year its on-site visit ended; progress reviews in the year they
were held; a report is on time when the council published it within three months of the
visit (deadlines.py). The shares of councils reporting a positive impact and satisfied are of
the councils that gave feedback on the year's challenges. Councils with no corporate peer
challenge since 2012/13 are counted at the start of each year from 2013/14, among the English
principal councils that existed on that day. Six queries, whatever the number of challenges.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from tiex.councils.models import PRINCIPAL_TYPES, Council, Nation
from tiex.peer_challenges import deadlines
from tiex.peer_challenges import financial_years as fy
from tiex.peer_challenges.coverage import DEFAULT_SINCE
from tiex.peer_challenges.models import (
    Challenge,
    ChallengeKind,
    Feedback,
    FeedbackFrom,
    Stage,
    StageStep,
    TeamMember,
)


@dataclass
class YearFigures:
    year: int
    label: str
    by_kind: dict[int, int] = field(default_factory=dict)
    by_region: dict[str, int] = field(default_factory=dict)
    delivered: int = 0
    peer_days: Decimal = Decimal(0)
    progress_reviews: int = 0
    reports_on_time: int = 0
    reports_late: int = 0
    reports_overdue: int = 0  # not published, and past the three months
    feedback_councils: int = 0
    positive_impact: int = 0
    satisfied: int = 0
    without_corporate: int | None = None  # at the start of the year, none since DEFAULT_SINCE

    @property
    def positive_share(self) -> float | None:
        return self.positive_impact / self.feedback_councils if self.feedback_councils else None

    @property
    def satisfied_share(self) -> float | None:
        return self.satisfied / self.feedback_councils if self.feedback_councils else None


@dataclass(frozen=True)
class Figures:
    kinds: list[tuple[int, str]]
    regions: list[str]
    years: list[YearFigures]
    since: int

    @property
    def since_label(self) -> str:
        return fy.label(self.since)


def _without_corporate(years: list[YearFigures], corporate: dict[int, list[date]]) -> None:
    councils = list(
        Council.objects.filter(nation=Nation.ENGLAND, type__in=PRINCIPAL_TYPES).values_list(
            "id", "start_date", "end_date"
        )
    )
    since = fy.year_start(DEFAULT_SINCE)
    for row in years:
        if row.year <= DEFAULT_SINCE:
            continue
        day = fy.year_start(row.year)
        row.without_corporate = sum(
            1
            for pk, start, end in councils
            if (start is None or start <= day)
            and (end is None or end > day)
            and not any(since <= visit < day for visit in corporate.get(pk, ()))
        )


def yearly_figures(today: date | None = None) -> Figures:
    today = today or timezone.localdate()
    kinds = list(ChallengeKind.objects.values_list("pk", "name", "counts_as_corporate"))
    delivered = list(
        Challenge.objects.delivered(on=today).values_list("pk", "kind_id", "council_id", "council__region", "visit_end")
    )
    corporate_kinds = {pk for pk, _, corporate in kinds if corporate}
    ids = Challenge.objects.delivered(on=today).values("pk")
    days = dict(
        TeamMember.objects.filter(challenge__in=ids)
        .order_by()
        .values("challenge_id")
        .annotate(total=Sum("days"))
        .values_list("challenge_id", "total")
    )
    steps = StageStep.objects.filter(
        Q(stage=Stage.REPORT_PUBLISHED) | Q(stage=Stage.PROGRESS_REVIEW), completed_date__isnull=False
    ).values_list("challenge_id", "stage", "completed_date")
    published: dict[int, date] = {}
    reviews: Counter[int] = Counter()
    for challenge_id, stage, completed in steps:
        if completed is None:
            continue
        if stage == Stage.REPORT_PUBLISHED:
            published[challenge_id] = completed
        elif completed <= today:
            reviews[fy.financial_year(completed)] += 1
    feedback = defaultdict(list)
    for challenge_id, positive, satisfied in Feedback.objects.filter(given_by=FeedbackFrom.COUNCIL).values_list(
        "challenge_id", "positive_impact", "satisfied"
    ):
        feedback[challenge_id].append((positive, satisfied))
    rows: dict[int, YearFigures] = {}
    regions: set[str] = set()
    corporate: dict[int, list[date]] = defaultdict(list)
    for pk, kind_id, council_id, region, visit_end in delivered:
        if visit_end is None:  # delivered() never gives one without an end
            continue
        year = fy.financial_year(visit_end)
        row = rows.setdefault(year, YearFigures(year, fy.label(year)))
        row.delivered += 1
        row.by_kind[kind_id] = row.by_kind.get(kind_id, 0) + 1
        region = region or "Not recorded"
        regions.add(region)
        row.by_region[region] = row.by_region.get(region, 0) + 1
        row.peer_days += days.get(pk) or 0
        due = deadlines.add_months(visit_end, deadlines.REPORT_MONTHS)
        if pk not in published:
            row.reports_overdue += today > due
        elif published[pk] <= due:
            row.reports_on_time += 1
        else:
            row.reports_late += 1
        for positive, satisfied in feedback.get(pk, ()):
            row.feedback_councils += 1
            row.positive_impact += positive
            row.satisfied += satisfied
        if kind_id in corporate_kinds:
            corporate[council_id].append(visit_end)
    for year, count in reviews.items():
        rows.setdefault(year, YearFigures(year, fy.label(year))).progress_reviews = count
    years = [rows[year] for year in sorted(rows)]
    _without_corporate(years, corporate)
    return Figures(
        kinds=[(pk, name) for pk, name, _ in kinds], regions=sorted(regions), years=years, since=DEFAULT_SINCE
    )
