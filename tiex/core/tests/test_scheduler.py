"""The scheduler (tiex/core/scheduler.py), `tiex scheduler` and the gunicorn hooks that start it.

No test starts gunicorn: the hooks are called as gunicorn's master would call them, with the
process start replaced. One test runs a real `tiex scheduler` process and stops it.
"""

from __future__ import annotations

import datetime
import io
import logging
import os
import signal
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from config import gunicorn as gunicorn_hooks
from tiex import cli
from tiex.core import scheduler
from tiex.core.models import AuditEvent
from tiex.core.scheduler import AdvisoryLock, FileLock, Scheduler
from tiex.core.tests import test_backup
from tiex.library.models import ResourcePage
from tiex.library.tests.factories import make_resource

CHILD_TIMEOUT = 60
ROOT = Path(__file__).resolve().parents[3]

# A migrated SQLite database file to run child processes against (shared with test_backup).
migrated_template = test_backup.migrated_template


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Path:
    """A var dir of the test's own: never the lock of a scheduler running on this machine."""
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def closed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the scheduler's close_old_connections calls, which must not close the test's transaction."""
    calls: list[str] = []
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: calls.append("closed"))
    return calls


def recorder(log: list[str], name: str) -> Callable[[], None]:
    return lambda: log.append(name)


def lock_is_free(path: Path) -> bool:
    """Whether this process can take the file lock now (given back at once)."""
    lock = FileLock(path)
    try:
        return lock.acquire()
    finally:
        lock.release()


def broken() -> None:
    raise RuntimeError("the job broke")


# --- Scheduled publishing, through `tiex scheduler --once` ----------------------------------


@pytest.mark.django_db
def test_once_publishes_a_resource_whose_scheduled_time_has_come(
    var_dir: Path, closed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_resource("Shared fleet maintenance", publish=False)
    nine_am = timezone.now() + datetime.timedelta(hours=1)
    page.go_live_at = nine_am
    page.save_revision().publish()  # what "Publish" does in the admin with a go-live time set
    page.refresh_from_db()
    assert not page.live
    assert page.latest_revision.approved_go_live_at == nine_am

    call_command("scheduler", "--once", stdout=io.StringIO())  # before nine: nothing to do
    page.refresh_from_db()
    assert not page.live

    monkeypatch.setattr(timezone, "now", lambda: nine_am + datetime.timedelta(minutes=1))
    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)

    page.refresh_from_db()
    assert page.live
    assert ResourcePage.objects.live().filter(pk=page.pk).exists()
    assert AuditEvent.objects.filter(action="resource.publish", object_id=str(page.pk)).exists()
    assert "publish_scheduled" in out.getvalue()
    assert closed, "each run closes old database connections"


@pytest.mark.django_db
def test_once_unpublishes_a_resource_that_has_expired(var_dir: Path, closed: list[str]) -> None:
    page = make_resource("Old guidance")
    ResourcePage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))

    call_command("scheduler", "--once", stdout=io.StringIO())

    page.refresh_from_db()
    assert not page.live
    assert page.expired


# --- Jobs that fail ----------------------------------------------------------------------------


def test_a_failing_job_is_logged_and_the_others_still_run(
    tmp_path: Path, closed: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    ran: list[str] = []
    jobs = {"first": recorder(ran, "first"), "broken": broken, "last": recorder(ran, "last")}
    lock = FileLock(tmp_path / "scheduler.lock")

    with caplog.at_level(logging.ERROR, logger="tiex.scheduler"):
        tick = Scheduler(jobs=jobs, interval=60, lock=lock).run_once()
    lock.release()

    assert ran == ["first", "last"]
    assert (tick.ran, tick.done, tick.failed) == (True, ["first", "last"], ["broken"])
    [record] = [r for r in caplog.records if r.name == "tiex.scheduler"]
    assert "broken" in record.getMessage()
    assert record.exc_info is not None and "the job broke" in str(record.exc_info[1])
    assert len(closed) == 1 + len(jobs)  # at the start of the tick and after each job


def test_the_loop_goes_on_after_a_job_fails(tmp_path: Path, closed: list[str]) -> None:
    ran: list[str] = []
    loop: Scheduler

    def count_then_stop() -> None:
        ran.append("count")
        if len(ran) == 3:
            loop.stop()

    loop = Scheduler(
        jobs={"broken": broken, "count": count_then_stop}, interval=0.01, lock=FileLock(tmp_path / "scheduler.lock")
    )
    loop.run_forever()
    assert ran == ["count", "count", "count"]


@pytest.mark.django_db
def test_once_fails_when_a_job_fails_after_running_the_others(
    var_dir: Path, closed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []
    monkeypatch.setattr(scheduler, "JOBS", {"broken": broken, "fine": recorder(ran, "fine")})
    with pytest.raises(CommandError, match="1 of 2 jobs failed: broken"):
        call_command("scheduler", "--once", stdout=io.StringIO())
    assert ran == ["fine"]
    assert lock_is_free(var_dir / "scheduler.lock"), "--once gives the lock back, even when a job fails"


def test_a_job_name_is_registered_once() -> None:
    assert "publish_scheduled" in scheduler.JOBS
    with pytest.raises(ValueError, match="already registered"):
        scheduler.job("publish_scheduled")(lambda: None)


# --- One scheduler at a time ---------------------------------------------------------------


def test_a_second_scheduler_cannot_take_the_file_lock_while_the_first_holds_it(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "scheduler.lock"), FileLock(tmp_path / "scheduler.lock")
    assert first.acquire()
    assert first.acquire(), "taking a lock already held is a no-op"
    assert (tmp_path / "scheduler.lock").read_text() == f"{os.getpid()}\n"
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


@pytest.mark.django_db
def test_the_lock_suits_the_database(var_dir: Path) -> None:
    lock = scheduler.lock_for_database()
    if connection.vendor == "postgresql":
        assert isinstance(lock, AdvisoryLock)
    else:
        assert isinstance(lock, FileLock)
        assert lock.path == var_dir / "scheduler.lock"


@pytest.mark.django_db
def test_once_runs_nothing_while_another_scheduler_holds_the_lock(
    var_dir: Path, closed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []
    monkeypatch.setattr(scheduler, "JOBS", {"job": recorder(ran, "job")})
    monkeypatch.setattr(scheduler, "lock_for_database", lambda: FileLock(var_dir / "scheduler.lock"))
    holder = FileLock(var_dir / "scheduler.lock")
    assert holder.acquire()
    try:
        out = io.StringIO()
        call_command("scheduler", "--once", stdout=out)
    finally:
        holder.release()
    assert ran == []
    assert "Another scheduler is running the jobs" in out.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_second_scheduler_cannot_take_the_postgresql_lock_while_the_first_holds_it() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's (the SQLite leg tests the file lock)")
    first, second = AdvisoryLock(), AdvisoryLock()
    try:
        assert first.acquire()
        assert first.acquire(), "the holder keeps its lock (and its connection) from tick to tick"
        assert not second.acquire()
        first.release()
        assert second.acquire()
    finally:
        first.release()
        second.release()


# --- Stopping ------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_loop_after_the_job_running_at_the_time(
    signum: int, tmp_path: Path, closed: list[str]
) -> None:
    ran: list[str] = []
    before = signal.getsignal(signum)
    lock = FileLock(tmp_path / "scheduler.lock")
    loop: Scheduler

    def signal_ourselves() -> None:
        if signal.getsignal(signum) != loop.stop:  # never send a signal pytest would die of
            raise AssertionError("the scheduler does not handle the signal")
        os.kill(os.getpid(), signum)
        ran.append("signalled")

    loop = Scheduler(jobs={"signal": signal_ourselves, "next": recorder(ran, "next")}, interval=60, lock=lock)
    started = time.monotonic()
    loop.run_forever()

    assert ran == ["signalled"], "the job finished; the loop stopped before the next job and the next tick"
    assert time.monotonic() - started < 5, "the 60 s wait was cut short"
    assert signal.getsignal(signum) == before
    assert lock_is_free(tmp_path / "scheduler.lock"), "the lock was given back"


def test_the_loop_stops_when_the_process_that_started_it_has_gone(
    tmp_path: Path, closed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = {"pid": 4242}
    monkeypatch.setattr(scheduler.os, "getppid", lambda: parent["pid"])
    monkeypatch.setattr(scheduler, "PARENT_CHECK_SECONDS", 0.01)
    ran: list[str] = []

    def parent_dies() -> None:
        ran.append("job")
        parent["pid"] = 1  # reparented to init

    loop = Scheduler(jobs={"job": parent_dies}, interval=60, lock=FileLock(tmp_path / "lock"), parent_pid=4242)
    started = time.monotonic()
    loop.run_forever()
    assert ran == ["job"]
    assert time.monotonic() - started < 5


@pytest.mark.subprocess
def test_a_real_scheduler_holds_the_lock_until_sigterm_stops_it(migrated_template: Path, tmp_path: Path) -> None:
    database = tmp_path / "tiex.sqlite3"
    database.write_bytes(migrated_template.read_bytes())
    env = test_backup.child_env(f"sqlite:///{database}", tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-m", "tiex.cli", "scheduler"],
        env=env,
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    try:
        lines = []
        for line in child.stderr:
            lines.append(line)
            if "now runs the scheduled jobs" in line:
                break
        assert "now runs the scheduled jobs" in "".join(lines), "".join(lines)

        assert not lock_is_free(tmp_path / "scheduler.lock"), "another process holds the lock"

        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=CHILD_TIMEOUT) == 0
        rest = child.stderr.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stderr.close()
    assert "Scheduler stopped." in rest
    assert "Traceback" not in "".join(lines) + rest
    assert lock_is_free(tmp_path / "scheduler.lock"), "the lock went with the process"


# --- Settings ------------------------------------------------------------------------------


def settings_in_child(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with these TIEX_SCHEDULER* variables (and no others)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("TIEX_SCHEDULER")}
    return subprocess.run(
        [sys.executable, "-c", "from config import settings; print(settings.SCHEDULER, settings.SCHEDULER_INTERVAL)"],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )


def test_the_scheduler_is_on_by_default_and_runs_every_minute() -> None:
    result = settings_in_child()
    assert result.stdout.split() == ["True", "60"], result.stderr


def test_the_environment_turns_the_scheduler_off_and_sets_its_interval() -> None:
    result = settings_in_child(TIEX_SCHEDULER="false", TIEX_SCHEDULER_INTERVAL="15")
    assert result.stdout.split() == ["False", "15"], result.stderr


def test_an_interval_under_one_second_is_refused() -> None:
    result = settings_in_child(TIEX_SCHEDULER_INTERVAL="0")
    assert result.returncode != 0
    assert "TIEX_SCHEDULER_INTERVAL must be at least 1" in result.stderr


# --- `tiex serve` and the gunicorn hooks -----------------------------------------------------


class FakeProcess:
    def __init__(self, command: list[str], **options: Any) -> None:
        self.command, self.options, self.pid = command, options, 31337
        self.signals: list[str] = []
        self.returncode: int | None = None
        self.stubborn = False

    def poll(self) -> int | None:
        return self.returncode

    def terminate(self) -> None:
        self.signals.append("TERM")

    def kill(self) -> None:
        self.signals.append("KILL")

    def wait(self, timeout: float | None = None) -> int:
        if self.stubborn and "KILL" not in self.signals:
            raise subprocess.TimeoutExpired(self.command, timeout or 0)
        self.returncode = 0
        return 0


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[FakeProcess]:
    """Replaces starting a process in the gunicorn hooks; lists the processes 'started'."""
    processes: list[FakeProcess] = []

    def popen(command: list[str], **options: Any) -> FakeProcess:
        processes.append(FakeProcess(command, **options))
        return processes[-1]

    monkeypatch.setattr(gunicorn_hooks.subprocess, "Popen", popen)
    monkeypatch.setattr(gunicorn_hooks, "_scheduler", None)
    return processes


@pytest.fixture
def master() -> Any:
    """Stands in for gunicorn's arbiter (the hooks only log through it)."""
    return types.SimpleNamespace(log=logging.getLogger("test.gunicorn"))


def gunicorn_config_of_serve(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The configuration gunicorn would run with, parsed by gunicorn from the command `tiex serve` execs."""
    from gunicorn.app.wsgiapp import WSGIApplication

    calls: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: calls.append(argv))
    cli.serve(["--port", "8123"])
    monkeypatch.setattr(sys, "argv", calls[0])
    monkeypatch.setattr(sys, "path", list(sys.path))  # gunicorn puts its working directory first
    return WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").cfg


def test_serve_hands_gunicorn_the_hooks_that_run_the_scheduler(monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = gunicorn_config_of_serve(monkeypatch)
    assert cfg.when_ready is gunicorn_hooks.when_ready
    assert cfg.on_reload is gunicorn_hooks.on_reload
    assert cfg.on_exit is gunicorn_hooks.on_exit
    assert cfg.workers == 2  # the command-line options still apply


def test_serve_with_the_scheduler_off_does_not_start_it(
    monkeypatch: pytest.MonkeyPatch, settings: Any, started: list[FakeProcess], master: Any
) -> None:
    settings.SCHEDULER = False  # TIEX_SCHEDULER=false
    cfg = gunicorn_config_of_serve(monkeypatch)
    cfg.when_ready(master)
    cfg.on_reload(master)
    cfg.on_exit(master)
    assert started == []


def test_serve_starts_the_scheduler_when_gunicorn_is_ready_and_stops_it_on_exit(
    monkeypatch: pytest.MonkeyPatch, settings: Any, started: list[FakeProcess], master: Any
) -> None:
    settings.SCHEDULER = True
    cfg = gunicorn_config_of_serve(monkeypatch)

    cfg.when_ready(master)
    [process] = started
    assert process.command == [sys.executable, "-m", "tiex.cli", "scheduler", "--parent", str(os.getpid())]
    assert process.options == {"process_group": 0}  # Ctrl+C reaches gunicorn, which then stops it

    cfg.on_exit(master)
    assert process.signals == ["TERM"]
    assert process.returncode == 0, "gunicorn waits for it"


def test_a_reload_restarts_the_scheduler(settings: Any, started: list[FakeProcess], master: Any) -> None:
    settings.SCHEDULER = True
    gunicorn_hooks.when_ready(master)
    gunicorn_hooks.on_reload(master)
    gunicorn_hooks.on_exit(master)
    first, second = started
    assert first.signals == ["TERM"] and first.returncode == 0
    assert second.signals == ["TERM"] and second.returncode == 0


def test_a_scheduler_that_will_not_stop_is_killed(settings: Any, started: list[FakeProcess], master: Any) -> None:
    settings.SCHEDULER = True
    gunicorn_hooks.when_ready(master)
    started[0].stubborn = True
    gunicorn_hooks.on_exit(master)
    assert started[0].signals == ["TERM", "KILL"]


def test_a_scheduler_that_has_already_exited_is_left_alone(
    settings: Any, started: list[FakeProcess], master: Any
) -> None:
    settings.SCHEDULER = True
    gunicorn_hooks.when_ready(master)
    started[0].returncode = 1
    gunicorn_hooks.on_exit(master)
    assert started[0].signals == []


def test_help_lists_the_scheduler(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    assert "tiex scheduler [--once]" in capsys.readouterr().out
    assert cli.COMMANDS["scheduler"] == "scheduler"
