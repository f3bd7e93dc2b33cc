"""The rules of a challenge's stages as plain functions over plain data (no queries).

* Stages are completed in order (``Stage`` lists them): a stage may be completed only when
  every stage before it is;
* three stages are completed by the council publishing a document, never by hand
  (``PUBLISHED_BY``): the report, the action plan and the progress review report;
* the public sees a challenge once its invitation is accepted (the enquiry stage is
  complete), and of its stages only the milestones in ``PUBLIC_STAGES``, with their dates:
  owners, notes and planned dates stay private;
* deadlines (deadlines.py) are counted from ``visit_end`` and met by the publishing stages.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from tiex.peer_challenges import deadlines as rules
from tiex.peer_challenges.models import STAGE_ORDER, DocumentKind, Stage

STAGES: tuple[str, ...] = tuple(Stage.values)
LABELS: dict[str, str] = dict(Stage.choices)

# The document kind whose publication completes a stage.
PUBLISHED_BY: dict[str, str] = {
    DocumentKind.REPORT: Stage.REPORT_PUBLISHED,
    DocumentKind.ACTION_PLAN: Stage.ACTION_PLAN,
    DocumentKind.PROGRESS_REVIEW_REPORT: Stage.PROGRESS_REVIEW_PUBLISHED,
}
COMPLETED_BY_PUBLISHING = frozenset(PUBLISHED_BY.values())

PUBLIC_STAGES = frozenset(
    {Stage.VISIT, Stage.FEEDBACK, Stage.REPORT_PUBLISHED, Stage.ACTION_PLAN, Stage.PROGRESS_REVIEW}
    | {Stage.PROGRESS_REVIEW_PUBLISHED}
)

# What a stage asks for before it can be completed (checked by the services).
NEEDS_VISIT_DATES = frozenset({Stage.SCOPING, Stage.VISIT, Stage.FEEDBACK})
NEEDS_DOCUMENT: dict[str, tuple[str, ...]] = {
    Stage.POSITION_STATEMENT: (DocumentKind.POSITION_STATEMENT,),
    Stage.REPORT: (DocumentKind.DRAFT_REPORT, DocumentKind.REPORT),
}
# Deadline step -> the stage that meets it.
DEADLINE_STAGES: dict[str, str] = {
    "report": Stage.REPORT_PUBLISHED,
    "action-plan": Stage.ACTION_PLAN,
    "progress-review": Stage.PROGRESS_REVIEW_PUBLISHED,
}


def label(stage: str) -> str:
    return LABELS[stage]


def incomplete_before(stage: str, completed: Mapping[str, date | None]) -> list[str]:
    """The stages before ``stage`` that are not complete yet, in order."""
    return [earlier for earlier in STAGES[: STAGE_ORDER[stage]] if not completed.get(earlier)]


def date_order_problem(stage: str, completed_on: date, completed: Mapping[str, date | None]) -> str | None:
    """Why ``stage`` cannot be completed on ``completed_on``, given the other stages' completed dates,
    or None: a stage is never completed before an earlier stage, nor after a later one."""
    position = STAGE_ORDER[stage]
    for earlier in reversed(STAGES[:position]):
        done = completed.get(earlier)
        if done and done > completed_on:
            return f"{label(stage)} cannot be completed before {label(earlier).lower()}, completed on {done:%-d %B %Y}"
    for later in STAGES[position + 1 :]:
        done = completed.get(later)
        if done and done < completed_on:
            return f"{label(stage)} cannot be completed after {label(later).lower()}, completed on {done:%-d %B %Y}"
    return None


def next_stage(stage: str) -> str | None:
    position = STAGE_ORDER[stage] + 1
    return STAGES[position] if position < len(STAGES) else None


def current_stage(completed: Mapping[str, date | None]) -> str:
    """The first stage not completed (the last stage when all are)."""
    for stage in STAGES:
        if not completed.get(stage):
            return stage
    return STAGES[-1]


def is_publicly_listed(stage: str) -> bool:
    """The public sees a challenge once it is past the enquiry (the council accepted the invitation)."""
    return STAGE_ORDER[stage] > STAGE_ORDER[Stage.ENQUIRY]


def challenge_deadlines(visit_end: date | None, completed: Mapping[str, date | None]) -> list[rules.Deadline]:
    return rules.deadlines(
        visit_end=visit_end,
        report_published=completed.get(Stage.REPORT_PUBLISHED),
        action_plan_published=completed.get(Stage.ACTION_PLAN),
        progress_review_published=completed.get(Stage.PROGRESS_REVIEW_PUBLISHED),
    )
