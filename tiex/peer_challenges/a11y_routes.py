"""Peer challenges' entries for the accessibility route map (tiex/core/a11y_routes.py): each area
keeps its own module (a11y_routes_<area>.py), gathered here."""

from __future__ import annotations

from typing import Any

from tiex.peer_challenges import a11y_routes_coverage


def routes(Visit: Any) -> dict[str, Any]:
    return {**a11y_routes_coverage.routes(Visit)}
