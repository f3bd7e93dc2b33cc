"""The coverage area's entries for the accessibility route map (tiex/core/a11y_routes.py), gathered
by a11y_routes.py. The pages need the browser seed "peer-challenges-coverage"
(tiex/peer_challenges/tests/browser_seed_coverage.py)."""

from __future__ import annotations

from typing import Any

SEED = "peer-challenges-coverage"


def routes(Visit: Any) -> dict[str, Any]:
    return {
        "peer_challenges:coverage": (
            Visit("/peer-challenges/coverage/", "every council: counts, target list, map and table", seed=SEED),
            Visit(
                "/peer-challenges/coverage/?region=South+East&show=target",
                "filtered to the target list, with filters to remove",
                seed=SEED,
            ),
            Visit("/peer-challenges/coverage/?since=12&region=Narnia", "filters that do not validate", seed=SEED),
            Visit("/peer-challenges/coverage/", "no councils yet"),
        ),
        "peer_challenges:coverage_csv": "CSV download of the filtered councils, not a page",
        "peer_challenges:figures": (
            Visit("/peer-challenges/figures/", "the yearly figures' tables", seed=SEED),
            Visit("/peer-challenges/figures/", "no challenge delivered yet"),
        ),
    }
