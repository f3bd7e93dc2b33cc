"""The Shared Services Map's entries for the accessibility route map (tiex/core/a11y_routes.py).

The pages need the browser seed "partnerships" (tiex/partnerships/tests/browser_seed.py).
"""

from __future__ import annotations

from typing import Any

SEED = "partnerships"
PARTNERSHIP_PK = 9301


def routes(Visit: Any) -> dict[str, Any]:
    return {
        "partnerships:index": (
            Visit("/shared-services/", "the map page: totals, growth chart and table, list", seed=SEED),
            Visit(
                "/shared-services/?region=South+East&kind=shared_service", "filtered, with filters to remove", seed=SEED
            ),
            Visit(
                "/shared-services/?kind=nonsense&year=18", "filters that do not validate: the error summary", seed=SEED
            ),
            Visit("/shared-services/", "no partnerships yet"),
        ),
        "partnerships:detail": (
            Visit(f"/shared-services/{PARTNERSHIP_PK}/", "a partnership with savings and partners", seed=SEED),
        ),
        "partnerships:download_csv": "CSV download of the filtered partnerships, not a page",
        "partnerships:download_json": "JSON download of the filtered partnerships, not a page",
        "partnerships:download_geojson": "GeoJSON download of the filtered partnerships (the map's data), not a page",
    }
