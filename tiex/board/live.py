"""Computed measures' live values, kept in the page cache so a board page costs one query for them.

Working a measure out reads another app's data, some of it heavily (the coverage measure walks
every council's challenges): a page with six computed deliverables took about twenty queries,
more with more data. Here each value is kept in the "pages" cache (each process's memory,
tiex/core/page_cache.py) under a key made of the measure, the grant year's period, the day it
is for, and a **source state**: the site's state token (tiex.core.site_state), read in one
query, which changes after any committed write of content, any import and any Wagtail edit.

A write it does not see (a raw SQL fix) shows within ``CACHE_SECONDS`` at most. A
quarter's close value is never read from here: services.quarter_close works it out afresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from tiex.board import measures
from tiex.core import site_state
from tiex.core.page_cache import page_cache

CACHE_SECONDS = 5 * 60
_MISSING = object()


def source_state() -> str:
    """A token that changes whenever the data the measures read may have changed (one query)."""
    return site_state.token()


def _key(key: str, start: date, end: date, on: date, state: str) -> str:
    return f"board:measure:{key}:{start.isoformat()}:{end.isoformat()}:{on.isoformat()}:{state}"


def values(keys: Iterable[str], start: date, end: date, on: date) -> dict[str, measures.Value | None]:
    """Each measure of ``keys`` over the period, as it stood at the end of ``on`` (measures.evaluate),
    from the cache when the sources have not changed since it was kept. No query without keys."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    state = source_state()
    cache_keys = {key: _key(key, start, end, on, state) for key in wanted}
    kept = page_cache.get_many(list(cache_keys.values()))
    found: dict[str, measures.Value | None] = {}
    fresh: dict[str, Any] = {}
    for key, cache_key in cache_keys.items():
        value = kept.get(cache_key, _MISSING)
        if value is _MISSING:
            value = measures.evaluate(key, start, end, on)
            fresh[cache_key] = value
        found[key] = value
    if fresh:
        page_cache.set_many(fresh, CACHE_SECONDS)
    return found
