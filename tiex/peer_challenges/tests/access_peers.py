"""The access matrix's peer challenge objects for the pool, the team page and feedback.

A challenge at council A whose visit has ended, a peer (of council B's type of council,
serving elsewhere) on its team, and the path keys the matrix uses: ``pc_challenge`` (the
reference), ``pc_peer`` (a peer's id) and ``pc_member`` (the team member's id). None of
the personas is a peer, so "my challenges" is empty for them all.
"""

from __future__ import annotations

from datetime import date
from typing import Any


def access_world_peers(council_a: Any, council_b: Any) -> dict[str, str]:
    from tiex.councils.tests.factories import CouncilFactory
    from tiex.peer_challenges.tests.factories import ChallengeFactory, PeerFactory, TeamMemberFactory

    challenge = ChallengeFactory(
        council=council_a,
        reference="pc-access-aldershire",
        visit_start=date(2025, 3, 3),
        visit_end=date(2025, 3, 6),
    )
    peer = PeerFactory(full_name="Access Peer", council=CouncilFactory(name="Elsewhere"))
    member = TeamMemberFactory(challenge=challenge, peer=peer)
    return {"pc_challenge": challenge.reference, "pc_peer": str(peer.pk), "pc_member": str(member.pk)}
