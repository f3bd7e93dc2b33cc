"""Peer challenges' entries for the accessibility route map (tiex/core/a11y_routes.py).

Each area keeps its own entries in ``a11y_routes_<area>.py``; this module joins them.
"""

from __future__ import annotations

from typing import Any

from tiex.peer_challenges import a11y_routes_peers


def routes(Visit: Any) -> dict[str, Any]:
    return {**a11y_routes_peers.routes(Visit)}
