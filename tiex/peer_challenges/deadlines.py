"""When a challenge's later steps fall due, and which are overdue: plain functions, no ORM.

The association's rules, counted from the last day of the on-site visit (``visit_end``):
the council publishes the report within 3 months and its action plan within 5; a progress
review takes place about 10 months after, and its report is published within 12 months of
the challenge. A step is overdue the day after its deadline if it is not done by then, and it
is flagged (and reminded) as overdue for ``FLAGGED_FOR_MONTHS`` months after its deadline: a
step still not done two years on has lapsed (the association has stopped chasing it), so old
challenges without a progress review are not "overdue" for ever.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

REPORT_MONTHS = 3
ACTION_PLAN_MONTHS = 5
PROGRESS_REVIEW_MONTHS = 10  # when the review visit is expected (guidance, not a deadline)
PROGRESS_REVIEW_REPORT_MONTHS = 12
FLAGGED_FOR_MONTHS = 24  # after its deadline, a step not done is overdue this long, then lapsed


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    step: str  # "report", "action-plan", "progress-review"
    label: str
    due: date
    done_on: date | None

    def overdue(self, today: date) -> bool:
        """Not done, past its deadline, and not yet lapsed (at most ``FLAGGED_FOR_MONTHS`` months past it)."""
        return self.done_on is None and self.due < today <= add_months(self.due, FLAGGED_FOR_MONTHS)

    def lapsed(self, today: date) -> bool:
        """Not done and more than ``FLAGGED_FOR_MONTHS`` months past its deadline: no longer flagged."""
        return self.done_on is None and today > add_months(self.due, FLAGGED_FOR_MONTHS)

    def late(self) -> bool:
        """Done, but after the deadline."""
        return self.done_on is not None and self.done_on > self.due


def deadlines(
    *,
    visit_end: date | None,
    report_published: date | None,
    action_plan_published: date | None,
    progress_review_published: date | None,
) -> list[Deadline]:
    """The three deadlines of a delivered challenge (none before the visit has an end date)."""
    if visit_end is None:
        return []
    return [
        Deadline("report", "Publish the report", add_months(visit_end, REPORT_MONTHS), report_published),
        Deadline(
            "action-plan", "Publish the action plan", add_months(visit_end, ACTION_PLAN_MONTHS), action_plan_published
        ),
        Deadline(
            "progress-review",
            "Publish the progress review",
            add_months(visit_end, PROGRESS_REVIEW_REPORT_MONTHS),
            progress_review_published,
        ),
    ]


def overdue(items: list[Deadline], *, today: date) -> list[Deadline]:
    return [item for item in items if item.overdue(today)]


def earliest_visit_with_overdue_steps(today: date) -> date:
    """No challenge whose visit ended before this day can have an overdue step on ``today`` (its
    last deadline, the progress review report's, has lapsed): a bound for the queries."""
    return add_months(today, -(PROGRESS_REVIEW_REPORT_MONTHS + FLAGGED_FOR_MONTHS))
