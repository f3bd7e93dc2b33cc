"""The health check behind /healthz: does the database answer, within a deadline?

A load balancer needs an answer in about a second whatever the database does. A PostgreSQL
server that accepts connections but never answers would hold a request until the connect
timeout (TIEX_DB_CONNECT_TIMEOUT), so the check runs in a worker thread and the request
waits for it at most ``DEADLINE_SECONDS``. There is one worker: while a check hangs, later
probes wait on that same check rather than starting more threads, and each gets its 503 on
time. The worker opens its own connection and closes it after each check (a connection
belongs to one thread in Django).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from django.db import connections
from django.db.utils import DatabaseError

DEADLINE_SECONDS = 0.9
# The database alias checked (a test points it at a server that never answers).
DATABASE_ALIAS = "default"

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")
_lock = threading.Lock()
_pending: Future[None] | None = None


@dataclass(frozen=True)
class Health:
    ok: bool
    database: str  # "ok", "unreachable" or "timeout"
    detail: str = ""


def _select_one(alias: str) -> None:
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def check_database(deadline: float = DEADLINE_SECONDS) -> Health:
    global _pending
    with _lock:
        if _pending is None or _pending.done():
            _pending = _executor.submit(_select_one, DATABASE_ALIAS)
        pending = _pending
    try:
        pending.result(timeout=deadline)
    except FutureTimeout:
        return Health(False, "timeout", f"The database did not answer within {deadline:g} seconds.")
    except DatabaseError as error:
        return Health(False, "unreachable", f"The database refused the check: {type(error).__name__}.")
    return Health(True, "ok")
