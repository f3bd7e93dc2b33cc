"""The Exchange's entries for the accessibility route map (tiex/core/a11y_routes.py).

``routes(Visit)`` returns {route key: visits or a reason} for every route the
Exchange adds. The pages with content need the browser seed "exchange"
(tiex/library/tests/browser_seed.py: ``seed_exchange``), which creates the resources
and the submission named below. To use them, tiex/core/a11y_routes.py adds "exchange"
to SEEDS and core discovers this module by name (``<app>.a11y_routes``), and the browser conftest adds
``"exchange": seed_exchange`` to SEED_FUNCTIONS.
"""

from __future__ import annotations

from typing import Any

SEED = "exchange"
RESOURCE_SLUG = "food-waste-collections"
OUT_OF_DATE_SLUG = "cyber-security-baseline"
SUBMISSION_PK = 9001


def routes(Visit: Any) -> dict[str, Any]:
    return {
        "library:index": (
            Visit("/exchange/", "empty Exchange"),
            Visit("/exchange/", "Exchange with resources", seed=SEED),
            Visit("/exchange/?q=waste&theme=income-and-spend", "search narrowed by a theme", seed=SEED),
            Visit("/exchange/?q=zzzz-no-match", "search with no results", seed=SEED),
            Visit("/exchange/?q=waste", "search where council climate plans also match", seed=SEED),
            Visit("/exchange/?collection=climate-plans", "the council climate plans collection", seed=SEED),
            Visit("/exchange/?theme=not-a-theme", "search with an unknown filter (error)", seed=SEED),
        ),
        "library:resource": (
            Visit(f"/exchange/{RESOURCE_SLUG}/", "a case study with outcomes and similar resources", seed=SEED),
            Visit(f"/exchange/{OUT_OF_DATE_SLUG}/", "a toolkit past its review date", seed=SEED),
            Visit(f"/exchange/{RESOURCE_SLUG}/", "a case study, signed in", role="member", seed=SEED),
        ),
        "library:submit": (
            Visit("/exchange/submit/", "case study form", role="super_user"),
            Visit("/exchange/submit/", "case study form with errors", role="super_user", submit=(("title", ""),)),
            Visit("/exchange/submit/", "not a council member (cannot submit)", role="member"),
        ),
        "library:submissions": (
            Visit("/exchange/submissions/", "your submissions and your council's", role="super_user", seed=SEED),
            Visit("/exchange/submissions/", "no submissions yet", role="member"),
        ),
        "library:submission": (
            Visit(f"/exchange/submissions/{SUBMISSION_PK}/", "a submission in review", role="super_user", seed=SEED),
        ),
        "library:submission_edit": (
            "the case study form of library:submit, filled in; only reachable by the submitter after an editor "
            "asked for changes"
        ),
        "library:download_csv": "CSV download of a search, not a page",
        "library:download_json": "JSON download of a search, not a page",
        "library:feed": "Atom feed of new resources, not a page",
    }
