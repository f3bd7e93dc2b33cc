"""The tiex JSON API, mounted at /api/v1/ (OpenAPI at /api/v1/openapi.json).

Each app owns a router in its own api.py; this module only mounts them, and makes
the document honest about the errors every operation can give: 422 for input that
fails validation (ninja's own, or ours), 404 for a path naming nothing. /api/v1/ itself
answers with an index (tiex/api/docs.py), and /api/v1/docs is Swagger UI served from
our own static files.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_safe
from ninja import NinjaAPI

from tiex.api.docs import LocalSwagger, index_view
from tiex.assessments.api import assessments_router, frameworks_router
from tiex.board.api import router as board_router
from tiex.councils.api import router as councils_router
from tiex.development.api import router as development_router
from tiex.events.api import router as events_router
from tiex.finance.api import router as finance_router
from tiex.library.api import router as library_router
from tiex.partnerships.api import router as partnerships_router
from tiex.peer_challenges.api import router as peer_challenges_router

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {"detail": {"title": "Detail", "description": "What was wrong, in words or per field"}},
    "required": ["detail"],
}
STANDARD_ERRORS = {
    "422": "The query or path did not validate; `detail` says what was wrong",
    "404": "Nothing has that identifier (or you may not see it)",
}


class TiexAPI(NinjaAPI):
    # Each mounted router's list operation, linked from the index: prefix -> URL name.
    list_url_names: dict[str, str]

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        """ninja's URLs, with its root view (a 404 naming the docs) replaced by the index."""
        urls = [url for url in super()._get_urls() if getattr(url, "name", None) != "api-root"]
        return [*urls, path("", index_view(self), name="api-root")]

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in STANDARD_ERRORS.items():
                    if int(status) in responses:  # ninja keys the operation's own responses by number
                        continue
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        },
                    )
        return schema


api = TiexAPI(
    title="tiex API",
    version="1",
    description=(
        "Open data about councils and sector-led improvement. Lists respond with {count, items}. "
        "Errors respond with {detail}. See docs/api.md for the stability promise."
    ),
    urls_namespace="api",
    docs_url="/docs",
    docs=LocalSwagger(),
    docs_decorator=require_safe,  # the docs and openapi.json answer GET and HEAD only (405 otherwise)
)
api.list_url_names = {
    "councils": "council_list",
    "resources": "resource_list",
    "frameworks": "framework_list",
    "assessments": "assessment_list",
    "partnerships": "partnership_list",
    "peer-challenges": "peer_challenge_list",
    "programmes": "programme_list",
    "board-targets": "board_targets",
    "board-meetings": "board_meetings",
}
api.add_router("/councils", councils_router, tags=["councils"])
api.add_router("/councils", finance_router, tags=["council finances"])
api.add_router("/resources", library_router, tags=["resources"])
api.add_router("/frameworks", frameworks_router, tags=["self-assessment"])
api.add_router("/assessments", assessments_router, tags=["self-assessment"])
api.add_router("/partnerships", partnerships_router, tags=["shared services"])
api.add_router("/peer-challenges", peer_challenges_router, tags=["peer challenges"])
api.add_router("/programmes", development_router, tags=["councillor development"])
api.add_router("/events", events_router, tags=["events"])
api.add_router("/board", board_router, tags=["board"])
