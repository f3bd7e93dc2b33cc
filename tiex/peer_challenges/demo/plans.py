"""What the demo builds, as plain data (no ORM): places, peers and challenges to write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tiex.peer_challenges.demo.timeline import Timeline


@dataclass(frozen=True)
class Place:
    """An English principal council, current or former, with the dates it existed."""

    id: int
    name: str
    type: str
    region: str
    control: str
    start: date | None
    end: date | None  # the day its successor began (it no longer existed on that day)

    def exists_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class PeerPlan:
    key: int  # its position in the pool, for team placements
    full_name: str
    kind: str  # "member" or "officer"
    council_id: int
    party: str
    group_office: str
    role: str
    skills: list[str]
    trained_on: date
    accredited_on: date | None
    available: bool
    availability_note: str


@dataclass
class Placement:
    peer: int  # PeerPlan.key
    role: str
    days: float


@dataclass
class FeedbackPlan:
    given_by: str  # "council" or "peer"
    peer: int | None
    positive_impact: bool
    satisfied: bool
    comments: str


@dataclass
class ChallengePlan:
    reference: str
    council_id: int
    kind: str  # the ChallengeKind slug
    timeline: Timeline
    regional_adviser: str
    focus_areas: str = ""
    people_met: int | None = None
    team: list[Placement] = field(default_factory=list)
    feedback: list[FeedbackPlan] = field(default_factory=list)

    @property
    def visit_start(self) -> date:
        return self.timeline.visit_start
