"""Counts of the Exchange for other apps' figures (the board's computed targets): one query each."""

from __future__ import annotations

from datetime import date

from tiex.library.models import ResourcePage


def published_between(start: date, end: date) -> int:
    """Resources live in the Exchange today that were first published from ``start`` to ``end``
    (inclusive, by the local date of their first publication)."""
    return (
        ResourcePage.objects.live()
        .filter(first_published_at__date__gte=start, first_published_at__date__lte=end)
        .count()
    )
