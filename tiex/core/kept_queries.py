"""Read queries whose SQL is built once per process and database, then run with new values.

On a small page most of the ORM's time goes on building a query's SQL (resolving lookups and
joins, listing columns, quoting names), not on running it: a signed-in request paid about a
millisecond per query for the session, the person's roles and the answering page's seat, against
a tenth of that for the database itself. The shape of those queries never changes; only the values
compared do (a session key, a user's id, an assessment's id).

``KeptQuery(build)`` takes a function that builds the queryset from its values. The first time it
runs on a database it calls ``build`` with *markers* (unlikely values of the same types: an integer
or a string), has the ORM compile that queryset, and notes where each marker landed among the SQL's
parameters. Every later run hands the ORM that SQL with the new values in those places; the rows
become model instances through the ORM's own iterable (``select_related`` included), exactly as
``list(build(*values))`` would give them.

Limits, all checked: values must be ``int`` or ``str`` and each marker must appear exactly once
among the parameters (never inlined in the SQL), else building the kept SQL fails loudly; a value
of another type (or ``bool``) runs the ordinary ORM query. The kept queryset is never handed out, so
nobody can filter it further and get the old SQL: ``KeptQuery.rows`` only returns lists of rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.sql.query import Query

M = TypeVar("M", bound=Model)

_INT_MARKER = 1_987_654_300  # within a 32-bit integer column's range on every database
_STR_MARKER = "\ue000kept-query-marker-{}\ue001"

# What compiling sets on the compiler and reading the rows uses (SQLCompiler.pre_sql_setup).
_COMPILED_STATE = ("select", "klass_info", "annotation_col_map", "col_count", "has_extra_select")


class _KeptSQLQuery(Query):
    """A query whose compiler answers with SQL compiled earlier (``kept``: sql, params, state)."""

    kept: tuple[str, tuple[Any, ...], tuple[Any, ...], tuple[list[Any], dict[int, Any]]]

    def get_compiler(self, using: Any = None, connection: Any = None, elide_empty: bool = True) -> Any:
        compiler = super().get_compiler(using, connection, elide_empty)
        sql, params, state, (fields, converters) = self.kept
        for name, value in zip(_COMPILED_STATE, state, strict=True):
            setattr(compiler, name, value)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        ordinary = compiler.get_converters

        def get_converters(expressions: list[Any]) -> dict[int, Any]:
            # The selected columns' converters (results_iter), worked out when the SQL was built.
            same = len(expressions) == len(fields) and all(a is b for a, b in zip(expressions, fields, strict=True))
            return converters if same else ordinary(expressions)

        compiler.get_converters = get_converters
        return compiler


class KeptQuery(Generic[M]):
    """``build(*values)``'s rows, with its SQL built once per database (see the module's docstring)."""

    def __init__(self, build: Callable[..., QuerySet[M]], *types: type) -> None:
        if not types or any(kind not in (int, str) for kind in types):
            raise TypeError("KeptQuery values are int or str; name their types after the builder")
        self.build = build
        self.types = types
        self._kept: dict[tuple[str, str], tuple[QuerySet[M], str, list[Any], tuple[int, ...], tuple[Any, ...]]] = {}
        self._marked: QuerySet[M] | None = None  # build(*markers): which database, and the shape to compile
        self._lock = threading.Lock()

    def rows(self, *values: Any) -> list[M]:
        """``list(build(*values))``."""
        if len(values) != len(self.types) or any(
            type(v) is not kind for v, kind in zip(values, self.types, strict=True)
        ):
            return list(self.build(*values))
        template, sql, params, positions, state = self._prepared()
        for position, value in zip(positions, values, strict=True):
            params[position] = value
        queryset = template.all()
        queryset.query.kept = (sql, tuple(params), state[:-1], state[-1])  # type: ignore[attr-defined]
        return list(queryset)

    def _markers(self) -> tuple[Any, ...]:
        return tuple(
            _INT_MARKER + number if kind is int else _STR_MARKER.format(number)
            for number, kind in enumerate(self.types)
        )

    def _prepared(self) -> tuple[QuerySet[M], str, list[Any], tuple[int, ...], tuple[Any, ...]]:
        marked = self._marked
        if marked is None:
            marked = self._marked = self.build(*self._markers())
        alias = marked.db
        key = (alias, connections[alias].vendor)
        found = self._kept.get(key)
        if found is None:
            found = self._compile(marked.all(), alias, self._markers())
            with self._lock:
                self._kept[key] = found
        template, sql, params, positions, state = found
        return template, sql, list(params), positions, state

    def _compile(
        self, queryset: QuerySet[M], alias: str, markers: tuple[Any, ...]
    ) -> tuple[QuerySet[M], str, list[Any], tuple[int, ...], tuple[Any, ...]]:
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        positions = []
        for marker in markers:
            found = [index for index, param in enumerate(params) if type(param) is type(marker) and param == marker]
            if len(found) != 1 or str(marker) in sql:
                raise ValueError(f"KeptQuery: the value {marker!r} is not one parameter of the query's SQL: {sql}")
            positions.append(found[0])
        state = tuple(getattr(compiler, name) for name in _COMPILED_STATE)
        fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
        state = (*state, (fields, compiler.get_converters(fields)))  # the last: the columns' converters
        template = queryset.all()
        template.query.__class__ = _KeptSQLQuery
        return template, sql, list(params), tuple(positions), state

    def forget(self) -> None:
        """Drop the kept SQL (tests; a schema change in a running process)."""
        with self._lock:
            self._kept.clear()
            self._marked = None
