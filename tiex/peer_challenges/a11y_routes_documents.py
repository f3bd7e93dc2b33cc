"""The documents area's entries for the accessibility route map (collected by tiex/core/a11y_routes.py
from every ``a11y_routes*.py`` of an app).

The pages need the browser seed "peer-challenges-documents"
(tiex/peer_challenges/tests/browser_seed_documents.py): a corporate challenge of the
super-user's council (ORG_SLUG) with a published report and two recommendations.
"""

from __future__ import annotations

from typing import Any

SEED = "peer-challenges-documents"
REFERENCE = "pc-a11y-testshire"
RECOMMENDATION_PK = 9301


def routes(Visit: Any) -> dict[str, Any]:
    base = f"/peer-challenges/{REFERENCE}/recommendations/"
    return {
        "peer_challenges:recommendations": (
            Visit(base, "a published report's recommendations, public", seed=SEED),
            Visit(base, "recording and turning recommendations into actions", role="super_user", seed=SEED),
            Visit(
                base,
                "recording a recommendation with no words: its error",
                role="super_user",
                seed=SEED,
                submit=(("text", ""),),
            ),
        ),
        "peer_challenges:recommendation_edit": (
            Visit(f"{base}{RECOMMENDATION_PK}/", "changing a recommendation", role="super_user", seed=SEED),
        ),
        "peer_challenges:recommendation_remove": "form action (POST only): removes a recommendation and redirects",
        "peer_challenges:recommendations_to_actions": (
            "form action (POST only): adds the chosen recommendations to the action plan and redirects to it"
        ),
    }
