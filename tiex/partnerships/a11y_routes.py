"""The Shared Services Map's entries for the accessibility route map (tiex/core/a11y_routes.py).

The pages need the browser seed "partnerships" (tiex/partnerships/tests/browser_seed.py).
"""

from __future__ import annotations

from typing import Any

SEED = "partnerships"
PARTNERSHIP_PK = 9301


def routes(Visit: Any) -> dict[str, Any]:
    return {
        "partnerships:index": (Visit("/shared-services/", "list of partnerships", seed=SEED),),
        "partnerships:boundaries": "map data (council boundaries as GeoJSON for the map's JavaScript), not a page",
        "partnerships:detail": (
            Visit(f"/shared-services/{PARTNERSHIP_PK}/", "a partnership with savings and partners", seed=SEED),
        ),
    }
