"""A read-only SQLite file serves reads; a write is a clear 503, not a site-wide failure.

The copy of the test database is opened with ``mode=ro`` (the tests may run as root, whom
file permissions do not stop) and left in DELETE journal mode, as a restored backup is:
switching it to WAL would be a write, which used to fail every connection at start.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.db.utils import OperationalError
from django.test import Client

from tiex.accounts.tests.factories import PASSWORD, UserFactory
from tiex.core.models import AuditEvent
from tiex.core.services import audit_record

EMAIL = "reader@example.org"


@pytest.fixture
def read_only_database(transactional_db: None, tmp_path: Path) -> Iterator[DatabaseWrapper]:
    """Swap the default connection for one to a read-only copy of the test database."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL read-only replicas are the server's business")
    UserFactory(email=EMAIL)
    audit_record(actor=None, action="test.before", object_type="", object_id="", object_repr="")
    copy = tmp_path / "read-only.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    target.close()
    settings = {**connections.settings["default"], "NAME": f"file:{copy}?mode=ro"}
    read_only = DatabaseWrapper(settings, alias="default")
    original = connections["default"]
    connections["default"] = read_only
    try:
        yield read_only
    finally:
        connections["default"] = original
        read_only.close()


def test_a_read_only_database_serves_pages(read_only_database: DatabaseWrapper) -> None:
    client = Client()
    for path in ["/", "/data/", "/councils/", "/exchange/", "/api/v1/councils"]:
        assert client.get(path).status_code == 200, path
    assert AuditEvent.objects.get().action == "test.before"
    with read_only_database.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "delete"


def test_a_write_to_a_read_only_database_is_refused_with_a_clear_503(read_only_database: DatabaseWrapper) -> None:
    with pytest.raises(OperationalError, match="readonly"):
        audit_record(actor=None, action="test.after", object_type="", object_id="", object_repr="")
    client = Client(raise_request_exception=False)
    response = client.post("/account/login/", {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 503
    assert "Changes cannot be saved just now" in response.content.decode()
    assert response["Retry-After"] == "300"
    assert client.get("/data/").status_code == 200  # and reading goes on
