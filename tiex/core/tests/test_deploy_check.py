"""`manage.py check --deploy` passes with production-like settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TIEX_SECURE": "true",
        "TIEX_DEBUG": "false",
        "TIEX_ALLOWED_HOSTS": "tiex.example.org",
        "TIEX_BASE_URL": "https://tiex.example.org",
        "TIEX_SECRET_KEY": "a-long-random-production-like-secret-key-for-the-deploy-check-0123456789",
        "TIEX_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_flags_the_development_secret_key(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TIEX_SECURE": "true",
        "TIEX_VAR_DIR": str(tmp_path),
    }
    env.pop("TIEX_SECRET_KEY", None)
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_check_deploy_warns_when_links_in_e_mails_follow_the_request(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TIEX_SECURE": "true",
        "TIEX_ALLOWED_HOSTS": "tiex.example.org",
        "TIEX_SECRET_KEY": "a-long-random-production-like-secret-key-for-the-deploy-check-0123456789",
        "TIEX_VAR_DIR": str(tmp_path),
    }
    for name in ("DATABASE_URL", "TIEX_BASE_URL"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "tiex.accounts.W002" in result.stdout + result.stderr
