"""The Shared Services Map's entries for the accessibility route map (tiex/core/a11y_routes.py).

The pages need the browser seed "partnerships" (tiex/partnerships/tests/browser_seed.py).
"""

from __future__ import annotations

from typing import Any

SEED = "partnerships"
PARTNERSHIP_PK = 9301
# The "refresh" seed (tiex/partnerships/tests/browser_seed_refresh.py): keep in step with it.
REFRESH_SEED = "refresh"
RETURN_PK = 9401
ROUND_YEAR = 2019
INTEREST_PK = 9311  # Testshire's published interest (the route map's super-user's council)


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
        "partnerships:boundaries": "map data (council boundaries as GeoJSON for the map's JavaScript), not a page",
        "partnerships:detail": (
            Visit(f"/shared-services/{PARTNERSHIP_PK}/", "a partnership with savings and partners", seed=SEED),
            Visit("/shared-services/9401/", "a partnership with its refresh confirmation", seed=REFRESH_SEED),
        ),
        # Keeping it current: staff pages (an editor) and a council's return (its super-user)
        "partnerships:refresh_rounds": (
            Visit("/shared-services/refresh/", "no round yet: the form to open one", role="editor"),
            Visit(
                "/shared-services/refresh/",
                "the form to open a round, with errors",
                role="editor",
                submit=(("financial_year", ""), ("closes_on", "")),
            ),
            Visit("/shared-services/refresh/", "rounds, one open", role="editor", seed=REFRESH_SEED),
        ),
        "partnerships:refresh_round": (
            Visit(f"/shared-services/refresh/{ROUND_YEAR}/", "returns by region", role="editor", seed=REFRESH_SEED),
        ),
        "partnerships:refresh_missing_csv": "a CSV download of the councils yet to submit",
        "partnerships:refresh_chase": "POST only: sends reminders, then back to the round's page",
        "partnerships:refresh_close": "POST only: closes the round, then back to the round's page",
        "partnerships:refresh_return": (
            Visit(
                f"/shared-services/refresh/returns/{RETURN_PK}/",
                "the pre-filled return",
                role="super_user",
                seed=REFRESH_SEED,
            ),
            Visit(
                f"/shared-services/refresh/returns/{RETURN_PK}/",
                "the return with errors",
                role="super_user",
                seed=REFRESH_SEED,
                submit=(("p9401-amount_gbp", "lots"),),
            ),
        ),
        "partnerships:refresh_return_add": (
            Visit(
                f"/shared-services/refresh/returns/{RETURN_PK}/add/",
                "adding a partnership",
                role="super_user",
                seed=REFRESH_SEED,
            ),
            Visit(
                f"/shared-services/refresh/returns/{RETURN_PK}/add/",
                "adding a partnership, with errors",
                role="super_user",
                seed=REFRESH_SEED,
                submit=(("name", ""),),
            ),
        ),
        "partnerships:quality": (
            Visit("/shared-services/quality/", "the data quality lists", role="editor", seed=REFRESH_SEED),
        ),
        "partnerships:quality_csv": "CSV downloads of the data quality lists",
        "partnerships:download_csv": "CSV download of the filtered partnerships, not a page",
        "partnerships:download_json": "JSON download of the filtered partnerships, not a page",
        "partnerships:download_geojson": "GeoJSON download of the filtered partnerships (the map's data), not a page",
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
