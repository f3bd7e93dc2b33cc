"""GOV.UK pagination links and the page number, shared by the list pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.test import RequestFactory

from tiex.core.pagination import page_links, page_number


def _numbers(links: dict[str, Any]) -> list[Any]:
    return ["…" if item.get("ellipsis") else item["number"] for item in links["items"]]


def test_links_show_first_last_current_and_neighbours_with_ellipses() -> None:
    links = page_links(5, 10, lambda n: f"?page={n}")
    assert links is not None
    assert _numbers(links) == [1, "…", 4, 5, 6, "…", 10]
    assert links["previous"] == "?page=4" and links["next"] == "?page=6"
    assert [item["number"] for item in links["items"] if item.get("current")] == [5]
    first = page_links(1, 3, str)
    assert first is not None and _numbers(first) == [1, 2, 3]
    assert first["previous"] is None and first["next"] == "2"
    last = page_links(3, 3, str)
    assert last is not None and last["next"] is None
    assert page_links(1, 1, str) is None


@pytest.mark.parametrize("raw", ["x", "0", "-1", "1.5", "\u0661", "1000000", "101"])
def test_a_page_that_cannot_exist_is_not_found(raw: str) -> None:
    with pytest.raises(Http404):
        page_number(RequestFactory().get("/", {"page": raw}), 100)


def test_no_page_or_a_blank_one_is_the_first() -> None:
    assert page_number(RequestFactory().get("/"), 100) == 1
    assert page_number(RequestFactory().get("/", {"page": " "}), 100) == 1
    assert page_number(RequestFactory().get("/", {"page": "7"}), 100) == 7
