"""gunicorn settings for `tiex serve`: the scheduler and the task worker run beside the web server.

The task worker (`tiex worker`, background tasks such as the admin's imports) is
started, restarted and stopped exactly like the scheduler described below (unless
TIEX_WORKER=false, or background tasks run in the request: TIEX_TASKS_BACKEND).

gunicorn's master process supervises it. When the master is ready it starts
`tiex scheduler` as its child (unless TIEX_SCHEDULER=false); when it reloads (SIGHUP) it
restarts it, so new code runs; when it exits, however asked (Ctrl+C, SIGTERM, SIGQUIT), it
stops it with SIGTERM and waits for it. The scheduler runs in a process group of its own,
so a Ctrl+C in the terminal reaches only gunicorn, which then stops it: it is never
interrupted half-way through starting or through a job. If the master is killed outright
(SIGKILL), the scheduler notices within a second that its parent has gone and stops too
(`--parent`). No orphans either way.

Each new worker warms itself up before it takes requests (``post_worker_init``: templates
compiled, URL resolvers built, the project's modules imported; tiex/core/warmup.py), unless
TIEX_WARM_WORKERS=false, so the first visitors of a new worker do not wait for that.

`tiex serve` uses this module. To run gunicorn yourself with the scheduler:
`gunicorn --config python:config.gunicorn config.wsgi:application ...`.

Only hooks live here; `tiex serve` passes the other gunicorn options on its command line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

# Seconds a running job gets to finish when gunicorn stops, before the scheduler is killed.
STOP_TIMEOUT = 30

# The scheduler and worker processes this master started (gunicorn imports this module once per master).
_scheduler: subprocess.Popen[bytes] | None = None
_worker: subprocess.Popen[bytes] | None = None

# The background-task backends that need a worker process (settings.TASKS["background"]).
QUEUED_BACKENDS = ("django_tasks_db.DatabaseBackend", "django_tasks_db.backend.DatabaseBackend")


def scheduler_enabled() -> bool:
    """settings.SCHEDULER (TIEX_SCHEDULER); read in the master, which otherwise never loads Django."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    return bool(settings.SCHEDULER)


def scheduler_command(parent_pid: int) -> list[str]:
    return [sys.executable, "-m", "tiex.cli", "scheduler", "--parent", str(parent_pid)]


def start_scheduler(server: Any) -> None:
    global _scheduler
    if not scheduler_enabled():
        server.log.info("Scheduler off (TIEX_SCHEDULER=false): run `tiex scheduler --once` from cron.")
        return
    _scheduler = subprocess.Popen(scheduler_command(os.getpid()), process_group=0)  # noqa: S603
    server.log.info("Started the scheduler (pid: %s)", _scheduler.pid)


def stop_scheduler(server: Any) -> None:
    global _scheduler
    process, _scheduler = _scheduler, None
    _stop(server, process, "scheduler")


def worker_enabled() -> bool:
    """settings.WORKER (TIEX_WORKER), and background tasks go to a queue that needs a worker."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    return bool(settings.WORKER) and background_backend(settings.TASKS) in QUEUED_BACKENDS


def background_backend(tasks: Any) -> str:
    """The backend of TASKS["background"] (where the admin's imports go), as a dotted path."""
    return str(tasks.get("background", {}).get("BACKEND", "")) if isinstance(tasks, dict) else ""


def worker_command(parent_pid: int) -> list[str]:
    return [sys.executable, "-m", "tiex.cli", "worker", "--parent", str(parent_pid)]


def start_worker(server: Any) -> None:
    global _worker
    if not worker_enabled():
        server.log.info("Task worker off (TIEX_WORKER=false, or tasks run in the request): run `tiex worker` yourself.")
        return
    _worker = subprocess.Popen(worker_command(os.getpid()), process_group=0)  # noqa: S603
    server.log.info("Started the task worker (pid: %s)", _worker.pid)


def stop_worker(server: Any) -> None:
    global _worker
    process, _worker = _worker, None
    _stop(server, process, "task worker")


def _stop(server: Any, process: subprocess.Popen[bytes] | None, name: str) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        server.log.warning("The %s (pid: %s) did not stop within %s s; killing it.", name, process.pid, STOP_TIMEOUT)
        process.kill()
        process.wait()


def warm_enabled() -> bool:
    """settings.WARM_WORKERS (TIEX_WARM_WORKERS)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    return bool(getattr(settings, "WARM_WORKERS", True))


def warm_worker(worker: Any) -> None:
    """Warm a new worker up (tiex/core/warmup.py); whatever goes wrong, the worker still starts."""
    try:
        if not warm_enabled():
            return
        from tiex.core.warmup import warm

        # Tell the master the worker is alive after each step, so a slow machine's warm-up
        # is not mistaken for a hung worker (gunicorn's --timeout).
        timings = warm(on_step=worker.notify)
        worker.log.info("Worker warmed up in %.2f s (pid: %s)", sum(timings.values()), worker.pid)
    except Exception:
        worker.log.exception("The worker's warm-up failed; it serves without it.")


# --- gunicorn worker hook (called in each worker, once the application is loaded) --------


def post_worker_init(worker: Any) -> None:
    warm_worker(worker)


# --- gunicorn server hooks (called in the master process) ------------------------------


def when_ready(server: Any) -> None:
    start_scheduler(server)
    start_worker(server)


def on_reload(server: Any) -> None:
    stop_scheduler(server)
    stop_worker(server)
    start_scheduler(server)
    start_worker(server)


def on_exit(server: Any) -> None:
    stop_scheduler(server)
    stop_worker(server)
