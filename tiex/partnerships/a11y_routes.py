"""The Shared Services Map's entries for the accessibility route map (tiex/core/a11y_routes.py).

The pages need the browser seed "partnerships" (tiex/partnerships/tests/browser_seed.py).
"""

from __future__ import annotations

from typing import Any

SEED = "partnerships"
PARTNERSHIP_PK = 9301
INTEREST_PK = 9311  # Testshire's published interest (the route map's super-user's council)


def routes(Visit: Any) -> dict[str, Any]:
    return {
        "partnerships:index": (Visit("/shared-services/", "list of partnerships", seed=SEED),),
        "partnerships:detail": (
            Visit(f"/shared-services/{PARTNERSHIP_PK}/", "a partnership with savings and partners", seed=SEED),
        ),
        "partnerships:interest_index": (
            Visit("/shared-services/interests/", "own and other councils' interests", role="super_user", seed=SEED),
        ),
        "partnerships:interest_create": (
            Visit("/shared-services/interests/new/", "registering an interest", role="super_user", seed=SEED),
            Visit(
                "/shared-services/interests/new/",
                "with errors",
                role="super_user",
                seed=SEED,
                submit=(("looking_for", "A partner"),),
            ),
        ),
        "partnerships:interest_detail": (
            Visit(
                f"/shared-services/interests/{INTEREST_PK}/",
                "own interest with suggested councils",
                role="super_user",
                seed=SEED,
            ),
        ),
        "partnerships:interest_respond": "form post only (the respond form is on the interest's page)",
        "partnerships:interest_close": "form post only (the close button is on the interest's page)",
    }
