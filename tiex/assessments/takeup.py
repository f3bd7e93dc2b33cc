"""Reads for the association's take-up view: how many councils started, completed and published a framework.

Selectors for association staff only (the view asks ``assessment.take_up``): each council
counts once per stage however many rounds it has run, on any version of the framework.

* **started**: the council has an assessment of the framework (any status);
* **completed**: the consensus is recorded (an agreed answer saved, or the result published);
* **published**: a result is published, to anyone (the council only, signed-in people or the public).

Demo assessments (``demo=True``, made by ``tiex demo``) are included and told apart: each
count has a ``demo`` figure, the councils counted at that stage *only* because of demo
assessments. One query reads every assessment of the framework with its council's region,
type and political control; the counting is plain Python (``count_stages``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from tiex.assessments import scoring
from tiex.assessments.models import Assessment, ConsensusAnswer, Framework, Status
from tiex.councils.models import Control, CouncilType

STAGES = ("started", "completed", "published")
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Seen:
    """One assessment, as the counting needs it."""

    council_id: int
    stages: frozenset[str]
    demo: bool


@dataclass(frozen=True)
class Counts:
    started: int = 0
    started_demo: int = 0
    completed: int = 0
    completed_demo: int = 0
    published: int = 0
    published_demo: int = 0

    def as_row(self) -> list[int]:
        return [
            self.started,
            self.started_demo,
            self.completed,
            self.completed_demo,
            self.published,
            self.published_demo,
        ]


@dataclass(frozen=True)
class Group:
    label: str
    counts: Counts


@dataclass(frozen=True)
class Breakdown:
    key: str  # region | type | control
    title: str
    groups: list[Group]


@dataclass(frozen=True)
class TakeUp:
    framework: Framework
    total: Counts
    breakdowns: list[Breakdown]


def count_stages(seen: Iterable[Seen]) -> Counts:
    """Councils at each stage, each once; ``*_demo``: those counted only because of demo assessments."""
    real: dict[str, set[int]] = defaultdict(set)
    demo: dict[str, set[int]] = defaultdict(set)
    for item in seen:
        for stage in item.stages:
            (demo if item.demo else real)[stage].add(item.council_id)
    figures: dict[str, int] = {}
    for stage in STAGES:
        only_demo = demo[stage] - real[stage]
        figures[stage] = len(real[stage]) + len(only_demo)
        figures[f"{stage}_demo"] = len(only_demo)
    return Counts(**figures)


def _stages(status: str, agreed: bool) -> frozenset[str]:
    stages = {"started"}
    if agreed or status == Status.PUBLISHED:
        stages.add("completed")
    if status == Status.PUBLISHED:
        stages.add("published")
    return frozenset(stages)


def take_up(*, framework: Framework) -> TakeUp:
    """The framework's take-up: in all, and by the councils' region, type and political control."""
    agreed = ConsensusAnswer.objects.filter(assessment=OuterRef("pk"))
    rows = (
        Assessment.objects.filter(version__framework=framework)
        .annotate(agreed=Exists(agreed))
        .values_list("council_id", "council__region", "council__type", "council__control", "status", "agreed", "demo")
    )
    types, controls = dict(CouncilType.choices), dict(Control.choices)
    everything: list[Seen] = []
    by: dict[str, dict[str, list[Seen]]] = {key: defaultdict(list) for key in ("region", "type", "control")}
    for council_id, region, kind, control, status, has_agreed, demo in rows:
        seen = Seen(council_id, _stages(status, has_agreed), demo)
        everything.append(seen)
        by["region"][region or NOT_RECORDED].append(seen)
        by["type"][types.get(kind, kind) or NOT_RECORDED].append(seen)
        by["control"][controls.get(control, control) or NOT_RECORDED].append(seen)
    titles = {"region": "By region", "type": "By type of council", "control": "By political control"}
    breakdowns = [
        Breakdown(
            key,
            titles[key],
            [Group(label, count_stages(items)) for label, items in sorted(by[key].items(), key=_label_order)],
        )
        for key in ("region", "type", "control")
    ]
    return TakeUp(framework=framework, total=count_stages(everything), breakdowns=breakdowns)


def _label_order(item: tuple[str, list[Seen]]) -> tuple[bool, str]:
    return (item[0] == NOT_RECORDED, item[0])


@dataclass(frozen=True)
class PublicTakeUp:
    """The framework page's public figures: totals only, each suppressed below scoring.MIN_COUNCILS councils."""

    started: scoring.PublicCount
    completed: scoring.PublicCount
    published: scoring.PublicCount
    includes_demo: bool

    @property
    def rows(self) -> list[tuple[str, scoring.PublicCount]]:
        return [
            ("Councils that have started", self.started),
            ("Councils that have agreed their answers", self.completed),
            ("Councils that have published a result", self.published),
        ]


def public_take_up(*, framework: Framework) -> PublicTakeUp:
    """How many councils started, completed and published the framework, for anyone to read.

    Totals only, never a breakdown (a small group would point at a council); any figure from
    fewer than scoring.MIN_COUNCILS councils is withheld with the reason.
    """
    total = take_up_total(framework=framework)
    return PublicTakeUp(
        started=scoring.public_count(total.started, about="have started"),
        completed=scoring.public_count(total.completed, about="have agreed their answers"),
        published=scoring.public_count(total.published, about="have published a result"),
        includes_demo=total.started_demo > 0 or total.completed_demo > 0 or total.published_demo > 0,
    )


def take_up_total(*, framework: Framework) -> Counts:
    agreed = ConsensusAnswer.objects.filter(assessment=OuterRef("pk"))
    rows = (
        Assessment.objects.filter(version__framework=framework)
        .annotate(agreed=Exists(agreed))
        .values_list("council_id", "status", "agreed", "demo")
    )
    return count_stages(Seen(council_id, _stages(status, agreed), demo) for council_id, status, agreed, demo in rows)


CSV_HEADER = [
    "breakdown",
    "group",
    "started",
    "started_demo_only",
    "completed",
    "completed_demo_only",
    "published",
    "published_demo_only",
]


def csv_rows(result: TakeUp) -> list[list[object]]:
    """The take-up as rows under CSV_HEADER: the total first, then each breakdown's groups."""
    rows: list[list[object]] = [["all", "All councils", *result.total.as_row()]]
    for breakdown in result.breakdowns:
        rows.extend([breakdown.key, group.label, *group.counts.as_row()] for group in breakdown.groups)
    return rows
