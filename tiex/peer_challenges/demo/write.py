"""Writing the demo: peers upserted by name, challenges by reference (ids stay the same), their
stages, documents, teams and feedback replaced in bulk. Only rows marked as demo are touched."""

from __future__ import annotations

import datetime
from datetime import date

from django.db import transaction
from django.utils import timezone

from tiex.peer_challenges.demo.plans import ChallengePlan, PeerPlan
from tiex.peer_challenges.demo.timeline import NOTES, OWNERS
from tiex.peer_challenges.models import (
    Challenge,
    ChallengeKind,
    Document,
    DocumentKind,
    Feedback,
    Peer,
    Skill,
    Stage,
    StageStep,
    TeamMember,
)

PEER_FIELDS = (
    "kind",
    "council_id",
    "party",
    "group_office",
    "role",
    "trained_on",
    "accredited_on",
    "available",
    "availability_note",
)
CHALLENGE_FIELDS = (
    "council_id",
    "kind_id",
    "stage",
    "focus_areas",
    "regional_adviser",
    "enquiry_date",
    "visit_start",
    "visit_end",
    "people_met",
)
DOCUMENT_URL = "https://www.example.org/demo/peer-challenges/{reference}/{kind}.pdf"
# Published documents: the stage that publishes them, and their kind.
PUBLISHED = (
    (Stage.REPORT_PUBLISHED, DocumentKind.REPORT, "Corporate peer challenge report"),
    (Stage.ACTION_PLAN, DocumentKind.ACTION_PLAN, "Action plan"),
    (Stage.PROGRESS_REVIEW_PUBLISHED, DocumentKind.PROGRESS_REVIEW_REPORT, "Progress review report"),
)


def _moment(day: date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def write_peers(plans: list[PeerPlan]) -> dict[int, int]:
    """Create or update the demo peers (by name); remove demo peers no longer planned and on no team.
    Returns peer id by plan key."""
    existing = {peer.full_name: peer for peer in Peer.objects.filter(is_demo=True)}
    taken = set(Peer.objects.filter(is_demo=False).values_list("full_name", flat=True))
    new, changed, rows = [], [], {}
    for plan in plans:
        if plan.full_name in taken:
            continue
        values = {name: getattr(plan, name) for name in PEER_FIELDS}
        peer = existing.get(plan.full_name)
        if peer is None:
            peer = Peer(full_name=plan.full_name, is_demo=True, **values)
            new.append(peer)
        elif any(getattr(peer, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(peer, name, value)
            changed.append(peer)
        rows[plan.key] = peer
    Peer.objects.bulk_update(changed, list(PEER_FIELDS), batch_size=500)
    Peer.objects.bulk_create(new, batch_size=500)
    wanted = {plan.full_name for plan in plans}
    stale = [peer.pk for name, peer in existing.items() if name not in wanted]
    Peer.objects.filter(pk__in=stale, placements__isnull=True).delete()
    skills = dict(Skill.objects.values_list("slug", "pk"))
    through = Peer.skills.through
    through.objects.filter(peer_id__in=[peer.pk for peer in rows.values()]).delete()
    through.objects.bulk_create(
        [
            through(peer_id=rows[plan.key].pk, skill_id=skills[slug])
            for plan in plans
            if plan.key in rows
            for slug in plan.skills
            if slug in skills
        ],
        batch_size=1000,
    )
    return {key: peer.pk for key, peer in rows.items()}


def _values(plan: ChallengePlan, kinds: dict[str, int]) -> dict[str, object]:
    line = plan.timeline
    return {
        "council_id": plan.council_id,
        "kind_id": kinds[plan.kind],
        "stage": line.stage,
        "focus_areas": plan.focus_areas,
        "regional_adviser": plan.regional_adviser,
        "enquiry_date": line.enquiry_date,
        "visit_start": line.visit_start,
        "visit_end": line.visit_end,
        "people_met": plan.people_met,
    }


@transaction.atomic
def write_demo(peers: list[PeerPlan], plans: list[ChallengePlan]) -> dict[str, int]:
    peer_ids = write_peers(peers)
    kinds = dict(ChallengeKind.objects.values_list("slug", "pk"))
    taken = set(Challenge.objects.filter(is_demo=False).values_list("reference", flat=True))
    plans = [plan for plan in plans if plan.reference not in taken and plan.kind in kinds]
    existing = {c.reference: c for c in Challenge.objects.filter(is_demo=True)}
    wanted = {plan.reference for plan in plans}
    removed = [c.pk for ref, c in existing.items() if ref not in wanted]
    Challenge.objects.filter(pk__in=removed).delete()
    ids = [c.pk for ref, c in existing.items() if ref in wanted]
    for model in (StageStep, Document, TeamMember, Feedback):
        queryset = model.objects.filter(challenge_id__in=ids)
        queryset._raw_delete(queryset.db)
    new, changed, rows = [], [], []
    now = timezone.now()
    for plan in plans:
        values = _values(plan, kinds)
        challenge = existing.get(plan.reference)
        if challenge is None:
            challenge = Challenge(reference=plan.reference, is_demo=True, **values)
            new.append(challenge)
        elif any(getattr(challenge, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(challenge, name, value)
            challenge.updated_at = now
            changed.append(challenge)
        rows.append(challenge)
    Challenge.objects.bulk_update(changed, [*CHALLENGE_FIELDS, "updated_at"], batch_size=500)
    Challenge.objects.bulk_create(new, batch_size=500)
    steps: list[StageStep] = []
    documents: list[Document] = []
    team: list[TeamMember] = []
    feedback: list[Feedback] = []
    for challenge, plan in zip(rows, plans, strict=True):
        for step in plan.timeline.steps:
            steps.append(
                StageStep(
                    challenge_id=challenge.pk,
                    stage=step.stage,
                    owner=OWNERS[Stage(step.stage)],
                    planned_date=step.planned,
                    completed_date=step.completed,
                    note=NOTES[Stage(step.stage)] if step.completed else "",
                )
            )
        documents.extend(_documents(challenge, plan))
        team.extend(
            TeamMember(challenge_id=challenge.pk, peer_id=peer_ids[p.peer], role=p.role, days=p.days)
            for p in plan.team
            if p.peer in peer_ids
        )
        feedback.extend(
            Feedback(
                challenge_id=challenge.pk,
                given_by=f.given_by,
                peer_id=peer_ids.get(f.peer) if f.peer is not None else None,
                positive_impact=f.positive_impact,
                satisfied=f.satisfied,
                comments=f.comments,
            )
            for f in plan.feedback
            if f.peer is None or f.peer in peer_ids
        )
    StageStep.objects.bulk_create(steps, batch_size=2000)
    Document.objects.bulk_create(documents, batch_size=1000)
    TeamMember.objects.bulk_create(team, batch_size=2000)
    Feedback.objects.bulk_create(feedback, batch_size=1000)
    return {
        "challenges": len(rows),
        "created": len(new),
        "changed": len(changed),
        "removed": len(removed),
        "peers": len(peer_ids),
    }


def _documents(challenge: Challenge, plan: ChallengePlan) -> list[Document]:
    """The position statement (private) once shared, a draft report before publication, and the
    published report, action plan and progress review report."""
    line = plan.timeline
    found = []

    def document(kind: str, title: str, published: date | None) -> Document:
        return Document(
            challenge_id=challenge.pk,
            kind=kind,
            title=f"{title} (demo)",
            url=DOCUMENT_URL.format(reference=plan.reference, kind=kind),
            summary="Made up for the demo." if published else "",
            published_at=_moment(published) if published else None,
        )

    if line.completed(Stage.POSITION_STATEMENT):
        found.append(document(DocumentKind.POSITION_STATEMENT, "Position statement", None))
    if line.completed(Stage.REPORT) and not line.completed(Stage.REPORT_PUBLISHED):
        found.append(document(DocumentKind.DRAFT_REPORT, "Draft report", None))
    for stage, kind, title in PUBLISHED:
        published = line.completed(stage)
        if published:
            name = "Finance peer challenge report" if kind == DocumentKind.REPORT and plan.kind == "finance" else title
            found.append(document(kind, name, published))
    return found
