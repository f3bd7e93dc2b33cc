"""The site's state: a token, read in one query, that changes after any write a page could show.

Cached pages and answers (tiex.core.response_cache, the board's computed measures) are kept
under this token, so a write makes every earlier entry unreachable at once. It combines:

* ``SiteState.generation``, bumped once per committed transaction that saved or deleted any
  model whose data a page may show (``post_save``, ``post_delete`` and ``m2m_changed``, so
  services, Wagtail's admin, imports and the shell are all seen);
* the newest audit event (every service write leaves one, in the same transaction);
* the newest import of any dataset (``Dataset.last_imported_at``), which covers the bulk
  writes of importers (``bulk_create`` and ``update`` send no signals);
* the newest Wagtail page or model history entry and the newest page id.

Writes that are not content do not move it: sessions, sign-in records (a user's
``last_login``), two-factor devices, the task queue, import progress, Wagtail's editing
sessions and search index. A write none of these see (raw SQL) shows once the cached entry
expires (``TIEX_PUBLIC_CACHE_SECONDS``). Once it has moved, the most requested public pages
are drawn again in the background (tiex.core.refill, decision 0015).
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

# Apps whose rows are never shown on a page (or are derived from ones that are).
QUIET_APPS = frozenset(
    {
        "account",
        "admin",
        "auth",
        "contenttypes",
        "django_tasks_database",
        "mfa",
        "sessions",
        "socialaccount",
        "wagtailadmin",
        "wagtailsearch",
        "wagtailusers",
    }
)
# Models of content apps that are bookkeeping, or already part of the token.
QUIET_MODELS = frozenset({"core.auditevent", "core.importjob", "core.sitestate"})
# Saves of only these fields are sign-in bookkeeping.
QUIET_FIELDS = frozenset({"last_login"})


def is_content_write(sender: type[Model], update_fields: Any = None) -> bool:
    """Whether saving or deleting a row of ``sender`` may change what a page shows."""
    if sender.__module__ == "__fake__":  # a migration's historical model: the table may not exist yet
        return False
    meta = sender._meta
    if meta.app_label in QUIET_APPS or meta.label_lower in QUIET_MODELS:
        return False
    return not (update_fields and set(update_fields) <= QUIET_FIELDS)


def _bump(using: str) -> None:
    """Move the generation on (an UPDATE of one row; the row is made if a database lacks it)."""
    from tiex.core.models import SiteState

    rows = SiteState.objects.using(using)
    try:
        if not rows.filter(pk=1).update(generation=F("generation") + 1, changed_at=timezone.now()):
            rows.get_or_create(pk=1, defaults={"generation": 1, "changed_at": timezone.now()})
    except DatabaseError:  # before core's migration 0008 (a write while migrating): nothing to move
        logger.warning("could not move the site state on (is the database migrated?)", exc_info=True)
        return
    if using == DEFAULT_DB_ALIAS:
        from tiex.core import refill

        refill.schedule()  # draw the most requested public pages again (tiex.core.refill)


@functools.cache
def _bumper(using: str) -> Callable[[], None]:
    """One function per database alias, so that a transaction can tell it has queued it."""

    def bump() -> None:
        _bump(using)

    return bump


def note_write(using: str) -> None:
    """Move the generation on after the current transaction commits (at once outside one),
    queued at most once per transaction; a rollback drops it with the transaction's own work."""
    connection = connections[using]
    bump = _bumper(using)
    if not connection.in_atomic_block:
        bump()
        return
    if any(entry[1] is bump for entry in connection.run_on_commit):
        return
    transaction.on_commit(bump, using=using, robust=True)


def _saved(sender: type[Model], using: str = DEFAULT_DB_ALIAS, update_fields: Any = None, **_: Any) -> None:
    if is_content_write(sender, update_fields):
        note_write(using)


def _deleted(sender: type[Model], using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    if is_content_write(sender):
        note_write(using)


def _m2m_changed(sender: type[Model], action: str, using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    if action.startswith("post_") and is_content_write(sender):
        note_write(using)


def connect_signals() -> None:
    post_save.connect(_saved, dispatch_uid="tiex.site_state.saved")
    post_delete.connect(_deleted, dispatch_uid="tiex.site_state.deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="tiex.site_state.m2m")


@functools.cache
def _token_sql(using: str) -> tuple[str, tuple[Any, ...]]:
    """The token's SQL, compiled once per database (its parameters never change)."""
    from wagtail.models import ModelLogEntry, Page, PageLogEntry

    from tiex.core.models import AuditEvent, Dataset, SiteState

    queries = [
        SiteState.objects.filter(pk=1).values("generation"),
        AuditEvent.objects.order_by("-pk").values("pk")[:1],
        Dataset.objects.filter(last_imported_at__isnull=False)
        .order_by("-last_imported_at")
        .values("last_imported_at")[:1],
        PageLogEntry.objects.order_by("-pk").values("pk")[:1],
        ModelLogEntry.objects.order_by("-pk").values("pk")[:1],
        Page.objects.order_by("-pk").values("pk")[:1],
    ]
    compiled = [query.query.get_compiler(using=using).as_sql() for query in queries]
    sql = "SELECT " + ", ".join(f"({part})" for part, _params in compiled)
    return sql, tuple(param for _part, params in compiled for param in params)


def token(using: str = DEFAULT_DB_ALIAS) -> str:
    """A token that changes whenever what a page shows may have changed (one query)."""
    sql, params = _token_sql(using)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        values = ":".join(str(value) for value in cursor.fetchone())
    return hashlib.sha256(values.encode()).hexdigest()[:24]


def generation(using: str = DEFAULT_DB_ALIAS) -> int:
    """The generation alone (for tests and the operations page)."""
    from tiex.core.models import SiteState

    row = SiteState.objects.using(using).filter(pk=1).values_list("generation", flat=True).first()
    if row is None:
        logger.warning("the site state row is missing; migrate creates it")
    return row or 0
