"""`tiex worker` (background tasks) and the gunicorn hooks that start it beside `tiex serve`."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from config import gunicorn as gunicorn_hooks
from tiex import cli
from tiex.core import services as core_services
from tiex.core.management.commands import worker as worker_command
from tiex.core.models import ImportJob
from tiex.core.tests.test_scheduler import FakeProcess, master, started  # noqa: F401  (fixtures)
from tiex.library import tasks
from tiex.library.models import ResourcePage

ROOT = Path(__file__).resolve().parents[3]
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []},
}
CSV = "title,type,summary\nQueued item,case-study,Waited for the worker.\n"


@pytest.fixture
def no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gunicorn_hooks, "_worker", None)


def keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker closes connections between tasks, as a request does; inside a test's transaction
    that would close the test's own connection (PostgreSQL), so here it keeps it."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def commands(processes: list[FakeProcess]) -> list[str]:
    return [process.command[3] for process in processes]


def test_serve_starts_the_worker_beside_the_scheduler_and_stops_both(
    settings: Any,
    started: list[FakeProcess],  # noqa: F811
    master: Any,  # noqa: F811
    no_worker: None,
) -> None:
    settings.SCHEDULER, settings.WORKER, settings.TASKS = True, True, DATABASE_QUEUE
    gunicorn_hooks.when_ready(master)
    assert commands(started) == ["scheduler", "worker"]
    worker = started[1]
    assert worker.command == [sys.executable, "-m", "tiex.cli", "worker", "--parent", str(os.getpid())]
    assert worker.options == {"process_group": 0}
    gunicorn_hooks.on_reload(master)
    assert commands(started) == ["scheduler", "worker", "scheduler", "worker"]
    gunicorn_hooks.on_exit(master)
    assert all(process.signals == ["TERM"] and process.returncode == 0 for process in started)


def test_tiex_worker_false_leaves_the_worker_out(
    settings: Any,
    started: list[FakeProcess],  # noqa: F811
    master: Any,  # noqa: F811
    no_worker: None,
) -> None:
    settings.SCHEDULER, settings.WORKER, settings.TASKS = False, False, DATABASE_QUEUE
    gunicorn_hooks.when_ready(master)
    gunicorn_hooks.on_exit(master)
    assert started == []


def test_no_worker_is_started_when_tasks_run_in_the_request(
    settings: Any,
    started: list[FakeProcess],  # noqa: F811
    master: Any,  # noqa: F811
    no_worker: None,
) -> None:
    settings.SCHEDULER, settings.WORKER = False, True  # the test settings run tasks at once
    gunicorn_hooks.when_ready(master)
    assert started == []


@pytest.mark.django_db
def test_tiex_worker_batch_runs_the_queued_imports(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TASKS = DATABASE_QUEUE
    keep_the_test_connection(monkeypatch)
    job = core_services.import_job_create(
        kind="resources", file_name="queued.csv", content=CSV, dry_run=False, requested_by=None
    )
    tasks.import_resources_job.enqueue(job.pk)
    assert not ResourcePage.objects.exists()
    call_command("worker", "--batch", verbosity=0, stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert ResourcePage.objects.get().title == "Queued item"


def test_tiex_worker_says_when_there_is_no_queue() -> None:
    out = io.StringIO()
    call_command("worker", "--batch", stdout=out)
    assert "no queue" in out.getvalue()


def test_the_worker_stops_itself_when_its_parent_has_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[int, int]] = []
    monkeypatch.setattr(worker_command.os, "kill", lambda pid, sig: sent.append((pid, sig)))
    worker_command.watch_parent(os.getppid() + 100_000)  # not our parent: it has gone
    assert sent == [(os.getpid(), signal.SIGTERM)]


def test_help_lists_the_worker(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    assert "tiex worker" in capsys.readouterr().out
    assert cli.COMMANDS["worker"] == "worker"


def worker_settings_in_child(**env: str) -> list[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"TIEX_WORKER", "TIEX_TASKS_BACKEND"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config import settings; print(settings.WORKER, settings.TASKS['background']['BACKEND'])",
        ],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_worker_is_on_by_default_with_a_queue_in_the_database() -> None:
    assert worker_settings_in_child() == ["True", "django_tasks_db.DatabaseBackend"]


def test_the_environment_turns_the_worker_off_and_chooses_the_backend() -> None:
    immediate = "django_tasks.backends.immediate.ImmediateBackend"
    assert worker_settings_in_child(TIEX_WORKER="false", TIEX_TASKS_BACKEND=immediate) == ["False", immediate]
