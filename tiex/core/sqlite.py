"""SQLite connections: WAL mode when the file can be written, reads when it cannot.

WAL mode (readers never wait for the writer) is a property of the database file, set by
writing ``PRAGMA journal_mode=WAL``. Done in the connection's ``init_command``, that write
failed on a read-only file (permissions, a read-only mount, a restored backup in DELETE
mode) and took every connection, so every page, down with it. It is asked for here
instead, once per new connection, and a read-only file is logged and served as it is:
pages that only read work, and a write fails with "attempt to write a readonly database",
which the error handler (``tiex.core.views.error_500``) turns into a clear 503 page.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.backends.signals import connection_created
from django.db.utils import OperationalError

logger = logging.getLogger("tiex.database")

READ_ONLY_MESSAGES = ("readonly database", "read-only database")


def is_read_only_error(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and any(text in str(error).lower() for text in READ_ONLY_MESSAGES)


def use_wal_when_writable(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
    except OperationalError as error:
        if not is_read_only_error(error):
            raise
        logger.warning("The SQLite database is read-only: serving reads, refusing writes (%s).", error)


def connect_signals() -> None:
    connection_created.connect(use_wal_when_writable, dispatch_uid="tiex.core.sqlite.wal")
