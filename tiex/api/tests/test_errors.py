"""Every error under /api/ is JSON with a `detail`; unknown filter values are a 422 naming the choices."""

from __future__ import annotations

import pytest
from django.test import Client

from tiex.api.api import api
from tiex.councils.api import Region

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/",
    "/api/v1/councils",
    "/api/v1/councils/E10000016",
    "/api/v1/councils/boundaries.geojson",
    "/api/v1/resources",
    "/api/v1/resources/1",
    "/api/v1/openapi.json",
    "/api/v1/docs",
]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", PATHS)
def test_a_method_the_api_does_not_take_is_a_json_405(client: Client, path: str, method: str) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "GET" in response["Allow"]
    detail = response.json()["detail"]
    assert method.upper() in detail
    assert "GET" in detail


def test_an_unknown_api_path_is_a_json_404(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_a_bad_host_under_the_api_is_a_json_400(client: Client) -> None:
    response = client.get("/api/v1/councils", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad Request"}


def test_pages_outside_the_api_keep_their_html_errors(client: Client) -> None:
    response = client.post("/data/")
    assert response.status_code == 405
    assert not response["Content-Type"].startswith("application/json")


def test_an_unknown_region_is_a_422_naming_the_parameter_and_the_regions(client: Client) -> None:
    response = client.get("/api/v1/councils", {"region": "bogus"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "region"
    assert "South East" in error["msg"]
    assert "Yorkshire and The Humber" in error["msg"]


@pytest.mark.parametrize(("parameter", "value"), [("nation", "Atlantis"), ("type", "XYZ"), ("control", "whig")])
def test_unknown_codes_are_a_422_listing_the_codes(client: Client, parameter: str, value: str) -> None:
    response = client.get("/api/v1/councils", {parameter: value})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert parameter in error["loc"]
    assert error["msg"].startswith("Input should be ")


def test_the_regions_are_listed_in_the_openapi_document() -> None:
    schema = api.get_openapi_schema()
    [region] = [p for p in schema["paths"]["/api/v1/councils"]["get"]["parameters"] if p["name"] == "region"]
    text = str(region["schema"]) + str(schema["components"]["schemas"].get("Region", ""))
    assert all(repr(member.value) in text for member in Region)
