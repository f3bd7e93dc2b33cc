"""tiex worker [--batch]: run background tasks (the admin's imports) from the queue in the database.

A thin wrapper over django-tasks-db's `db_worker` for the "background" backend
(settings.TASKS), which `tiex serve` starts beside gunicorn unless TIEX_WORKER=false.
With ``--parent PID`` it stops when that process is no longer its parent (so `tiex serve`
leaves no orphan), as `tiex scheduler` does. SIGTERM or Ctrl+C stops it after the task
running at the time. Unless ``--batch`` (or TIEX_WARM_WORKERS=false) it runs the web
workers' warm-up first (tiex/core/warmup.py), since it also draws public pages after each
change (tiex/core/refill.py).
"""

from __future__ import annotations

import os
import signal
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from config.gunicorn import QUEUED_BACKENDS, background_backend, warm_enabled
from tiex.core.warmup import warm

BACKEND = "background"
PARENT_CHECK_SECONDS = 1.0


def watch_parent(parent_pid: int) -> None:
    """Ask this process to stop (SIGTERM, handled by the worker) once its parent has gone."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Run background tasks (the admin's imports) as they are queued, until stopped (SIGTERM or Ctrl+C). "
        "`tiex serve` starts one for you unless TIEX_WORKER=false."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run the tasks waiting now, then exit")
        parser.add_argument(
            "--parent",
            type=int,
            metavar="PID",
            help="stop when process PID is no longer this one's parent (tiex serve uses this: no orphans)",
        )

    def handle(self, *args: object, **options: object) -> None:
        backend = background_backend(settings.TASKS)
        if backend not in QUEUED_BACKENDS:
            self.stdout.write(f"Background tasks run in the request ({backend}); there is no queue to work through.")
            return
        parent = options["parent"]
        if isinstance(parent, int):
            threading.Thread(target=watch_parent, args=(parent,), daemon=True, name="watch-parent").start()
        if not options["batch"] and warm_enabled():
            # A long-running worker draws public pages after each change (tiex.core.refill): load
            # its code first, as a web worker does (decision 0014), so its first refill is not slow.
            warm()
        extra = ["--batch"] if options["batch"] else []
        call_command(
            "db_worker",
            "--backend",
            BACKEND,
            "--queue-name",
            "*",
            "--no-reload",
            *extra,
            verbosity=int(str(options.get("verbosity", 1))),
            stdout=self.stdout,
        )
