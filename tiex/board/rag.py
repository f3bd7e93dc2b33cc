"""RAG statuses, quarters and a year's summary (pure: no ORM, no request).

The department's convention, stated wherever a status is shown: **green** means complete,
**amber** in progress, **red** at risk or missed. A deliverable's status in a year is the
status of its latest quarterly update; a deliverable is **fully achieved** when that status
is green. Quarters run from the grant year's first day in steps of three months (a financial
year's Q1 is April to June).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


MEANING: dict[str, str] = {
    Rag.GREEN: "complete",
    Rag.AMBER: "in progress",
    Rag.RED: "at risk or missed",
}
QUARTERS = (1, 2, 3, 4)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the first of a month stays the first)."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, 28))


@dataclass(frozen=True)
class Quarter:
    number: int
    start: date
    end: date  # the quarter's last day

    @property
    def label(self) -> str:
        return f"Q{self.number}"

    @property
    def months(self) -> str:
        return f"{self.start:%B} to {self.end:%B %Y}"


def quarters(period_start: date) -> list[Quarter]:
    """The four quarters of a grant year starting on ``period_start``."""
    found = []
    for number in QUARTERS:
        start = add_months(period_start, 3 * (number - 1))
        end = add_months(period_start, 3 * number) - timedelta(days=1)
        found.append(Quarter(number, start, end))
    return found


def quarter_of(period_start: date, number: int) -> Quarter:
    if number not in QUARTERS:
        raise ValueError(f"A quarter is 1 to 4, not {number}")
    return quarters(period_start)[number - 1]


def current_quarter(period_start: date, today: date) -> Quarter | None:
    """The quarter ``today`` falls in, or None outside the year."""
    return next((q for q in quarters(period_start) if q.start <= today <= q.end), None)


def closed_quarters(period_start: date, today: date) -> list[Quarter]:
    """The quarters whose last day has passed."""
    return [q for q in quarters(period_start) if q.end < today]


@dataclass(frozen=True)
class Summary:
    total: int
    green: int
    amber: int
    red: int
    none: int  # no update yet

    @property
    def headline(self) -> str:
        """For example "50 of 52 targets fully achieved"."""
        noun = "target" if self.total == 1 else "targets"
        return f"{self.green} of {self.total} {noun} fully achieved"


def summarise(statuses: Iterable[str | None]) -> Summary:
    """Count the deliverables' current statuses (None: no update yet)."""
    counts: dict[str, int] = {Rag.GREEN: 0, Rag.AMBER: 0, Rag.RED: 0, "": 0}
    total = 0
    for status in statuses:
        total += 1
        counts[status if status in counts and status else ""] += 1
    return Summary(total, counts[Rag.GREEN], counts[Rag.AMBER], counts[Rag.RED], counts[""])


def proposed_status(value: float | None, target: float | None, *, final: bool) -> str:
    """The status a computed measure suggests at a quarter's close: green once the target is
    met; before the year's last quarter amber (in progress); at the last, red (missed)."""
    if value is not None and target is not None and value >= target:
        return Rag.GREEN
    return Rag.RED if final else Rag.AMBER
