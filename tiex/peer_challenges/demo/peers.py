"""The demo pool of peers and the teams drawn from it (pure; names are invented, marked "(demo)")."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from tiex.peer_challenges.demo.plans import ChallengePlan, PeerPlan, Place, Placement
from tiex.peer_challenges.reference import read_toml

MEMBER, OFFICER = "member", "officer"


def build_peers(config: dict[str, Any], councils: list[Place], rng: random.Random, today: date) -> list[PeerPlan]:
    """``config["count"]`` peers at current councils: member peers across parties, officer peers by role."""
    skills = [skill["slug"] for skill in read_toml("skills.toml")["skill"]]
    names = [(given, family) for given in config["given_names"] for family in config["family_names"]]
    chosen_names = rng.sample(names, config["count"])
    parties = list(config["parties"])
    party_weights = [config["parties"][party] for party in parties]
    first_year, last_year = config["first_training_year"], today.year - 1
    peers = []
    for key, (given, family) in enumerate(chosen_names):
        member = rng.random() < config["member_share"]
        party = rng.choices(parties, weights=party_weights)[0] if member else ""
        trained = date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))
        accredited = (
            trained + timedelta(days=rng.randint(60, 400)) if rng.random() < config["accredited_share"] else None
        )
        available = rng.random() >= config["unavailable_share"]
        peers.append(
            PeerPlan(
                key=key,
                full_name=f"{given} {family} (demo)",
                kind=MEMBER if member else OFFICER,
                council_id=rng.choice(councils).id,
                party=party,
                group_office=config["group_offices"][party] if member else "",
                role=rng.choice(config["member_roles"] if member else config["officer_roles"]),
                skills=sorted(rng.sample(skills, rng.randint(2, 4))),
                trained_on=trained,
                accredited_on=accredited,
                available=available,
                availability_note="" if available else "Not available this year (demo)",
            )
        )
    return peers


def pick_team(
    plan: ChallengePlan, peers: list[PeerPlan], load: dict[int, int], config: dict[str, Any], rng: random.Random
) -> list[Placement]:
    """A challenge manager, a lead member peer, member peers of other parties and officer peers:
    never from the challenge's own council, trained before the visit, lightly used peers first."""
    cutoff = plan.visit_start - timedelta(days=30)
    eligible = [p for p in peers if p.council_id != plan.council_id and p.trained_on <= cutoff]
    taken: set[int] = set()

    def choose(kind: str, exclude_parties: frozenset[str] | set[str] = frozenset()) -> PeerPlan | None:
        pool = [p for p in eligible if p.kind == kind and p.key not in taken and p.party not in exclude_parties]
        if not pool:
            return None
        peer = rng.choices(pool, weights=[1 / (1 + load.get(p.key, 0)) ** 2 for p in pool])[0]
        taken.add(peer.key)
        load[peer.key] = load.get(peer.key, 0) + 1
        return peer

    team: list[Placement] = []
    manager = choose(OFFICER)
    if manager is not None:
        team.append(Placement(manager.key, "manager", config["manager_days"]))
    lead = choose(MEMBER)
    parties: set[str] = set()
    if lead is not None:
        team.append(Placement(lead.key, "lead-member", config["lead_member_days"]))
        parties.add(lead.party)
    for _ in range(rng.choice(config["member_peers"])):
        peer = choose(MEMBER, parties)  # cross-party: each member peer from another party
        if peer is not None:
            team.append(Placement(peer.key, "member-peer", config["peer_days"]))
            parties.add(peer.party)
    for _ in range(rng.choice(config["officer_peers"])):
        peer = choose(OFFICER)
        if peer is not None:
            team.append(Placement(peer.key, "officer-peer", config["peer_days"]))
    return team
