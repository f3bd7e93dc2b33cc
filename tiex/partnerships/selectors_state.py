"""The version that what is kept of the partnerships is kept under (one small query).

``partnerships_state()`` reads, in one query, the datasets' imports (as
``tiex.core.selectors.data_version`` does: council names and codes, esd categories) and the
partnerships' state token (models_state.py, replaced by every partnerships write). Its
``version`` changes whenever either does, so the council profile (its shared-services
section) and the CSV download's written rows are kept under it and never go stale.

Before the first write has recorded a state (a database whose partnerships were only ever
created directly, as tests' factories do) ``kept`` is False: the version then says nothing
about the partnerships, and the CSV download keeps nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, Value

from tiex.core.models import Dataset
from tiex.partnerships.models_state import PartnershipsState

STATE_ROW = "~partnerships"  # sorts after every dataset slug (lower-case letters, digits, hyphens)


@dataclass(frozen=True)
class State:
    version: str
    kept: bool  # a write has recorded a state, so the version follows the partnerships too


@cache
def _state_sql() -> tuple[str, tuple[Any, ...]]:
    """The query, compiled once (it has no parameters that change): the datasets' imports and
    the state row, as (name, time, token) rows."""
    imports = Dataset.objects.order_by().values_list("slug", "last_imported_at", Value("", output_field=CharField()))
    state = PartnershipsState.objects.order_by().values_list(
        Value(STATE_ROW, output_field=CharField()), "changed_at", "token"
    )
    query = imports.union(state, all=True).query
    return query.get_compiler(using=DEFAULT_DB_ALIAS).as_sql()


def partnerships_state() -> State:
    """The version of everything the partnerships' pages and downloads show (one query)."""
    sql, params = _state_sql()
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        rows = sorted(cursor.fetchall(), key=lambda row: row[0])
    version = hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
    return State(version=version, kept=bool(rows) and rows[-1][0] == STATE_ROW)
