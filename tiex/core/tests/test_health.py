from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db.utils import OperationalError

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(client) -> None:
    with mock.patch("tiex.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


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
