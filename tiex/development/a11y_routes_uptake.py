"""Uptake's entries for the accessibility route map (tiex/core/a11y_routes.py), gathered by core.
The pages need the browser seed "development-uptake" (tiex/development/tests/browser_seed_uptake.py)."""

from __future__ import annotations

from typing import Any

SEED = "development-uptake"
_FILE = "file download, not a page"


def routes(Visit: Any) -> dict[str, Any]:
    return {
        "development_uptake:staff": (
            Visit("/councillor-development/uptake/", "exact figures, map and tables", role="editor", seed=SEED),
            Visit("/councillor-development/uptake/", "no bookings or councillor counts yet", role="editor"),
        ),
        "development_uptake:published": (
            Visit("/councillor-development/uptake/published/", "suppressed figures, map and tables", seed=SEED),
            Visit("/councillor-development/uptake/published/", "no bookings or councillor counts yet"),
        ),
        "development_uptake:staff_csv": _FILE + " (CSV of the exact uptake)",
        "development_uptake:staff_json": _FILE + " (JSON of the exact uptake)",
        "development_uptake:published_csv": _FILE + " (CSV of the published uptake)",
        "development_uptake:published_json": _FILE + " (JSON of the published uptake)",
    }
