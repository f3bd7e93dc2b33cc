"""The self-assessment's entries for the accessibility route map (tiex/core/a11y_routes.py).

Pages with content need the browser seed "assessments"
(tiex/assessments/tests/browser_seed.py), which loads a small framework and opens
assessment ASSESSMENT_PK for the super-user's council with answers from two people.
"""

from __future__ import annotations

from typing import Any

SEED = "assessments"
ASSESSMENT_PK = 9101
PUBLISHED_PK = 9102  # published to the public, so its results page shows the comparison
FRAMEWORK_SLUG = "test-scaled"


def routes(Visit: Any) -> dict[str, Any]:
    base = f"/assessments/{ASSESSMENT_PK}"
    return {
        "assessments:index": (
            Visit("/assessments/", "no frameworks loaded"),
            Visit("/assessments/", "frameworks and the council's assessments", role="super_user", seed=SEED),
        ),
        "assessments:framework": (Visit(f"/assessments/frameworks/{FRAMEWORK_SLUG}/", "a framework", seed=SEED),),
        "assessments:take_up": (
            Visit(
                f"/assessments/frameworks/{FRAMEWORK_SLUG}/take-up/", "take-up by councils", role="editor", seed=SEED
            ),
        ),
        "assessments:take_up_csv": "CSV download of the take-up, not a page",
        "assessments:start": (
            Visit("/assessments/start/", "start form", role="super_user", seed=SEED),
            Visit(
                "/assessments/start/",
                "start form with errors",
                role="super_user",
                seed=SEED,
                submit=(("closing_date", "2001-01-01"),),
            ),
        ),
        "assessments:detail": (Visit(f"{base}/", "overview with progress", role="super_user", seed=SEED),),
        "assessments:answer": (Visit(f"{base}/answer/place/", "a theme to answer", role="super_user", seed=SEED),),
        "assessments:disagreement": (
            Visit(f"{base}/disagreement/", "where the team disagrees", role="super_user", seed=SEED),
        ),
        "assessments:consensus": (Visit(f"{base}/consensus/", "the consensus form", role="super_user", seed=SEED),),
        "assessments:publish": (
            Visit(f"{base}/publish/", "choosing who sees the result", role="super_user", seed=SEED),
            Visit(
                f"{base}/publish/",
                "the contact choice with an error",
                role="super_user",
                seed=SEED,
                submit=(("contact_email", "not an address"),),
            ),
        ),
        "assessments:closing_date": (
            Visit(f"{base}/closing-date/", "extending the closing date", role="super_user", seed=SEED),
            Visit(
                f"{base}/closing-date/",
                "extending the closing date, with errors",
                role="super_user",
                seed=SEED,
                submit=(("closing_date", "2001-01-01"),),
            ),
        ),
        "assessments:action_new": (
            Visit(
                f"/assessments/{PUBLISHED_PK}/actions/new/?statement=P1",
                "adding an action from an area for improvement",
                role="super_user",
                seed=SEED,
            ),
            Visit(
                f"/assessments/{PUBLISHED_PK}/actions/new/?statement=P1",
                "adding an action, with errors",
                role="super_user",
                seed=SEED,
                submit=(("title", ""),),
            ),
        ),
        "assessments:report": (
            Visit(f"{base}/report/", "the printable report, not yet published", role="super_user", seed=SEED),
            Visit(f"/assessments/{PUBLISHED_PK}/report/", "the printable report of a published result", seed=SEED),
        ),
        "assessments:results_csv": "CSV download of a result, not a page",
        "assessments:results_json": "JSON download of a result, not a page",
        "assessments:results": (
            Visit(f"{base}/results/", "the result with its chart", role="super_user", seed=SEED),
            Visit(
                f"/assessments/{PUBLISHED_PK}/results/", "a published result compared with similar councils", seed=SEED
            ),
            Visit(
                f"/assessments/{PUBLISHED_PK}/results/",
                "a published result with next steps: councils to ask and support offers",
                role="super_user",
                seed=SEED,
            ),
        ),
    }
