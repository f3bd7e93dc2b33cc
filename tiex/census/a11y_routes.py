"""The census's entries for the accessibility route map (tiex/core/a11y_routes.py). Pages with data need
the browser seed "census" (tiex/census/tests/browser_seed.py)."""

from __future__ import annotations

from typing import Any

SEED = "census"
RESPOND = "/census/respond/a11y-census-link-token/"
COUNCIL = "/census/2026/councils/E07999999/"


def routes(Visit: Any) -> dict[str, Any]:
    return {
        "census:index": (
            Visit("/census/", "no census yet"),
            Visit(
                "/census/", "a published census; the open one's link for the super-user", role="super_user", seed=SEED
            ),
        ),
        "census:history": (Visit("/census/history/", "past figures as charts and tables", seed=SEED),),
        "census:create": (
            Visit("/census/new/", "starting a census", role="editor"),
            Visit("/census/new/", "with errors", role="editor", seed=SEED, submit=(("year", "2026"),)),
        ),
        "census:results": (
            Visit("/census/2025/", "published results: headlines, breakdowns (some suppressed), charts", seed=SEED),
            Visit("/census/2026/", "an open census, for staff: the state buttons", role="editor", seed=SEED),
        ),
        "census:state": "POST only: the buttons are on the results page, checked there",
        "census:council": (
            Visit(COUNCIL, "issuing response links", role="super_user", seed=SEED),
            Visit(COUNCIL, "with errors", role="super_user", seed=SEED, submit=(("count", "0"),)),
        ),
        "census:respond": (
            Visit(RESPOND, "the questionnaire", seed=SEED),
            Visit(RESPOND, "with errors", seed=SEED, submit=(("hours", "200"),)),
        ),
        "census:thanks": (Visit("/census/respond/thanks/", "after answering"),),
    }
