"""The tiex JSON API, mounted at /api/v1/ (OpenAPI at /api/v1/openapi.json).

Each app owns a router in its own api.py; this module only mounts them, and makes
the document honest about the errors every operation can give: 422 for input that
fails validation (ninja's own, or ours), 404 for a path naming nothing.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from tiex.assessments.api import assessments_router, frameworks_router
from tiex.councils.api import router as councils_router
from tiex.library.api import router as library_router

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
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in STANDARD_ERRORS.items():
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
)
api.add_router("/councils", councils_router, tags=["councils"])
api.add_router("/resources", library_router, tags=["resources"])
api.add_router("/frameworks", frameworks_router, tags=["self-assessment"])
api.add_router("/assessments", assessments_router, tags=["self-assessment"])
