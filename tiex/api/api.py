"""The tiex JSON API, mounted at /api/v1/ (OpenAPI at /api/v1/openapi.json).

Each app owns a router in its own api.py; this module only mounts them.
"""

from ninja import NinjaAPI

from tiex.councils.api import router as councils_router
from tiex.library.api import router as library_router

api = NinjaAPI(
    title="tiex API",
    version="1",
    description="Open data about councils and sector-led improvement. Lists respond with {count, items}.",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/councils", councils_router, tags=["councils"])
api.add_router("/resources", library_router, tags=["resources"])
