from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/councils", "/api/v1/resources", "/api/v1/councils/boundaries.geojson"])
def test_an_unknown_query_parameter_is_a_422_naming_it(client: Client, path: str) -> None:
    response = client.get(path, {"regoin": "London"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "regoin"]
    assert "Unknown parameter 'regoin'" in error["msg"]


@pytest.mark.django_db
def test_known_parameters_pass(client: Client) -> None:
    assert client.get("/api/v1/councils", {"region": "London", "limit": 5}).status_code == 200


@pytest.mark.django_db
def test_pages_outside_the_api_are_not_affected(client: Client) -> None:
    assert client.get("/councils/", {"utm_source": "newsletter"}).status_code == 200
