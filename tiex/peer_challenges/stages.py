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
from datetime import date, timedelta

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


POSITION_STATEMENT_WEEKS_BEFORE = 3  # shared with the team two to three weeks before the visit


def usual_timing(stage: str, visit_start: date | None, visit_end: date | None) -> tuple[str, date | None]:
    """When a stage usually falls, in words, and the date that suggests once the visit dates are
    agreed (a planned date to start from; staff change it): the position statement two to three
    weeks before the visit, the feedback on its last day, the report within 3 months, the action
    plan within 5, the progress review about 10 months on and its report within 12."""
    start, end = visit_start, visit_end
    months_after: dict[str, tuple[int, str]] = {
        Stage.REPORT_PUBLISHED: (rules.REPORT_MONTHS, "within 3 months of the visit"),
        Stage.ACTION_PLAN: (rules.ACTION_PLAN_MONTHS, "within 5 months of the visit"),
        Stage.PROGRESS_REVIEW: (rules.PROGRESS_REVIEW_MONTHS, "about 10 months after the visit"),
        Stage.PROGRESS_REVIEW_PUBLISHED: (rules.PROGRESS_REVIEW_REPORT_MONTHS, "within 12 months of the visit"),
    }
    if stage == Stage.POSITION_STATEMENT:
        words = "two to three weeks before the visit"
        return words, start - timedelta(weeks=POSITION_STATEMENT_WEEKS_BEFORE) if start else None
    if stage == Stage.PRE_VISIT_CALL:
        return "before the visit, once the team has the position statement", None
    if stage == Stage.VISIT:
        return "three to four days on site", start
    if stage == Stage.FEEDBACK:
        return "the last day of the visit", end
    if stage == Stage.REPORT:
        return "after the visit, in time for the council to publish it within 3 months", None
    if stage in months_after:
        months, words = months_after[stage]
        return words, rules.add_months(end, months) if end else None
    return "", None
