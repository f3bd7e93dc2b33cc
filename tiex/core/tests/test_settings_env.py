"""Every environment variable the settings read is documented in .env.example."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from config import env

ROOT = Path(__file__).resolve().parents[3]
READERS = {"env_str", "env_bool", "env_int", "env_list"}


def documented() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def read_in_source() -> set[str]:
    tree = ast.parse((ROOT / "config" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in READERS:
            first = node.args[0]
            assert isinstance(first, ast.Constant), "env readers take a literal variable name"
            names.add(first.value)
    return names


def test_every_variable_read_at_runtime_is_in_env_example() -> None:
    missing = env.READ - documented()
    assert not missing, f"Add these to .env.example: {sorted(missing)}"


def test_every_variable_named_in_settings_is_in_env_example() -> None:
    # Catches variables read only under a condition (e.g. OIDC when switched on).
    missing = read_in_source() - documented()
    assert not missing, f"Add these to .env.example: {sorted(missing)}"


def test_env_example_lists_nothing_the_settings_do_not_read() -> None:
    stale = documented() - read_in_source()
    assert not stale, f"Remove these from .env.example or read them: {sorted(stale)}"


def test_bool_reader_rejects_nonsense(monkeypatch) -> None:
    monkeypatch.setenv("TIEX_TEST_FLAG", "maybe")
    monkeypatch.setattr(env, "READ", set())
    with pytest.raises(ValueError, match="TIEX_TEST_FLAG"):
        env.env_bool("TIEX_TEST_FLAG", False)


def test_every_variable_is_explained_in_docs_configuration() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text()
    missing = {name for name in documented() if f"`{name}`" not in text}
    assert not missing, f"Explain these in docs/configuration.md: {sorted(missing)}"
