"""A demo challenge's stages from its visit date (pure: plain data in, plain data out).

Every stage has a date relative to the on-site visit, the dates on or before ``today`` are
completed and the rest are planned, so a challenge planned for next month stops at "team
assembled" and one visited last year has its report, action plan and progress review.
The council's later steps can be made late or missing (``Lateness``), which is how the
demo has overdue steps for deadlines.py to find.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from tiex.peer_challenges import deadlines
from tiex.peer_challenges.models import Stage

VISIT_DAYS = 4
OWNERS = {
    Stage.ENQUIRY: "Regional adviser",
    Stage.SCOPING: "Regional adviser",
    Stage.TEAM: "Challenge manager",
    Stage.POSITION_STATEMENT: "The council",
    Stage.PRE_VISIT_CALL: "Challenge manager",
    Stage.VISIT: "Challenge manager",
    Stage.FEEDBACK: "Lead member peer",
    Stage.REPORT: "Challenge manager",
    Stage.REPORT_PUBLISHED: "The council",
    Stage.ACTION_PLAN: "The council",
    Stage.PROGRESS_REVIEW: "Challenge manager",
    Stage.PROGRESS_REVIEW_PUBLISHED: "The council",
}
NOTES = {
    Stage.ENQUIRY: "Invitation received through the regional adviser.",
    Stage.SCOPING: "Scope and visit dates agreed with the chief executive and leader.",
    Stage.TEAM: "Team confirmed: challenge manager, lead member peer, member and officer peers.",
    Stage.POSITION_STATEMENT: "Position statement and background documents shared with the team.",
    Stage.PRE_VISIT_CALL: "Pre-visit call held with the team.",
    Stage.VISIT: "On-site visit: interviews, focus groups and site visits.",
    Stage.FEEDBACK: "Feedback presentation to the council on the last day.",
    Stage.REPORT: "Written report sent to the council.",
    Stage.REPORT_PUBLISHED: "The council published the report.",
    Stage.ACTION_PLAN: "The council published its action plan.",
    Stage.PROGRESS_REVIEW: "Progress review held on site.",
    Stage.PROGRESS_REVIEW_PUBLISHED: "The council published the progress review report.",
}


@dataclass(frozen=True)
class Lateness:
    """How the council's steps went: published late, or not at all (None: still missing)."""

    report_missing: bool = False
    action_plan_missing: bool = False
    progress_review: bool = True  # a progress review follows (most challenges)
    progress_review_missing: bool = False  # one is due but has not been published


@dataclass(frozen=True)
class Step:
    stage: str
    planned: date
    completed: date | None


@dataclass
class Timeline:
    enquiry_date: date
    visit_start: date
    visit_end: date
    steps: list[Step] = field(default_factory=list)

    @property
    def stage(self) -> str:
        """The furthest stage completed (the enquiry, at least)."""
        done = [step.stage for step in self.steps if step.completed is not None]
        return done[-1] if done else Stage.ENQUIRY

    def completed(self, stage: str) -> date | None:
        return next((step.completed for step in self.steps if step.stage == stage), None)


def timeline(visit_start: date, *, today: date, rng: random.Random, lateness: Lateness) -> Timeline:
    """The stages of a challenge visited from ``visit_start``, as they stand on ``today``."""
    visit_end = visit_start + timedelta(days=VISIT_DAYS - 1)
    before = {
        Stage.ENQUIRY: -rng.randint(150, 240),
        Stage.SCOPING: -rng.randint(90, 140),
        Stage.TEAM: -rng.randint(35, 70),
        Stage.POSITION_STATEMENT: -rng.randint(14, 21),
        Stage.PRE_VISIT_CALL: -rng.randint(5, 10),
    }
    planned: list[tuple[str, date]] = [(stage, visit_start + timedelta(days=days)) for stage, days in before.items()]
    planned += [(Stage.VISIT, visit_start), (Stage.FEEDBACK, visit_end)]
    report_due = deadlines.add_months(visit_end, deadlines.REPORT_MONTHS)
    plan_due = deadlines.add_months(visit_end, deadlines.ACTION_PLAN_MONTHS)
    review_due = deadlines.add_months(visit_end, deadlines.PROGRESS_REVIEW_REPORT_MONTHS)
    planned.append((Stage.REPORT, visit_end + timedelta(days=rng.randint(21, 40))))
    after: list[tuple[str, date, bool]] = [
        (Stage.REPORT_PUBLISHED, report_due - timedelta(days=rng.randint(0, 40)), lateness.report_missing),
        (Stage.ACTION_PLAN, plan_due - timedelta(days=rng.randint(0, 45)), lateness.action_plan_missing),
    ]
    if lateness.progress_review:
        review_visit = deadlines.add_months(visit_end, deadlines.PROGRESS_REVIEW_MONTHS)
        after.append((Stage.PROGRESS_REVIEW, review_visit + timedelta(days=rng.randint(-20, 20)), False))
        after.append((Stage.PROGRESS_REVIEW_PUBLISHED, review_due - timedelta(days=rng.randint(0, 35)), False))
        if lateness.progress_review_missing:
            after[-2] = (after[-2][0], after[-2][1], True)
    dues: dict[str, date] = {Stage.REPORT_PUBLISHED: report_due, Stage.ACTION_PLAN: plan_due}
    result = Timeline(enquiry_date=planned[0][1], visit_start=visit_start, visit_end=visit_end)
    for stage, day in planned:
        result.steps.append(Step(stage, day, day if day <= today else None))
    stopped = result.steps[-1].completed is None
    for stage, day, missing in after:
        if stopped:
            break
        due = dues.get(stage, review_due)
        if missing:
            # Not done: planned for its deadline, and the challenge stops here.
            result.steps.append(Step(stage, due, None))
            stopped = True
            continue
        result.steps.append(Step(stage, due, day if day <= today else None))
        stopped = day > today
    return result
