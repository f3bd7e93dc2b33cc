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


# Every module that reads the environment: the settings, and what runs before them (the
# `tiex` command and gunicorn's hooks).
SOURCES = ("config/settings.py", "tiex/cli.py", "config/gunicorn.py")
# Set for Django itself, not settings of ours.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def _environ_reads(node: ast.AST) -> str | None:
    """The variable named by os.environ.get("X"), os.getenv("X"), os.environ["X"] or env_*("X")."""
    if isinstance(node, ast.Call):
        func = node.func
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        reader = name in READERS
        environ_get = (
            isinstance(func, ast.Attribute)
            and func.attr == "get"
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "environ"
        )
        getenv = isinstance(func, ast.Attribute) and func.attr == "getenv"
        if reader or environ_get or getenv:
            first = node.args[0]
            assert isinstance(first, ast.Constant), "environment variables are read by a literal name"
            return str(first.value)
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.ctx, ast.Load)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "environ"
        and isinstance(node.slice, ast.Constant)
    ):
        return str(node.slice.value)
    return None


def read_in_source(path: str = "") -> set[str]:
    names = set()
    for source in [path] if path else SOURCES:
        for node in ast.walk(ast.parse((ROOT / source).read_text())):
            name = _environ_reads(node)
            if name is not None:
                names.add(name)
    return names - NOT_SETTINGS


def test_the_serve_command_and_gunicorn_settings_are_checked_too() -> None:
    assert {"TIEX_WORKERS", "TIEX_THREADS", "TIEX_HOST", "TIEX_PORT", "TIEX_FORWARDED_ALLOW_IPS"} <= read_in_source(
        "tiex/cli.py"
    )


def test_direct_reads_of_the_environment_are_found() -> None:
    tree = ast.parse('os.environ.get("A"); os.getenv("B"); os.environ["C"]; env_int("D", 1); os.environ["E"] = "x"')
    assert {name for node in ast.walk(tree) if (name := _environ_reads(node))} == {"A", "B", "C", "D"}


def test_every_variable_read_at_runtime_is_in_env_example() -> None:
    missing = env.READ - documented()
    assert not missing, f"Add these to .env.example: {sorted(missing)}"


def test_every_variable_named_in_settings_is_in_env_example() -> None:
    # Catches variables read only under a condition (e.g. OIDC when switched on), and those read
    # by `tiex serve` and config/gunicorn.py, which never go through the settings.
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
