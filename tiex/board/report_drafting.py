"""Drafting a board report: plain functions from a snapshot of figures to sections of text.

No ORM and no request: ``draft(snapshot)`` turns the figures gathered for a period
(selectors_reports.report_figures) into the chair's report or the monitoring and performance
report. Every paragraph that states a figure cites it as a link to the page that shows it,
written ``[312 peer challenges](/peer-challenges/figures/)`` (report_text.py renders the links),
so a reader can check each figure where it comes from. The same snapshot always drafts the
same text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: str  # the number as text (a Decimal's or int's str), so the snapshot is exact JSON
    display: str  # as the page shows it: 1,234; 48.5%; £1,340,000
    href: str  # the page that shows it
    source: str  # that page's name, in words
    items: tuple[str, ...] = ()  # for a few figures, what was counted (e.g. the targets missed)

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["items"] = list(self.items)
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Figure:
        return cls(**{**record, "items": tuple(record.get("items") or ())})


@dataclass(frozen=True)
class Snapshot:
    kind: str  # "chair" or "monitoring"
    period_start: date
    period_end: date
    period_label: str  # "2018/19" or "1 April to 30 September 2018"
    figures: dict[str, Figure] = field(default_factory=dict)

    def get(self, key: str) -> Figure | None:
        return self.figures.get(key)


@dataclass(frozen=True)
class Section:
    heading: str
    text: str  # paragraphs separated by a blank line

    def as_record(self) -> dict[str, str]:
        return {"heading": self.heading, "text": self.text}


def figures_hash(records: Iterable[Mapping[str, Any]]) -> str:
    """A SHA-256 of the figures as recorded (sorted keys): the same figures, the same hash."""
    text = json.dumps(sorted(records, key=lambda r: str(r["key"])), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def cite(figure: Figure, words: str = "") -> str:
    """A figure as a link to its page: ``[312 peer challenges](/peer-challenges/figures/)``."""
    text = f"{figure.display} {words}".strip() if words else figure.display
    return f"[{text}]({figure.href})"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _plural(figure: Figure, one: str, many: str) -> str:
    return one if figure.value in ("1", "1.00") else many


def _zero(figure: Figure) -> bool:
    return figure.value in ("0", "0.00")


def counted(figure: Figure, one: str, many: str, *, start: bool = False) -> str:
    """A count cited with its noun: ``[1 event](...)``, ``[12 events](...)``, or ``[no events](...)``
    (``No`` at the start of a sentence)."""
    if _zero(figure):
        return f"[{'No' if start else 'no'} {many}]({figure.href})"
    return cite(figure, _plural(figure, one, many))


# --- Paragraphs, one topic each; None when the snapshot has not the figures for it ---------------


def _targets(s: Snapshot, *, detailed: bool) -> str | None:
    total, green = s.get("targets_total"), s.get("targets_green")
    if total is None or green is None:
        return None
    text = (
        f"By {_day(s.period_end)}, {cite(green)} of {total.display} targets under the grant for "
        f"{s.period_label} were fully achieved (green)."
    )
    amber, red, none = s.get("targets_amber"), s.get("targets_red"), s.get("targets_none")
    parts = []
    if amber and amber.value != "0":
        parts.append(f"{cite(amber)} in progress (amber)")
    if red and red.value != "0":
        parts.append(f"{cite(red)} at risk or missed (red)")
    if none and none.value != "0":
        parts.append(f"{cite(none)} with no update yet")
    if parts:
        text += " Of the others: " + ", ".join(parts) + "."
    if red and red.items:
        listed = "; ".join(red.items)
        text += f"\n\nAt risk or missed: {listed}." if detailed else f" The targets missed were: {listed}."
    return text


def _peer_challenges(s: Snapshot) -> str | None:
    delivered = s.get("peer_challenges_delivered")
    if delivered is None:
        return None
    text = (
        f"{counted(delivered, 'peer challenge', 'peer challenges', start=True)} "
        f"{_plural(delivered, 'was', 'were')} delivered from {_day(s.period_start)} to {_day(s.period_end)}."
    )
    before, after, fall = s.get("councils_without_start"), s.get("councils_without_end"), s.get("coverage_reduction")
    if before and after:
        text += (
            f" The number of English principal councils with no corporate peer challenge since 2012 went from "
            f"{cite(before)} at the start of the period to {cite(after)} at its end"
        )
        text += f", a fall of {cite(fall)}." if fall else "."
    return text


def _exchange(s: Snapshot) -> str | None:
    resources, assessments = s.get("exchange_published"), s.get("self_assessments_published")
    sentences = []
    if resources:
        sentences.append(
            f"{counted(resources, 'resource', 'resources', start=True)} "
            f"{_plural(resources, 'was', 'were')} published in the Transformation and Innovation Exchange."
        )
    if assessments:
        sentences.append(
            f"Councils completed and shared {counted(assessments, 'self-assessment', 'self-assessments')}."
        )
    return " ".join(sentences) or None


def _shared_services(s: Snapshot) -> str | None:
    partnerships, councils = s.get("partnerships"), s.get("partnership_councils")
    if partnerships is None:
        return None
    text = f"The Shared Services Map records {counted(partnerships, 'partnership', 'partnerships')}"
    text += f" involving {counted(councils, 'council', 'councils')}" if councils and not _zero(partnerships) else ""
    text += f" in {s.period_label}."
    in_year, cumulative = s.get("savings_in_year"), s.get("cumulative_savings")
    if in_year and cumulative and not _zero(partnerships):
        text += f" They record savings of {cite(in_year)} in the year"
        text += f", and {cite(cumulative)} in all up to and including it."
    return text


def _development(s: Snapshot) -> str | None:
    cohorts, places, events = s.get("cohorts"), s.get("cohort_places"), s.get("events")
    sentences = []
    if cohorts:
        text = f"{counted(cohorts, 'cohort', 'cohorts', start=True)} of councillor development programmes began"
        text += f", with {counted(places, 'place', 'places')} confirmed." if places and not _zero(cohorts) else "."
        sentences.append(text)
    if events:
        sessions = s.get("event_sessions")
        text = f"{counted(events, 'event', 'events', start=True)} took place"
        text += f", with {counted(sessions, 'session', 'sessions')}." if sessions and not _zero(events) else "."
        sentences.append(text)
    return " ".join(sentences) or None


def _sections(pairs: Iterable[tuple[str, str | None]]) -> list[Section]:
    return [Section(heading, text) for heading, text in pairs if text]


def draft_chair(s: Snapshot) -> list[Section]:
    opening = (
        f"This report covers {s.period_label}, from {_day(s.period_start)} to {_day(s.period_end)}. "
        "Each figure links to the page that shows it."
    )
    return _sections(
        [
            ("Introduction", opening),
            ("The grant's targets", _targets(s, detailed=False)),
            ("Peer challenges", _peer_challenges(s)),
            ("The Exchange and self-assessment", _exchange(s)),
            ("Shared services", _shared_services(s)),
            ("Councillor development and events", _development(s)),
        ]
    )


def draft_monitoring(s: Snapshot) -> list[Section]:
    opening = (
        f"This report monitors performance from {_day(s.period_start)} to {_day(s.period_end)} ({s.period_label}) "
        "against the grant's targets, with the activity behind them. Each figure links to the page that shows it."
    )
    return _sections(
        [
            ("Purpose", opening),
            ("Performance against the targets", _targets(s, detailed=True)),
            ("Sector-led improvement: peer challenges", _peer_challenges(s)),
            ("Transformation and innovation", _exchange(s)),
            ("Productivity: shared services", _shared_services(s)),
            ("Leadership: councillor development and events", _development(s)),
        ]
    )


def draft(snapshot: Snapshot) -> list[Section]:
    """The report's sections for its kind."""
    return draft_monitoring(snapshot) if snapshot.kind == "monitoring" else draft_chair(snapshot)
