"""Pages of a list: the page number asked for, and GOV.UK pagination links (shared by every list page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest


def page_number(request: HttpRequest, max_page: int) -> int:
    """The ``page`` parameter (1 when absent or blank); anything but a whole number from 1 to
    ``max_page`` is a page that does not exist (404), never an error."""
    raw = request.GET.get("page", "").strip() or "1"
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6 or not 1 <= int(raw) <= max_page:
        raise Http404("Page not found")
    return int(raw)


def page_links(current: int, last: int, href: Callable[[int], str]) -> dict[str, Any] | None:
    """GOV.UK pagination: the first and last pages, the current one and its neighbours, with
    ellipses between; previous and next. None when everything fits on one page."""
    if last <= 1:
        return None
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    items: list[dict[str, Any]] = []
    previous = 0
    for number in wanted:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == current})
        previous = number
    return {
        "items": items,
        "previous": href(current - 1) if current > 1 else None,
        "next": href(current + 1) if current < last else None,
    }
