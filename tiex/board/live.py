"""Computed measures' live values, kept in the page cache so a board page costs one query for them.

Working a measure out reads another app's data, some of it heavily (the coverage measure walks
every council's challenges): a page with six computed deliverables took about twenty queries,
more with more data. Here each value is kept in the "pages" cache (each process's memory,
tiex/core/page_cache.py) under a key made of the measure, the grant year's period, the day it
is for, and a **source state**: a token read in one query that changes on any write the
measures could see:

* every write through a service leaves an audit event (tiex.core.services.audit_record), so
  the newest audit event's id moves;
* an import records itself on its dataset (``Dataset.last_imported_at``);
* a page of the Exchange saved, published, unpublished, moved or deleted leaves a Wagtail page
  history entry or a new page id, and a snippet edited in Wagtail's admin a model history entry.

A write none of these see (a shell, a raw SQL fix) shows within ``CACHE_SECONDS`` at most. A
quarter's close value is never read from here: services.quarter_close works it out afresh.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from tiex.board import measures
from tiex.core.page_cache import page_cache

CACHE_SECONDS = 5 * 60
_MISSING = object()


@functools.cache
def _state_sql() -> tuple[str, tuple[Any, ...]]:
    """The source state's SQL, compiled once (it has no parameters that change)."""
    from wagtail.models import ModelLogEntry, Page, PageLogEntry

    from tiex.core.models import AuditEvent, Dataset

    queries = [
        AuditEvent.objects.order_by("-pk").values("pk")[:1],
        Dataset.objects.filter(last_imported_at__isnull=False)
        .order_by("-last_imported_at")
        .values("last_imported_at")[:1],
        PageLogEntry.objects.order_by("-pk").values("pk")[:1],
        ModelLogEntry.objects.order_by("-pk").values("pk")[:1],
        Page.objects.order_by("-pk").values("pk")[:1],
    ]
    compiled = [query.query.get_compiler(using=DEFAULT_DB_ALIAS).as_sql() for query in queries]
    sql = "SELECT " + ", ".join(f"({part})" for part, _params in compiled)
    return sql, tuple(param for _part, params in compiled for param in params)


def source_state() -> str:
    """A token that changes whenever the data the measures read may have changed (one query)."""
    sql, params = _state_sql()
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        values = ":".join(str(value) for value in cursor.fetchone())
    return hashlib.sha256(values.encode()).hexdigest()[:24]


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
