from typing import get_args

from tiex.peer_challenges.api import PublicStage
from tiex.peer_challenges.selectors_public import PUBLIC_STAGES


def test_the_apis_stage_enumeration_is_the_public_stages() -> None:
    assert set(get_args(PublicStage)) == {"", *PUBLIC_STAGES}
