"""The action plan's entries for the accessibility route map (tiex/core/a11y_routes.py).

The pages need the browser seed "assessments" (tiex/assessments/tests/browser_seed.py),
which gives the super-user's council an action from its published assessment.
"""

from __future__ import annotations

from typing import Any

SEED = "assessments"
ACTION_PK = 9201
ORG_SLUG = "testshire"  # the browser seed's council organisation (tiex/core/a11y_routes.py)


def routes(Visit: Any) -> dict[str, Any]:
    return {
        "plans:detail": (Visit(f"/plans/{ORG_SLUG}/", "the council's action plan", role="super_user", seed=SEED),),
        "plans:detail_csv": "CSV download of an action plan, not a page",
        "plans:action_edit": (
            Visit(f"/plans/actions/{ACTION_PK}/", "changing an action", role="super_user", seed=SEED),
        ),
    }
