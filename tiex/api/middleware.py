"""Unknown query parameters get a 422, not silence.

A typo such as ``?regoin=London`` would otherwise be ignored and answer a different
question than the one asked. The parameters each operation takes come from the API's
own OpenAPI document, so this stays true as operations are added.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.urls import Resolver404, resolve

API_PREFIX = "/api/v1/"
# Parameters every operation accepts (none yet besides its own).
ALWAYS_ALLOWED: frozenset[str] = frozenset()


@cache
def _query_parameters() -> dict[str, frozenset[str]]:
    """URL name of each API operation -> the query parameters it declares."""
    from tiex.api.api import api

    schema = api.get_openapi_schema()
    known: dict[str, frozenset[str]] = {}
    for path, operations in schema["paths"].items():
        sample = re.sub(r"\{[^}]+\}", "1", path)
        try:
            view_name = resolve(sample).view_name
        except Resolver404:  # pragma: no cover - every documented path resolves
            continue
        names = {
            parameter["name"]
            for operation in operations.values()
            for parameter in operation.get("parameters", [])
            if parameter.get("in") == "query"
        }
        known[view_name] = frozenset(names)
    return known


class RejectUnknownQueryParametersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info.startswith(API_PREFIX) and request.GET:
            try:
                view_name = resolve(request.path_info).view_name
            except Resolver404:
                view_name = ""
            allowed = _query_parameters().get(view_name)
            if allowed is not None:
                unknown = sorted(set(request.GET) - allowed - ALWAYS_ALLOWED)
                if unknown:
                    listed = ", ".join(sorted(allowed)) or "none"
                    return JsonResponse(
                        {
                            "detail": [
                                {
                                    "type": "unknown_parameter",
                                    "loc": ["query", name],
                                    "msg": f"Unknown parameter {name!r}. This operation takes: {listed}.",
                                }
                                for name in unknown
                            ]
                        },
                        status=422,
                    )
        return self.get_response(request)
