"""Full-text search over resources, and its time limit: the one module that switches on the database.

Wagtail's search backend (``WAGTAILSEARCH_BACKENDS``) keeps the index up to date
whenever a page is saved. Querying takes one of three paths, chosen by the backend
in use, and each returns the caller's queryset restricted to the matches with a
``relevance`` value (higher is better) that the caller may order by:

* Wagtail's SQLite backend (FTS5): one join against its full-text table, ranked with
  ``bm25`` weighting a title match ten times a body match. (Wagtail's own SQLite
  ranking weights title and body alike and ranks with one subquery per row.)
* Wagtail's PostgreSQL backend: Wagtail's own query and ranking; the title field is
  boosted, so it carries the heaviest tsvector weight.
* any other backend (Elasticsearch, OpenSearch, Wagtail's fallback): the backend's
  own ranking, limited to the first ``FALLBACK_MAX_HITS`` hits.

The Exchange's search asks for ``match_scores`` instead: every match's id and relevance
in one query (on SQLite straight from the FTS5 table, without joining the pages), and
does the rest on its facet index (``tiex.library.facet_index``).

Queries are cut down to words (no operators), at most ``MAX_TERMS`` of them (later ones
are left out, and the page says so), and run under ``time_limit``: a statement timeout
on PostgreSQL, a progress handler on SQLite.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection, transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MAX_TERM_LENGTH = 40
FALLBACK_MAX_HITS = 1000
DEFAULT_TIME_LIMIT_MS = 3000
# bm25 column weights for Wagtail's SQLite FTS5 table, whose columns are (autocomplete, body, title).
SQLITE_WEIGHTS = (0.0, 1.0, 10.0)
FTS5_TABLE = "wagtailsearch_indexentry_fts"
FTS5_COLUMNS = ("autocomplete", "body", "title")
SQLITE_PROGRESS_STEPS = 20_000
POSTGRES_QUERY_CANCELED = "57014"

_WORD = re.compile(r"\w+")


class QueryError(ValueError):
    """The search text cannot be used as it is (too long, too many words)."""


class SearchTimeout(Exception):
    """The search took longer than the time limit and was stopped."""

    message = "The search took too long and was stopped. Try fewer or more specific words, or add a filter."


def _words(text: str) -> list[str]:
    text = " ".join((text or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"Search for {MAX_QUERY_LENGTH} characters or fewer.")
    return list(dict.fromkeys(word.lower() for word in _WORD.findall(text)))


def parse_terms(text: str) -> list[str]:
    """The words searched for: lower-cased, without operators or punctuation; the first
    ``MAX_TERMS`` of them, leaving out words longer than ``MAX_TERM_LENGTH``."""
    return [word for word in _words(text) if len(word) <= MAX_TERM_LENGTH][:MAX_TERMS]


def ignored_words(text: str) -> int:
    """How many of the words in a search ``parse_terms`` leaves out (to say so)."""
    return len(_words(text)) - len(parse_terms(text))


def _backend() -> Any:
    from wagtail.search.backends import get_search_backend

    return get_search_backend()


def _backend_kind(backend: Any) -> str:
    module = type(backend).__module__
    if module.endswith("database.sqlite.sqlite"):
        return "sqlite"
    if module.endswith("database.postgres.postgres"):
        return "postgres"
    return "other"


def restrict_to_matches(queryset: QuerySet[Any], terms: list[str], *, operator: str = "and") -> QuerySet[Any]:
    """The queryset limited to objects matching the terms, annotated with ``relevance``."""
    if not terms:
        return queryset
    backend = _backend()
    kind = _backend_kind(backend)
    if kind == "sqlite":
        return _sqlite_matches(queryset, terms, operator)
    if kind == "postgres":
        results = backend.search(" ".join(terms), queryset, operator=operator, order_by_relevance=True)
        return results.annotate_score("relevance").get_queryset()
    return _ranked_hits(backend, queryset, terms, operator)


def uses_fts5() -> bool:
    """Whether searches go straight to Wagtail's SQLite FTS5 table (``fts5_rowids``, ``fts5_best``)."""
    return _backend_kind(_backend()) == "sqlite"


def _fts5_match(terms: list[str], column: str | None = None) -> str:
    joined = " AND ".join(f'"{term}"' for term in terms)  # terms are \w+ only, so quoting is safe
    if column is None:
        return joined
    if column not in FTS5_COLUMNS:
        raise ValueError(f"unknown full-text column {column!r}")
    return f"{column} : ({joined})"


def fts5_rowids(terms: list[str], *, column: str | None = None, within: tuple[int, int] | None = None) -> str:
    """The full-text rows matching every term (in ``column`` only, if given; with row ids in the
    range ``within``, if given), as their row ids in ascending order joined by commas: one value
    to read instead of one row per match, several times faster for a broad word. Row ids are
    Wagtail's index entry ids."""
    if not terms:
        return ""
    sql = f'SELECT group_concat(rowid) FROM "{FTS5_TABLE}" WHERE "{FTS5_TABLE}" MATCH %s'  # noqa: S608 - fixed name
    params: list[Any] = [_fts5_match(terms, column)]
    if within is not None:
        sql += " AND rowid BETWEEN %s AND %s"  # FTS5 applies a row id range as it reads
        params += list(within)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0] or ""


def fts5_best(terms: list[str], limit: int, *, among: list[int] | None = None) -> list[int]:
    """Row ids of the ``limit`` best matches by bm25 (title weighted ``SQLITE_WEIGHTS``), best first,
    ties newest index entry first; only rows in ``among`` (row ids) when given. SQLite computes
    bm25 only for the rows that pass the ``among`` test, so ranking a few candidates of a broad
    word costs the scan of its matches, not the ranking of them all."""
    if not terms or limit <= 0 or among == []:
        return []
    weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
    sql = f'SELECT rowid FROM "{FTS5_TABLE}" WHERE "{FTS5_TABLE}" MATCH %s'  # noqa: S608 - fixed names
    params: list[Any] = [_fts5_match(terms)]
    if among is not None:
        # The unary + keeps SQLite from handing the list to FTS5 as row id lookups (one probe each).
        sql += " AND +rowid IN (SELECT value FROM json_each(%s))"
        params.append(json.dumps(among))
    sql += f' ORDER BY bm25("{FTS5_TABLE}", {weights}), rowid DESC LIMIT %s'
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def match_scores(model: Any, terms: list[str], *, fields: list[str] | None = None) -> dict[int, float]:
    """{primary key: relevance} of every object of ``model`` matching all the terms (in ``fields``
    only, if given), through the search backend: the path for backends other than SQLite's."""
    if not terms:
        return {}
    backend = _backend()
    if _backend_kind(backend) == "sqlite":
        column = None
        if fields:
            (column,) = fields
        ids = fts5_rowids(terms, column=column)
        if not ids:
            return {}
        from wagtail.search.models import IndexEntry

        content_type = ContentType.objects.get_for_model(model)
        rowids = [int(rowid) for rowid in ids.split(",")]
        rows = IndexEntry.objects.filter(content_type=content_type, pk__in=rowids).values_list("object_id", flat=True)
        return {int(object_id): 0.0 for object_id in rows}
    if fields:
        results = backend.search(" ".join(terms), model.objects.all(), fields=fields, operator="and")
        return {obj.pk: 0.0 for obj in results}
    matches = restrict_to_matches(model.objects.all(), terms)
    return {pk: float(score or 0) for pk, score in matches.order_by().values_list("pk", "relevance")}


def index_entries(model: Any) -> dict[int, int] | None:
    """On SQLite, {full-text row id: primary key} for the model's objects in the index; else None."""
    if not uses_fts5():
        return None
    from wagtail.search.models import IndexEntry

    content_type = ContentType.objects.get_for_model(model)
    rows = IndexEntry.objects.filter(content_type=content_type).values_list("pk", "object_id")
    return {pk: int(object_id) for pk, object_id in rows.iterator(chunk_size=5000)}


def index_state() -> str:
    """Changes when the search index is rebuilt (``update_index``) or gains entries: the
    newest index entry on SQLite, where ``index_entries`` is used; nothing elsewhere."""
    if not uses_fts5():
        return ""
    from django.db.models import Max
    from wagtail.search.models import IndexEntry

    return str(IndexEntry.objects.aggregate(latest=Max("pk"))["latest"])


def _sqlite_matches(queryset: QuerySet[Any], terms: list[str], operator: str) -> QuerySet[Any]:
    from wagtail.search.models import IndexEntry

    entries = IndexEntry._meta.db_table
    fts = f"{entries}_fts"
    model = queryset.model
    pk_column = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    joiner = " OR " if operator == "or" else " AND "
    match = joiner.join(f'"{term}"' for term in terms)  # terms are \w+ only, so quoting is safe
    content_type = ContentType.objects.get_for_model(model).pk
    weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
    return queryset.extra(  # noqa: S610 - fixed SQL; the only inputs are parameters
        select={"relevance": f'-bm25("{fts}", {weights})'},
        tables=[fts, entries],
        where=[
            f'"{fts}" MATCH %s',
            f'"{entries}"."id" = "{fts}"."rowid"',
            # The unary + keeps SQLite from driving the join from this index (one full-text probe
            # per indexed object) instead of from the MATCH.
            f'+"{entries}"."content_type_id" = %s',
            f'{pk_column} = CAST("{entries}"."object_id" AS INTEGER)',
        ],
        params=[match, content_type],
    )


def _ranked_hits(backend: Any, queryset: QuerySet[Any], terms: list[str], operator: str) -> QuerySet[Any]:
    hits = backend.search(" ".join(terms), queryset.model.objects.all(), operator=operator)[:FALLBACK_MAX_HITS]
    ids = [hit.pk for hit in hits]
    if not ids:
        return queryset.none()
    ranks = [When(pk=pk, then=Value(len(ids) - position)) for position, pk in enumerate(ids)]
    return queryset.filter(pk__in=ids).annotate(relevance=Case(*ranks, output_field=IntegerField()))


def _limit_ms(milliseconds: int | None) -> int:
    if milliseconds is None:
        milliseconds = int(getattr(settings, "LIBRARY_SEARCH_TIME_LIMIT_MS", DEFAULT_TIME_LIMIT_MS))
    return max(1, milliseconds)  # 0 would mean "no limit" to PostgreSQL


@contextmanager
def time_limit(milliseconds: int | None = None) -> Iterator[None]:
    """Stop any query run inside the block after a time limit, raising ``SearchTimeout``."""
    limit = _limit_ms(milliseconds)
    if connection.vendor == "sqlite":
        with _sqlite_time_limit(limit):
            yield
    elif connection.vendor == "postgresql":
        with _postgres_time_limit(limit):
            yield
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        yield


@contextmanager
def _sqlite_time_limit(limit: int) -> Iterator[None]:
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + limit / 1000
    raw.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, SQLITE_PROGRESS_STEPS)
    try:
        yield
    except OperationalError as exc:
        if "interrupted" in str(exc):
            raise SearchTimeout(SearchTimeout.message) from exc
        raise
    finally:
        raw.set_progress_handler(None, 0)


@contextmanager
def _postgres_time_limit(limit: int) -> Iterator[None]:
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true)",
                    [f"{limit}ms"],
                )
                previous = cursor.fetchone()[0]
            yield
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == POSTGRES_QUERY_CANCELED:
            raise SearchTimeout(SearchTimeout.message) from exc
        raise
