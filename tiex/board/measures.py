"""Computed measures: what a computed deliverable's value is, as a call to another app's selectors.

Each measure is a function of the grant year's period and a day in it (``on``): the value as it
stood at the end of that day. A deliverable's live value is the measure on today (or on the
year's last day once the year is over); the value at a quarter's close is the measure on the
quarter's last day, recorded when the quarter is closed (services.quarter_close), so later
changes to the data do not rewrite what the board was told. The definitions are repeated in
docs/board.md; a test keeps the two in step.

Higher is better for every measure here: a deliverable meets its target when the value is at
least its ``target_value``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tiex.assessments import selectors_figures as assessment_figures
from tiex.library import selectors_figures as library_figures
from tiex.partnerships.filters import PartnershipFilters
from tiex.partnerships.selectors import partnership_totals
from tiex.peer_challenges import coverage as pc_coverage
from tiex.peer_challenges import financial_years as fy
from tiex.peer_challenges import selectors_coverage, selectors_figures


@dataclass(frozen=True)
class Value:
    value: Decimal
    detail: str = ""  # how the value was reached, in words, e.g. "from 100 councils to 58"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str  # "count", "percent" or "gbp"
    definition: str
    source: str  # the URL name of the page the figure can be checked against
    compute: Callable[[date, date, date], Value]


MEASURES: dict[str, Measure] = {}


def measure(
    key: str, label: str, unit: str, source: str
) -> Callable[[Callable[[date, date, date], Value]], Callable[[date, date, date], Value]]:
    """Register a measure; its definition is the function's docstring."""

    def register(func: Callable[[date, date, date], Value]) -> Callable[[date, date, date], Value]:
        if key in MEASURES:
            raise ValueError(f"A measure {key!r} is already registered.")
        MEASURES[key] = Measure(key, label, unit, " ".join((func.__doc__ or "").split()), source, func)
        return func

    return register


def choices() -> list[tuple[str, str]]:
    return [(item.key, item.label) for item in MEASURES.values()]


def evaluate(key: str, start: date, end: date, on: date) -> Value | None:
    """The measure ``key`` over the period from ``start`` to ``end``, as it stood at the end of
    ``on`` (held within the period); None for an unknown key or a day before the period."""
    found = MEASURES.get(key)
    if found is None or on < start:
        return None
    return found.compute(start, end, min(on, end))


def _counted_on(on: date) -> list[pc_coverage.CouncilCoverage]:
    """The English principal councils that existed at the end of ``on``, with the challenges delivered by then."""
    return selectors_coverage.coverage_on(on + timedelta(days=1))


def _without(rows: list[pc_coverage.CouncilCoverage]) -> int:
    return sum(1 for row in rows if row.none_since(pc_coverage.DEFAULT_SINCE))


def councils_without_at_start(start: date) -> int:
    """English principal councils with no corporate peer challenge since 2012 as ``start`` began."""
    return _without(selectors_coverage.coverage_on(start))


def councils_without_at_end(on: date) -> int:
    """The same at the end of ``on`` (as the coverage page counts them, when ``on`` is today)."""
    return _without(_counted_on(on))


@measure("peer_challenges_delivered", "Peer challenges delivered", "count", "peer_challenges:figures")
def peer_challenges_delivered(start: date, end: date, on: date) -> Value:
    """Peer challenges of every kind whose on-site visit ended in the grant year, by the day (not
    cancelled), as the peer challenges' yearly figures count them for that financial year."""
    figures = selectors_figures.yearly_figures(today=on)
    year = fy.financial_year(start)
    row = next((item for item in figures.years if item.year == year), None)
    return Value(Decimal(row.delivered if row else 0))


@measure(
    "councils_without_corporate_reduction",
    "Reduction in councils with no corporate peer challenge since 2012",
    "percent",
    "peer_challenges:coverage",
)
def councils_without_corporate_reduction(start: date, end: date, on: date) -> Value:
    """The fall, as a percentage, in the number of English principal councils that have had no
    corporate peer challenge since 1 April 2012: the number at the start of the grant year (councils
    that existed then, challenges delivered before it) against the number at the end of the day
    (councils that exist then, challenges delivered by then), as the coverage page counts them.
    Councils created or abolished in the year change both sides, as they change the coverage page."""
    before = councils_without_at_start(start)
    now = councils_without_at_end(on)
    reduction = reduction_percent(before, now)
    if reduction is None:
        return Value(Decimal(0), "no council was without one at the start of the year")
    return Value(reduction, f"from {before} councils at the start of the year to {now}")


def reduction_percent(before: int, now: int) -> Decimal | None:
    """The fall from ``before`` to ``now`` as a percentage to one place; None when ``before`` is 0."""
    if before == 0:
        return None
    return (Decimal(before - now) * 100 / before).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@measure("exchange_resources_published", "Exchange resources published", "count", "library:index")
def exchange_resources_published(start: date, end: date, on: date) -> Value:
    """Resources in the Transformation and Innovation Exchange first published in the grant year, by
    the day, that are still published."""
    return Value(Decimal(library_figures.published_between(start, on)))


@measure("self_assessments_published", "Self-assessments published", "count", "assessments:index")
def self_assessments_published(start: date, end: date, on: date) -> Value:
    """Councils' self-assessments published in the grant year, by the day, at any visibility (to the
    council's own members, to everyone signed in, or to the public), that are still published."""
    return Value(Decimal(assessment_figures.published_between(start, on)))


@measure("partnerships_recorded", "Shared-service partnerships recorded", "count", "partnerships:index")
def partnerships_recorded(start: date, end: date, on: date) -> Value:
    """Partnerships on the Shared Services Map that count in the grant year's financial year (started
    by then and not ended), as the map's headline figure for that year counts them today."""
    totals = partnership_totals(PartnershipFilters(year=fy.financial_year(start)), today=on)
    return Value(Decimal(totals.partnerships), f"{totals.councils} councils involved")


@measure("cumulative_savings_gbp", "Cumulative savings recorded (£)", "gbp", "partnerships:index")
def cumulative_savings_gbp(start: date, end: date, on: date) -> Value:
    """Cumulative efficiency savings on the Shared Services Map for the grant year's financial year, in
    pounds: the savings of the partnerships counted that year, up to and including it, as the map's
    headline figure counts them today."""
    totals = partnership_totals(PartnershipFilters(year=fy.financial_year(start)), today=on)
    return Value(Decimal(totals.cumulative_savings_gbp), f"from {totals.partnerships} partnerships")


def display(value: Decimal | None, unit: str) -> str:
    """A value as the pages show it: 1,234; 48.5%; £1,340,000,000."""
    if value is None:
        return ""
    if unit == "percent":
        return f"{value.normalize():f}%" if value == value.to_integral() else f"{value:.1f}%"
    number = f"{int(value):,}" if value == value.to_integral() else f"{value:,.2f}"
    return f"£{number}" if unit == "gbp" else number
