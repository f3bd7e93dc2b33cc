"""The browser tests' "peers" seed (see tiex/peer_challenges/a11y_routes_peers.py).

A corporate challenge at Testshire (the route map's super-user's council) whose visit is
over, a pool of peers (member peers of three parties, officer peers, one from a
neighbouring council), the route map's "member" on the team as a member peer, and
feedback from another peer and from the council, so every page has something to show.
"""

from __future__ import annotations

from datetime import date


def seed_peers(council: object, member: object) -> None:
    from tiex.councils.models import ComparatorKind, Party
    from tiex.councils.tests.factories import ComparatorLinkFactory, CouncilFactory
    from tiex.peer_challenges.a11y_routes_peers import MEMBER_PK, PEER_PK, REFERENCE
    from tiex.peer_challenges.models import Skill, TeamRole
    from tiex.peer_challenges.tests.factories import (
        ChallengeFactory,
        FeedbackFactory,
        PeerFactory,
        TeamMemberFactory,
    )

    challenge = ChallengeFactory(
        council=council,
        reference=REFERENCE,
        focus_areas="Housing delivery\nFinancial resilience",
        visit_start=date(2025, 3, 3),
        visit_end=date(2025, 3, 6),
    )
    neighbour = CouncilFactory(name="Seedbury", type="NMD")
    ComparatorLinkFactory(council=council, neighbour=neighbour, kind=ComparatorKind.GEOGRAPHIC_NEIGHBOURS, rank=1)
    north = CouncilFactory(name="Northam", type="NMD", region="North West", population_2020=120_000)
    south = CouncilFactory(name="Southam", type="UA", region="South West", population_2020=250_000)
    housing, finance = Skill.objects.get(slug="housing"), Skill.objects.get(slug="finance")
    peer = PeerFactory(
        pk=PEER_PK,
        full_name="Morgan Member",
        council=north,
        party=Party.LABOUR,
        user=member,
        trained_on=date(2018, 1, 10),
        accredited_on=date(2018, 4, 1),
    )
    peer.skills.add(housing)
    TeamMemberFactory(
        pk=MEMBER_PK, challenge=challenge, peer=peer, role=TeamRole.LEAD_MEMBER, days=4, reason="accredited"
    )
    for name, party, where in [
        ("Charlie Conservative", Party.CONSERVATIVE, south),
        ("Lesley Liberal", Party.LIBERAL_DEMOCRATS, north),
        ("Gwen Green", Party.GREEN, south),
        ("Nell Neighbour", Party.LABOUR, neighbour),
    ]:
        PeerFactory(full_name=name, party=party, council=where)
    officer = PeerFactory(full_name="Olu Officer", council=south, officer=True, role="Director of finance")
    officer.skills.add(finance)
    PeerFactory(full_name="Cass Chief", council=north, officer=True, accredited_on=date(2020, 2, 1))
    earlier = ChallengeFactory(
        council=south, reference="pc-a11y-southam", visit_start=date(2023, 10, 2), visit_end=date(2023, 10, 5)
    )
    TeamMemberFactory(challenge=earlier, peer=officer, role=TeamRole.OFFICER_PEER, days=3.5)
    FeedbackFactory(challenge=earlier, positive_impact=True, satisfied=True, comments="Helpful and challenging.")
    FeedbackFactory(challenge=earlier, given_by="peer", peer=officer, positive_impact=True, satisfied=False)
