"""tiex scheduler [--once]: run tiex's periodic jobs, such as scheduled publishing (tiex/core/scheduler.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiex.core.scheduler import Scheduler


class Command(BaseCommand):
    # A long-running process like the web workers, which do not run the system checks either.
    requires_system_checks: list[str] = []
    help = (
        "Run the periodic jobs (Wagtail's publish_scheduled) every TIEX_SCHEDULER_INTERVAL seconds until "
        "stopped (SIGTERM or Ctrl+C). Only one scheduler runs the jobs at a time; others stand by. "
        "`tiex serve` starts one for you unless TIEX_SCHEDULER=false."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="run each job once and exit (from cron); does nothing if another scheduler is running the jobs",
        )
        parser.add_argument(
            "--parent",
            type=int,
            metavar="PID",
            help="stop when process PID is no longer this one's parent (tiex serve uses this: no orphans)",
        )

    def handle(self, *args: object, **options: object) -> None:
        parent = options["parent"]
        scheduler = Scheduler(parent_pid=parent if isinstance(parent, int) else None)
        if not options["once"]:
            scheduler.run_forever()
            return
        try:
            tick = scheduler.run_once()
        finally:
            scheduler.lock.release()
        if not tick.ran:
            self.stdout.write(f"Another scheduler is running the jobs ({scheduler.lock} is held); nothing run.")
            return
        if tick.failed:
            raise CommandError(
                f"{len(tick.failed)} of {len(scheduler.jobs)} jobs failed: {', '.join(tick.failed)} (see the log)."
            )
        self.stdout.write(f"Jobs run: {', '.join(tick.done) or 'none (none registered)'}.")
