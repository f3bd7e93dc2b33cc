"""The access matrix's peer challenge for the coverage area: a public (delivered) challenge of council A."""

from __future__ import annotations

from datetime import date
from typing import Any

from tiex.peer_challenges.models import Stage
from tiex.peer_challenges.tests.factories import ChallengeFactory


def access_world_coverage(council_a: Any) -> dict[str, str]:
    challenge = ChallengeFactory(
        council=council_a,
        reference="cpc-2019-access-a",
        stage=Stage.REPORT,
        visit_start=date(2019, 6, 3),
        visit_end=date(2019, 6, 6),
    )
    return {"pc_public_a": str(challenge.pk)}
