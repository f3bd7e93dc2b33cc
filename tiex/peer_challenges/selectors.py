"""Reads of peer challenges, and who may see what.

* The public (and anyone signed in) sees a challenge once its enquiry is complete, with the
  public milestones (stages.PUBLIC_STAGES) and the published documents only;
* the private view (every stage with its owner, dates and note, every document, the
  timetable, the team, the attached self-assessment, deadlines) is for association staff,
  the council's own members and the peers on the challenge's team:
  ``challenge_visible_privately``;
* staff list every challenge with overdue flags (``challenge_list_for``).

The challenge page is one ``challenge_page`` call: five queries whatever the data (the
challenge with its council, kind and self-assessment; its steps; documents; team; sessions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet

from tiex.accounts.permissions import can
from tiex.peer_challenges import stages
from tiex.peer_challenges.deadlines import Deadline, earliest_visit_with_overdue_steps
from tiex.peer_challenges.models import (
    Challenge,
    ChallengeKind,
    Document,
    DocumentKind,
    Stage,
    StageStep,
    TeamMember,
    VisitSession,
)
from tiex.peer_challenges.permissions import (
    PEER_CHALLENGE_COUNCIL_ACT,
    PEER_CHALLENGE_MANAGE,
    PEER_CHALLENGE_VIEW_PRIVATE,
)

LIST_PAGE_SIZE = 50


def _challenges() -> QuerySet[Challenge]:
    return Challenge.objects.select_related("council", "kind")


def challenge_get(*, reference: str) -> Challenge | None:
    return _challenges().filter(reference=reference).first()


def team_user_ids(challenge: Challenge) -> set[int]:
    return set(
        TeamMember.objects.filter(challenge=challenge, peer__user__isnull=False).values_list("peer__user_id", flat=True)
    )


def may_manage(user: Any) -> bool:
    return can(user, PEER_CHALLENGE_MANAGE)


def may_act_for_council(user: Any, challenge: Challenge) -> bool:
    """The council's super-users (and admins): publish, share the position statement, attach a self-assessment."""
    return can(user, PEER_CHALLENGE_COUNCIL_ACT, challenge)


def challenge_visible_privately(user: Any, challenge: Challenge, *, team_ids: Iterable[int] | None = None) -> bool:
    """Staff, the council's members and the peers on the team see the private view (``team_ids``: the
    team's user ids when the caller has them already)."""
    if can(user, PEER_CHALLENGE_VIEW_PRIVATE, challenge):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.pk in (set(team_ids) if team_ids is not None else team_user_ids(challenge))


def challenge_visible(user: Any, challenge: Challenge) -> bool:
    """May this person open the challenge's page at all (else: 404)?"""
    if challenge.cancelled_at is None and stages.is_publicly_listed(challenge.stage):
        return True
    return challenge_visible_privately(user, challenge)


# --- The challenge page ------------------------------------------------------------------


@dataclass(frozen=True)
class StepView:
    stage: str
    label: str
    status: str  # "completed", "current", "not-started"
    owner: str = ""
    planned_date: date | None = None
    completed_date: date | None = None
    note: str = ""
    by_publishing: bool = False

    @property
    def completed(self) -> bool:
        return self.status == "completed"


@dataclass
class ChallengePage:
    challenge: Challenge
    private: bool
    can_manage: bool
    can_council_act: bool
    steps: list[StepView]
    documents: list[Document]
    team: list[TeamMember] = field(default_factory=list)
    sessions: list[VisitSession] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    overdue: list[Deadline] = field(default_factory=list)
    current_stage: str = Stage.ENQUIRY
    people_met: int = 0
    feedback_open: bool = False  # the visit is over (and not cancelled): the team and the council answer
    on_team: bool = False  # this person is a peer on the team

    @property
    def asks_feedback(self) -> bool:
        """Whether this page asks its reader for feedback: the council or a peer on the team, after the visit."""
        return self.feedback_open and (self.can_council_act or self.on_team)

    @property
    def report_published(self) -> bool:
        """Its recommendations are public once the report is (views_recommendations)."""
        return any(d.kind == DocumentKind.REPORT and d.published_at is not None for d in self.documents)

    @property
    def current_label(self) -> str:
        return stages.label(self.current_stage)

    @property
    def finished(self) -> bool:
        return all(step.completed for step in self.steps) and len(self.steps) == len(stages.STAGES)

    def documents_of(self, *kinds: str) -> list[Document]:
        return [document for document in self.documents if document.kind in kinds]

    @property
    def publishable(self) -> list[tuple[str, str, list[Document]]]:
        """(document kind, stage it completes, unpublished documents of that kind) the council may publish next."""
        completed = {step.stage for step in self.steps if step.completed}
        found = []
        for kind, stage in stages.PUBLISHED_BY.items():
            if stage in completed:
                continue
            waiting = [d for d in self.documents if d.kind == kind and d.published_at is None]
            found.append((kind, stage, waiting))
        return found


def _step_views(steps: list[StageStep], *, private: bool) -> tuple[list[StepView], dict[str, date | None]]:
    by_stage = {step.stage: step for step in steps}
    completed = {stage: step.completed_date for stage, step in by_stage.items()}
    current = stages.current_stage(completed)
    views = []
    for stage in stages.STAGES:
        step = by_stage.get(stage)
        done = bool(step and step.completed_date)
        status = "completed" if done else ("current" if stage == current else "not-started")
        if not private and (stage not in stages.PUBLIC_STAGES or not done):
            continue
        views.append(
            StepView(
                stage=stage,
                label=stages.label(stage),
                status=status,
                owner=step.owner if (step and private) else "",
                planned_date=step.planned_date if (step and private) else None,
                completed_date=step.completed_date if step else None,
                note=step.note if (step and private) else "",
                by_publishing=stage in stages.COMPLETED_BY_PUBLISHING,
            )
        )
    return views, completed


def challenge_page(*, user: Any, reference: str, today: date) -> ChallengePage | None:
    """Everything the challenge's page shows to this person, or None when they may not see it (404).

    The challenge is read with its steps, in one query (every challenge has at least its enquiry's
    step; one without any is read on its own): with its team, documents and sessions, four queries."""
    step_rows = list(
        StageStep.objects.filter(challenge__reference=reference).select_related(
            "challenge__council", "challenge__kind", "challenge__self_assessment__version__framework"
        )
    )
    if step_rows:
        challenge = step_rows[0].challenge
    else:
        found = _challenges().select_related("self_assessment__version__framework").filter(reference=reference)
        challenge = found.first()  # type: ignore[assignment]
        if challenge is None:
            return None
    team = list(TeamMember.objects.filter(challenge=challenge).select_related("peer__council").order_by("role", "pk"))
    team_ids = {m.peer.user_id for m in team if m.peer.user_id}
    private = challenge_visible_privately(user, challenge, team_ids=team_ids)
    if not private and not challenge_visible(user, challenge):
        return None
    steps, completed = _step_views(step_rows, private=private)
    documents = Document.objects.filter(challenge=challenge).order_by("kind", "created_at")
    if not private:
        documents = documents.filter(published_at__isnull=False)
    deadlines = stages.challenge_deadlines(challenge.visit_end, completed)
    sessions = list(VisitSession.objects.filter(challenge=challenge)) if private else []
    return ChallengePage(
        challenge=challenge,
        private=private,
        can_manage=private and may_manage(user),
        can_council_act=private and may_act_for_council(user, challenge),
        steps=steps,
        documents=list(documents),
        team=team if private else [],
        sessions=sessions,
        deadlines=deadlines if private else [],
        overdue=[item for item in deadlines if item.overdue(today)] if private and not challenge.cancelled_at else [],
        current_stage=stages.current_stage(completed),
        people_met=sum(session.people_met for session in sessions),
        feedback_open=private
        and challenge.cancelled_at is None
        and challenge.visit_end is not None
        and challenge.visit_end <= today,
        on_team=private and getattr(user, "pk", None) in team_ids,
    )


def document_get_for(*, user: Any, challenge: Challenge, pk: int) -> Document | None:
    """A document this person may open: published ones for anyone who sees the challenge, the rest privately."""
    document = Document.objects.filter(challenge=challenge, pk=pk).first()
    if document is None or not challenge_visible(user, challenge):
        return None
    if document.published_at is not None or challenge_visible_privately(user, challenge):
        return document
    return None


def completed_dates(challenge: Challenge) -> dict[str, date | None]:
    return dict(StageStep.objects.filter(challenge=challenge).values_list("stage", "completed_date"))


def step_get(*, challenge: Challenge, stage: str) -> StageStep | None:
    return StageStep.objects.filter(challenge=challenge, stage=stage).first()


def documents_of(challenge: Challenge, *kinds: str) -> list[Document]:
    return list(Document.objects.filter(challenge=challenge, kind__in=kinds).order_by("created_at"))


def sessions_of(challenge: Challenge) -> list[VisitSession]:
    return list(VisitSession.objects.filter(challenge=challenge))


# --- The staff list ------------------------------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    pk: int
    reference: str
    council: str
    council_code: str
    kind: str
    current_stage: str
    visit_start: date | None
    visit_end: date | None
    overdue: list[Deadline]
    cancelled_at: datetime | None = None

    @property
    def current_label(self) -> str:
        return stages.label(self.current_stage)


@dataclass(frozen=True)
class ChallengeList:
    rows: list[ListRow]
    total: int
    overdue_total: int


def kind_choices() -> list[tuple[str, str]]:
    return list(ChallengeKind.objects.values_list("slug", "name"))


def challenge_list_for(
    *, user: Any, today: date, stage: str = "", kind: str = "", overdue_only: bool = False, q: str = ""
) -> ChallengeList:
    """Every challenge (staff only: others get an empty list), newest enquiry first, with its overdue steps.

    Two queries however many challenges: their rows, and their completed steps."""
    if not may_manage(user):
        return ChallengeList(rows=[], total=0, overdue_total=0)
    found = Challenge.objects.all()
    if kind:
        found = found.filter(kind__slug=kind)
    if q:
        found = found.filter(Q(council__name__icontains=q) | Q(reference__icontains=q))
    rows = list(
        found.order_by("-enquiry_date", "-pk").values_list(
            "pk",
            "reference",
            "council__name",
            "council__gss_code",
            "kind__name",
            "visit_start",
            "visit_end",
            "cancelled_at",
        )
    )
    completed: dict[int, dict[str, date | None]] = {pk: {} for pk, *_ in rows}
    steps = StageStep.objects.filter(challenge__in=found, completed_date__isnull=False)
    for challenge_id, step_stage, done in steps.values_list("challenge_id", "stage", "completed_date"):
        if challenge_id in completed:
            completed[challenge_id][step_stage] = done
    result = []
    for pk, reference, council, code, kind_name, visit_start, visit_end, cancelled_at in rows:
        current = stages.current_stage(completed[pk])
        if stage and current != stage:
            continue
        deadlines = [] if cancelled_at else stages.challenge_deadlines(visit_end, completed[pk])
        late = [item for item in deadlines if item.overdue(today)]
        if overdue_only and not late:
            continue
        result.append(
            ListRow(pk, reference, council, code or "", kind_name, current, visit_start, visit_end, late, cancelled_at)
        )
    return ChallengeList(rows=result, total=len(result), overdue_total=sum(1 for row in result if row.overdue))


# --- A council's profile -----------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilChallenge:
    reference: str
    kind: str
    stage_label: str
    visit_start: date | None


def council_challenges(*, council_id: int) -> list[CouncilChallenge]:
    """The council's challenges the public may see, newest first, with their stage (one query)."""
    rows = (
        Challenge.objects.filter(council_id=council_id, cancelled_at__isnull=True)
        .exclude(stage=Stage.ENQUIRY)
        .order_by("-visit_start", "-enquiry_date", "reference")
        .values_list("reference", "kind__name", "stage", "visit_start")
    )
    return [CouncilChallenge(ref, kind, stages.label(stage), start) for ref, kind, stage, start in rows]


# --- Reminders ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueStep:
    challenge_id: int
    council_id: int
    reference: str
    deadline: Deadline


def overdue_steps(*, today: date) -> list[OverdueStep]:
    """Every overdue step of every delivered challenge not cancelled (two queries). Only challenges
    whose visit ended recently enough to have a step not yet lapsed are read (deadlines.py)."""
    found = Challenge.objects.filter(
        cancelled_at__isnull=True,
        visit_end__isnull=False,
        visit_end__lt=today,
        visit_end__gte=earliest_visit_with_overdue_steps(today),
    )
    rows = list(found.values_list("pk", "council_id", "reference", "visit_end"))
    completed: dict[int, dict[str, date | None]] = {pk: {} for pk, *_ in rows}
    for challenge_id, step_stage, done in StageStep.objects.filter(
        challenge__in=found, completed_date__isnull=False
    ).values_list("challenge_id", "stage", "completed_date"):
        completed[challenge_id][step_stage] = done
    return [
        OverdueStep(pk, council_id, reference, item)
        for pk, council_id, reference, visit_end in rows
        for item in stages.challenge_deadlines(visit_end, completed[pk])
        if item.overdue(today)
    ]
