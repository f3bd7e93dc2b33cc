"""The API's own pages: the index at /api/v1/, the documentation and the OpenAPI document."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _value in pairs]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicated, f"duplicated keys {duplicated} in {keys}"
    return dict(pairs)


def test_the_openapi_document_has_no_duplicated_keys(client: Client) -> None:
    """Swagger UI refuses a document with a key twice ("duplicated mapping key"); ninja's own
    responses are numbers and the standard errors strings, which JSON writes alike."""
    response = client.get("/api/v1/openapi.json")
    document = json.loads(response.content, object_pairs_hook=_no_duplicate_keys)
    assert document["paths"]["/api/v1/councils/{gss}"]["get"]["responses"]["404"]


def test_the_index_links_the_docs_the_openapi_document_and_each_list(client: Client) -> None:
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    index = response.json()
    assert index["name"] == "tiex API"
    assert index["version"] == "1"
    assert index["links"] == {
        "docs": "http://testserver/api/v1/docs",
        "openapi": "http://testserver/api/v1/openapi.json",
        "councils": "http://testserver/api/v1/councils",
        "resources": "http://testserver/api/v1/resources",
        "frameworks": "http://testserver/api/v1/frameworks",
        "assessments": "http://testserver/api/v1/assessments",
        "partnerships": "http://testserver/api/v1/partnerships",
        "peer-challenges": "http://testserver/api/v1/peer-challenges",
        "programmes": "http://testserver/api/v1/programmes",
        "board-targets": "http://testserver/api/v1/board/targets",
        "board-meetings": "http://testserver/api/v1/board/meetings",
    }
    for url in index["links"].values():
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_the_docs_page_loads_swagger_ui_from_our_static_files_only(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/build/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/build/swagger-ui/swagger-ui.css" in html
    assert "/static/api/docs.js" in html
    assert "cdn" not in html.lower()
    assert 'id="swagger-settings" type="application/json"' in html
    # Every script is a file from this site, or carries the page's nonce.
    nonce = response.wsgi_request.csp_nonce
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert 'src="/static/' in opening or f'nonce="{nonce}"' in opening or "application/json" in opening, opening
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
