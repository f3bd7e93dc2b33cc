from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.db import connections
from django.db.utils import OperationalError

from tiex.core import health

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(client) -> None:
    with mock.patch("tiex.core.health._select_one", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP server on 127.0.0.1 that accepts connections and never says a word, as a stuck
    PostgreSQL server does. Yields its port."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def _postgres_alias(port: int, connect_timeout: int) -> str:
    """A database alias for a PostgreSQL server at 127.0.0.1:port (options as config/settings.py builds them)."""
    alias = f"silent-{port}"
    connections.settings[alias] = connections.configure_settings(
        {
            "default": {**connections.settings["default"]},
            alias: {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "tiex",
                "USER": "postgres",
                "HOST": "127.0.0.1",
                "PORT": str(port),
                "OPTIONS": {"connect_timeout": connect_timeout, "options": "-c statement_timeout=30000"},
            },
        }
    )[alias]
    return alias


@pytest.fixture
def settled_health() -> Iterator[None]:
    """After the test (and after the silent server closes), wait for a hanging check to end."""
    yield
    pending = health._pending
    if pending is not None:
        with contextlib.suppress(Exception):
            pending.result(timeout=10)


def test_healthz_answers_503_within_a_second_or_two_when_the_database_never_answers(
    client, settled_health: None, silent_server: int, monkeypatch, django_db_blocker
) -> None:
    # No test database: the check's own connection goes to the silent server (in the check's thread).
    alias = _postgres_alias(silent_server, connect_timeout=30)
    monkeypatch.setattr(health, "DATABASE_ALIAS", alias)
    try:
        with django_db_blocker.unblock():
            started = time.monotonic()
            response = client.get("/healthz")
            elapsed = time.monotonic() - started
            # A second probe while the first check still hangs is answered on time too.
            again = client.get("/healthz")
    finally:
        del connections.settings[alias]
    assert response.status_code == 503
    assert response.json()["database"] == "timeout"
    assert "did not answer" in response.json()["detail"]
    assert elapsed < 2.5
    assert again.status_code == 503


def test_postgres_connections_give_up_after_the_connect_timeout(silent_server: int, django_db_blocker) -> None:
    alias = _postgres_alias(silent_server, connect_timeout=2)
    try:
        started = time.monotonic()
        with django_db_blocker.unblock(), pytest.raises(OperationalError):
            connections[alias].ensure_connection()
        elapsed = time.monotonic() - started
    finally:
        connections[alias].close()
        del connections.settings[alias]
    assert elapsed < 6  # without a connect timeout, libpq waits for as long as the server keeps silent


_DATABASE_OPTIONS = """
from django.conf import settings
print(settings.DATABASES["default"]["OPTIONS"])
"""


def test_connect_and_statement_timeouts_come_from_the_environment(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tiex",
        "TIEX_DB_CONNECT_TIMEOUT": "3",
        "TIEX_DB_STATEMENT_TIMEOUT": "12",
        "TIEX_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _DATABASE_OPTIONS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "'connect_timeout': 3" in result.stdout
    assert "'options': '-c statement_timeout=12000'" in result.stdout


@pytest.mark.django_db
def test_healthz_refuses_writes(client) -> None:
    assert client.post("/healthz").status_code == 405


_PROBE = """
import django
django.setup()
from django.test import Client
client = Client()
print(client.get("/healthz").status_code, client.get("/").status_code)
"""


def test_healthz_answers_plain_http_probes_under_tiex_secure(tmp_path: Path) -> None:
    """With TIEX_SECURE=true every page redirects to https, except the load balancer's probe."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TIEX_SECURE": "true",
        "TIEX_VAR_DIR": str(tmp_path),
        "TIEX_LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "301"]
