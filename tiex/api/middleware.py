"""The API's middleware: every error is JSON, and unknown query parameters get a 422.

A typo such as ``?regoin=London`` would otherwise be ignored and answer a different
question than the one asked. The parameters each operation takes come from the API's
own OpenAPI document, so this stays true as operations are added.

Errors raised outside an operation (405 for a method the path does not take, a 403 from
the CSRF check, a 400 for a bad host) would otherwise be Django's HTML or plain text;
``JsonErrorsMiddleware`` turns any non-JSON error under /api/ into ``{"detail": ...}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from http import HTTPStatus

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


JSON_TYPES = ("application/json", "application/problem+json")
# Headers of the original error that still apply to its JSON form.
KEPT_HEADERS = ("Allow", "Retry-After", "Cache-Control", "Vary")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class JsonErrorsMiddleware:
    """Every error response under /api/ is JSON with a ``detail``, whoever produced it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code < 400 or not request.path_info.startswith(API_PREFIX):
            return response
        if response.get("Content-Type", "").split(";")[0].strip() in JSON_TYPES:
            return response
        detail = _reason(response.status_code)
        allow = response.get("Allow")
        if response.status_code == 405 and allow:
            detail = f"Method {request.method} not allowed here. Allowed: {allow}."
        json_response = JsonResponse({"detail": detail}, status=response.status_code)
        for header in KEPT_HEADERS:
            if header in response:
                json_response[header] = response[header]
        return json_response
