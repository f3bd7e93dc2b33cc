"""Which peers to suggest for a challenge's team: pure ranking over plain data (no ORM).

``selectors_team.team_suggestions`` gathers the facts in a few queries; this module turns
them into ranked suggestions for each team role, each with its reasons in plain words.
Staff choose; a suggestion never puts anyone on a team.

Who may be suggested for a role:

* the challenge manager and officer peers come from the officer peers, the lead member
  peer and member peers from the member peers;
* never a peer already on the team, nor one marked unavailable;
* never a peer with a conflict of interest: one serving at the council itself, at one of
  its geographic neighbours, at the county it lies in or one of its districts, or at a
  council in a shared-service partnership with it (``Conflicts``).

How they are ranked (each step only breaks the ties of the one before):

1. balance (member peers only): a lead member peer from the party that controls the
   council when one party does (a peer from the leader's own group is heard differently;
   the rest of the team brings the challenge from other parties); other member peers
   from a party not yet on the team, so the member peers are cross-party;
2. accreditation (the lead member peer and the manager): accredited peers first;
3. the challenge's focus: more of the skills it asks for first;
4. experience: more challenges given at councils of the same type; then more at councils of
   a similar size (the same population band); then serving at a council of the same type;
5. fair spread of load: fewer peer days in the last ``load_years`` years first;
6. name, so the order is stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

MEMBER = "member"
OFFICER = "officer"
MANAGER = "manager"
LEAD_MEMBER = "lead-member"
MEMBER_PEER = "member-peer"
OFFICER_PEER = "officer-peer"
ROLES: tuple[str, ...] = (MANAGER, LEAD_MEMBER, MEMBER_PEER, OFFICER_PEER)
KIND_FOR_ROLE = {MANAGER: OFFICER, LEAD_MEMBER: MEMBER, MEMBER_PEER: MEMBER, OFFICER_PEER: OFFICER}
LOAD_YEARS = 3
SHOWN_PER_ROLE = 5
# Population bands: councils in the same band are "of a similar size".
SIZE_BANDS: tuple[tuple[int, str], ...] = (
    (100_000, "under 100,000 people"),
    (250_000, "100,000 to 250,000 people"),
    (500_000, "250,000 to 500,000 people"),
)
LARGEST_BAND = "500,000 people or more"


def size_band(population: int | None) -> str | None:
    """The population band a council falls in, or None when its population is not known."""
    if population is None:
        return None
    for upper, label in SIZE_BANDS:
        if population < upper:
            return label
    return LARGEST_BAND


@dataclass(frozen=True)
class Target:
    """The challenge as the ranking needs it."""

    council_id: int
    council_name: str
    council_type: str  # a CouncilType code, e.g. "CTY"
    council_type_label: str  # "county council"
    population: int | None = None
    control: str = ""  # the controlling party's code, "noc" or "" when not known
    control_label: str = ""
    focus_skills: frozenset[str] = frozenset()  # skill slugs


@dataclass(frozen=True)
class Placement:
    """A challenge a peer has been on: at what kind of council, when, and for how many days."""

    council_type: str
    population: int | None
    on: date | None  # the visit's first day (None when not yet agreed)
    days: float = 0.0


@dataclass(frozen=True)
class Candidate:
    peer_id: int
    name: str
    kind: str  # MEMBER or OFFICER
    council_id: int
    council_name: str
    council_type: str
    party: str = ""
    party_label: str = ""
    skills: frozenset[str] = frozenset()
    available: bool = True
    accredited: bool = False
    placements: tuple[Placement, ...] = ()


@dataclass(frozen=True)
class Conflicts:
    """Councils a peer must not come from, each with why (``{council_id: "a geographic neighbour"}``)."""

    reasons: Mapping[int, str] = field(default_factory=dict)

    def of(self, council_id: int) -> str | None:
        return self.reasons.get(council_id)


@dataclass(frozen=True)
class TeamSoFar:
    """Who is already on the team: peer ids, and the parties of its member peers."""

    peer_ids: frozenset[int] = frozenset()
    member_parties: frozenset[str] = frozenset()


@dataclass
class Suggestion:
    role: str
    candidate: Candidate
    reasons: list[str]
    recent_days: float

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class RoleSuggestions:
    role: str
    suggestions: list[Suggestion]
    eligible: int  # how many peers could be suggested, before the list was cut


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def recent_days(candidate: Candidate, *, today: date, years: int = LOAD_YEARS) -> float:
    """Peer days given on challenges whose visit started in the last ``years`` years (or is to come)."""
    since = date(today.year - years, today.month, min(today.day, 28))
    return float(sum(p.days for p in candidate.placements if p.on is not None and p.on >= since))


@dataclass(frozen=True)
class _Facts:
    balance_ok: bool | None  # None when balance does not apply to the role
    accredited: bool
    skills: tuple[str, ...]
    same_type: int
    similar_size: int
    serves_same_type: bool
    recent_days: float


def _facts(role: str, candidate: Candidate, target: Target, team: TeamSoFar, today: date, load_years: int) -> _Facts:
    band = size_band(target.population)
    same_type = [p for p in candidate.placements if p.council_type == target.council_type]
    balance: bool | None = None
    if role == LEAD_MEMBER:
        ruling = target.control not in ("", "noc")
        balance = (candidate.party == target.control) if ruling else None
    elif role == MEMBER_PEER:
        balance = candidate.party not in team.member_parties
    return _Facts(
        balance_ok=balance,
        accredited=candidate.accredited,
        skills=tuple(sorted(candidate.skills & target.focus_skills)),
        same_type=len(same_type),
        similar_size=sum(1 for p in candidate.placements if band is not None and size_band(p.population) == band),
        serves_same_type=candidate.council_type == target.council_type,
        recent_days=recent_days(candidate, today=today, years=load_years),
    )


def _reasons(
    role: str, candidate: Candidate, facts: _Facts, target: Target, skill_names: Mapping[str, str], load_years: int
) -> list[str]:
    reasons: list[str] = []
    if role == LEAD_MEMBER and facts.balance_ok is not None:
        if facts.balance_ok:
            reasons.append(f"{candidate.party_label}, the party in control of {target.council_name}")
        else:
            reasons.append(f"{candidate.party_label or 'no party recorded'}: not the party in control")
    elif role == MEMBER_PEER:
        party = candidate.party_label or "no party recorded"
        reasons.append(
            f"{party}: {'a party not yet on the team' if facts.balance_ok else 'a party already on the team'}"
        )
    if role in (LEAD_MEMBER, MANAGER):
        reasons.append("accredited" if facts.accredited else "not accredited")
    if facts.skills:
        reasons.append("offers " + _and([skill_names.get(slug, slug).lower() for slug in facts.skills]))
    elif target.focus_skills:
        reasons.append("none of the skills the focus asks for")
    if facts.same_type:
        text = f"has given {_count(facts.same_type, 'challenge', 'challenges')} at a {target.council_type_label}"
        if facts.similar_size:
            text += f" ({facts.similar_size} at councils of a similar size)"
        reasons.append(text)
    elif facts.similar_size:
        reasons.append(
            f"has given {_count(facts.similar_size, 'challenge', 'challenges')} at councils of a similar size"
        )
    else:
        reasons.append(f"no challenge yet at a {target.council_type_label}")
    if facts.serves_same_type:
        reasons.append(f"serves at a {target.council_type_label} too")
    days = f"{facts.recent_days:g}"
    reasons.append(f"{days} peer {'day' if days == '1' else 'days'} in the last {load_years} years")
    return reasons


def _key(facts: _Facts, candidate: Candidate) -> tuple[int, int, int, int, int, int, float, str, int]:
    return (
        0 if facts.balance_ok in (True, None) else 1,
        0 if facts.accredited else 1,
        -len(facts.skills),
        -facts.same_type,
        -facts.similar_size,
        0 if facts.serves_same_type else 1,
        facts.recent_days,
        candidate.name.lower(),
        candidate.peer_id,
    )


def conflict_of(candidate: Candidate, target: Target, conflicts: Conflicts) -> str | None:
    """Why the candidate may not be on this challenge's team, or None when nothing stands in the way."""
    if candidate.council_id == target.council_id:
        return f"serves at {target.council_name} itself"
    reason = conflicts.of(candidate.council_id)
    return f"{candidate.council_name} is {reason}" if reason else None


def suggest_for_role(
    role: str,
    target: Target,
    candidates: Iterable[Candidate],
    conflicts: Conflicts,
    *,
    team: TeamSoFar | None = None,
    skill_names: Mapping[str, str] | None = None,
    today: date,
    load_years: int = LOAD_YEARS,
    limit: int | None = SHOWN_PER_ROLE,
) -> RoleSuggestions:
    """Ranked suggestions for one role (see the module's docstring for the order)."""
    team = team or TeamSoFar()
    skill_names = skill_names or {}
    kind = KIND_FOR_ROLE[role]
    ranked: list[tuple[tuple[int, int, int, int, int, int, float, str, int], Suggestion]] = []
    for candidate in candidates:
        if candidate.kind != kind or not candidate.available or candidate.peer_id in team.peer_ids:
            continue
        if conflict_of(candidate, target, conflicts) is not None:
            continue
        facts = _facts(role, candidate, target, team, today, load_years)
        reasons = _reasons(role, candidate, facts, target, skill_names, load_years)
        ranked.append((_key(facts, candidate), Suggestion(role, candidate, reasons, facts.recent_days)))
    ranked.sort(key=lambda pair: pair[0])
    chosen = [suggestion for _, suggestion in ranked]
    return RoleSuggestions(
        role=role, suggestions=chosen if limit is None else chosen[: max(limit, 0)], eligible=len(chosen)
    )


def suggest(
    target: Target,
    candidates: Iterable[Candidate],
    conflicts: Conflicts,
    *,
    team: TeamSoFar | None = None,
    skill_names: Mapping[str, str] | None = None,
    today: date,
    load_years: int = LOAD_YEARS,
    limit: int | None = SHOWN_PER_ROLE,
) -> list[RoleSuggestions]:
    """Suggestions for every role, in the order of ``ROLES``."""
    pool = list(candidates)
    return [
        suggest_for_role(
            role,
            target,
            pool,
            conflicts,
            team=team,
            skill_names=skill_names,
            today=today,
            load_years=load_years,
            limit=limit,
        )
        for role in ROLES
    ]


def focus_skills(*, focus_areas: str, kind_slug: str, skills: Mapping[str, str]) -> frozenset[str]:
    """The skills a challenge's focus asks for, read from its focus areas (one per line).

    A skill is asked for when a part of its name (split at "and", e.g. "Housing" of "Housing
    and homelessness") or its slug appears in the text; a finance challenge always asks for
    finance. Staff can change the choice on the team page; this is only the starting point.
    """
    text = " ".join(focus_areas.lower().split())
    found = {"finance"} if kind_slug == "finance" and "finance" in skills else set()
    for slug, name in skills.items():
        parts = [part.strip() for part in name.lower().replace(",", " and ").split(" and ")]
        words = [part for part in parts if len(part) >= 4] + [slug.replace("-", " ")]
        if text and any(word in text for word in words):
            found.add(slug)
    return frozenset(found)
