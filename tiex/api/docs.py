"""The API's own pages: the interactive documentation and the index at /api/v1/.

django-ninja's Swagger page loads Swagger UI from a CDN unless ninja is an installed app,
and our Content Security Policy forbids both the CDN and inline script. ``LocalSwagger``
renders Swagger UI inside the site's own page from ``/static/``: the bundle and its CSS
are copied from the ``swagger-ui-dist`` npm package at build time (Makefile), and a small
static script (``api/docs.js``) starts it with settings read from a JSON data block, so the
page needs no inline script and no third-party request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

SWAGGER_SETTINGS: dict[str, Any] = {
    "layout": "BaseLayout",
    "deepLinking": True,
    # Swagger UI would otherwise send the document to validator.swagger.io for a badge.
    "validatorUrl": None,
    "tryItOutEnabled": False,
}


class LocalSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        swagger_settings = {**SWAGGER_SETTINGS, "url": openapi_url}
        context = {"api": api, "openapi_url": openapi_url, "swagger_settings": swagger_settings}
        return render(request, self.template, context)


def index_data(request: HttpRequest, api: NinjaAPI) -> dict[str, Any]:
    """What the API is and where everything is, with absolute links."""
    namespace = api.urls_namespace
    lists = {
        name: request.build_absolute_uri(reverse(f"{namespace}:{url_name}"))
        for name, url_name in getattr(api, "list_url_names", {}).items()
    }
    return {
        "name": api.title,
        "version": api.version,
        "description": api.description,
        "links": {
            "docs": request.build_absolute_uri(reverse(f"{namespace}:openapi-view")),
            "openapi": request.build_absolute_uri(reverse(f"{namespace}:openapi-json")),
            **lists,
        },
    }


def index_view(api: NinjaAPI) -> Any:
    @require_safe
    def api_index(request: HttpRequest) -> JsonResponse:
        return JsonResponse(index_data(request, api), json_dumps_params={"indent": 1})

    return api_index
