"""The warm-up a new gunicorn worker runs before it takes requests (tiex/core/warmup.py)."""

from __future__ import annotations

import logging
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.template import engines
from django.template.loaders import base, cached
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.urls.resolvers import get_ns_resolver

from config import gunicorn as gunicorn_hooks
from tiex.core import warmup
from tiex.core.tests.test_scheduler import gunicorn_config_of_serve

STEPS = ["modules", "templates", "urls", "models", "formats", "static", "database", "response cache"]


def cached_loaders() -> list[cached.Loader]:
    return [
        loader
        for backend in engines.all()
        for loader in backend.engine.template_loaders  # type: ignore[attr-defined]
        if isinstance(loader, cached.Loader)
    ]


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates compiled (read from disk) from now on, with every cached
    loader emptied first, as in a new process."""
    for loader in cached_loaders():
        loader.reset()
    names: list[str] = []
    original = base.Loader.get_template

    def spy(self: base.Loader, template_name: str, skip: Any = None) -> Any:
        names.append(template_name)
        return original(self, template_name, skip)

    # The cached loader calls this only when its cache does not hold the template.
    monkeypatch.setattr(base.Loader, "get_template", spy)
    return names


@pytest.mark.django_db
def test_after_the_warm_up_a_first_page_compiles_no_template(client: Any, compiled: list[str]) -> None:
    client.get("/")
    assert "base.html" in compiled  # without the warm-up, the first view compiles the shell

    for loader in cached_loaders():
        loader.reset()
    assert warmup.compile_templates() > 100
    assert any("base.html" in loader.get_template_cache for loader in cached_loaders())
    compiled.clear()

    response = client.get("/")
    assert response.status_code == 200
    assert compiled == []


def test_the_warm_up_compiles_the_project_templates_and_the_public_third_party_ones() -> None:
    names = warmup.template_names(warmup.template_dirs())
    assert "base.html" in names
    assert "components/_choices.html" in names
    assert "django/forms/widgets/input.html" in names  # the form widgets' own engine
    assert not [name for name in names if name.startswith("wagtailadmin/")]  # staff only, and slow


def test_a_broken_template_is_logged_and_the_others_are_compiled(
    settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "broken.html").write_text("{% if %}")
    (tmp_path / "good.html").write_text("<p>{{ greeting }}</p>")
    settings.TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}]
    with caplog.at_level(logging.ERROR, logger="tiex.core.warmup"):
        assert warmup.compile_templates(["broken.html", "good.html", "missing.html"]) == 1
    assert "broken.html" in caplog.text
    assert "good.html" in cached_loaders()[0].get_template_cache


def test_a_failing_step_is_logged_and_the_next_steps_run(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise ValueError("a template folder went away")

    resolved: list[bool] = []
    monkeypatch.setattr(warmup, "compile_templates", broken)
    monkeypatch.setattr(warmup, "resolve_urls", lambda: resolved.append(True))
    beats: list[int] = []
    with caplog.at_level(logging.ERROR, logger="tiex.core.warmup"):
        timings = warmup.warm(on_step=lambda: beats.append(1))
    assert list(timings) == STEPS
    assert "'templates' failed" in caplog.text
    assert resolved == [True]
    assert len(beats) == len(STEPS)  # gunicorn's heartbeat after every step


def test_without_database_access_the_warm_up_logs_and_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    # No django_db mark: pytest-django refuses every query, as a database that is not there does.
    with caplog.at_level(logging.ERROR, logger="tiex.core.warmup"):
        timings = warmup.warm()
    assert list(timings) == STEPS
    assert "'database' failed" in caplog.text


@pytest.mark.django_db
def test_a_database_without_its_tables_is_logged_and_the_warm_up_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE wagtailcore_site RENAME TO tiex_warm_up_hidden")
        with caplog.at_level(logging.ERROR, logger="tiex.core.warmup"):
            timings = warmup.warm()
        transaction.set_rollback(True)
    assert list(timings) == STEPS
    assert "'database' failed" in caplog.text
    assert "'urls' failed" not in caplog.text


@pytest.mark.django_db
def test_the_warm_up_only_reads_the_database() -> None:
    with CaptureQueriesContext(connection) as queries:
        warmup.warm()
    statements = [query["sql"].lstrip().split()[0].upper() for query in queries.captured_queries]
    assert statements
    assert set(statements) <= {"SELECT", "PRAGMA"}, statements


def test_the_warm_up_builds_every_namespace_resolver() -> None:
    warmup.resolve_urls()
    built = get_ns_resolver.cache_info().misses
    assert get_resolver().reverse_dict  # populated
    assert reverse("census:history") == "/census/history/"
    assert get_ns_resolver.cache_info().misses == built  # the first reverse in a namespace builds nothing


def test_the_warm_up_imports_the_project_modules_but_not_tests_or_migrations() -> None:
    assert warmup.skipped("tests") and warmup.skipped("migrations") and warmup.skipped("demo_rounds")
    assert not warmup.skipped("views")
    warmup.import_project_modules()
    assert "tiex.library.facet_index" in sys.modules


# --- the gunicorn hook ---------------------------------------------------------------


class FakeWorker:
    pid = 4242

    def __init__(self) -> None:
        self.log = logging.getLogger("test.gunicorn.worker")
        self.beats = 0

    def notify(self) -> None:
        self.beats += 1


@pytest.fixture
def warm_calls(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []

    def fake_warm(on_step: Any = None) -> dict[str, float]:
        calls.append(on_step)
        return {"templates": 0.5}

    monkeypatch.setattr(warmup, "warm", fake_warm)
    return calls


def test_serve_hands_gunicorn_the_worker_warm_up_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = gunicorn_config_of_serve(monkeypatch)
    assert cfg.post_worker_init is gunicorn_hooks.post_worker_init


def test_a_new_worker_warms_up_when_the_setting_is_on(settings: Any, warm_calls: list[Any]) -> None:
    settings.WARM_WORKERS = True
    worker = FakeWorker()
    gunicorn_hooks.post_worker_init(worker)
    assert warm_calls == [worker.notify]


def test_a_new_worker_does_not_warm_up_when_the_setting_is_off(settings: Any, warm_calls: list[Any]) -> None:
    settings.WARM_WORKERS = False  # TIEX_WARM_WORKERS=false
    gunicorn_hooks.post_worker_init(FakeWorker())
    assert warm_calls == []


def test_a_warm_up_that_fails_never_stops_the_worker(
    settings: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    settings.WARM_WORKERS = True

    def broken(on_step: Any = None) -> dict[str, float]:
        raise RuntimeError("no warm-up today")

    monkeypatch.setattr(warmup, "warm", broken)
    with caplog.at_level(logging.ERROR, logger="test.gunicorn.worker"):
        gunicorn_hooks.post_worker_init(types.SimpleNamespace(log=logging.getLogger("test.gunicorn.worker"), pid=1))
    assert "warm-up failed" in caplog.text
