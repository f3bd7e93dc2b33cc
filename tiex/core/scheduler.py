"""Periodic jobs, run inside tiex so that scheduled publishing needs no cron.

`tiex serve` starts `tiex scheduler` beside gunicorn (config/gunicorn.py); `tiex scheduler
--once` runs every job once and exits (for cron, with TIEX_SCHEDULER=false). Every
TIEX_SCHEDULER_INTERVAL seconds the scheduler runs each registered job in turn.

However many processes or servers run a scheduler, only one runs the jobs: the one holding
the scheduler lock. On PostgreSQL that is a session advisory lock (``pg_try_advisory_lock``)
on a connection of its own; on SQLite, whose database lives on one machine, an exclusive
``flock`` on ``<TIEX_VAR_DIR>/scheduler.lock``. The others stand by and try again at each
tick, so one takes over within an interval when the holder stops. Both locks are released
by the operating system or the database when their process dies, however it dies.

A job is a function without arguments, registered with ``@job("name")``. A job that raises
is logged (logger ``tiex.scheduler``) and the others still run. Each tick closes database
connections that are too old or broken, as a request would. SIGTERM and SIGINT stop the
loop after the job running at the time.

Besides tiex.library.search, this is the module that switches on the database vendor
(for the lock).
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import logging
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, connections
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger("tiex.scheduler")

Job = Callable[[], object]
J = TypeVar("J", bound=Job)

# name -> job, in the order they run
JOBS: dict[str, Job] = {}

# The key of the PostgreSQL advisory lock: the bytes of "tiex-sch" as a (signed) 64-bit number.
# Advisory locks belong to one database, so two sites on one server do not share it.
ADVISORY_LOCK_KEY = int.from_bytes(b"tiex-sch", "big")

# With a parent to watch, the loop checks on it this often (seconds) while it waits.
PARENT_CHECK_SECONDS = 1.0


def job(name: str) -> Callable[[J], J]:
    """Register a function as a periodic job."""

    def register(func: J) -> J:
        if name in JOBS:
            raise ValueError(f"A scheduler job named {name!r} is already registered.")
        JOBS[name] = func
        return func

    return register


@job("publish_scheduled")
def publish_scheduled() -> None:
    """Wagtail's publish_scheduled: publish revisions whose go-live time has come, unpublish expired pages."""
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    if output.getvalue().strip():
        logger.info("publish_scheduled: %s", output.getvalue().strip())


# --- The lock ----------------------------------------------------------------------------


class SchedulerLock(Protocol):
    def acquire(self) -> bool:
        """Take the lock without waiting: True if this process holds it (now or already)."""

    def release(self) -> None:
        """Give the lock up (nothing happens if it is not held)."""


class FileLock:
    """An exclusive, non-blocking ``flock`` on a file: one holder per machine.

    The file itself is left in place (deleting a lock file races with the next holder);
    while the lock is held it names the holder's process id, for people.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def __str__(self) -> str:
        return f"file lock {self.path}"

    def acquire(self) -> bool:
        if self._file is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Opened without truncating (another process may hold it), and kept open while the lock is held.
        file = open(self.path, "a+")  # noqa: SIM115
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.close()
            return False
        except BaseException:
            file.close()
            raise
        file.seek(0)
        file.truncate()
        file.write(f"{os.getpid()}\n")
        file.flush()
        self._file = file
        return True

    def release(self) -> None:
        file, self._file = self._file, None
        if file is not None:
            try:
                file.truncate(0)
                fcntl.flock(file.fileno(), fcntl.LOCK_UN)
            finally:
                file.close()


class AdvisoryLock:
    """A PostgreSQL session advisory lock, held on a connection of its own.

    The jobs' connection is closed and reopened as connections age; the lock must not go
    with it, so it lives on a separate connection that Django's connection handler does not
    know about (close_old_connections never touches it). If that connection breaks, the
    database has released the lock: the next ``acquire`` notices and tries to take it again.
    """

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias
        self._connection: BaseDatabaseWrapper | None = None

    def __str__(self) -> str:
        return f"PostgreSQL advisory lock {ADVISORY_LOCK_KEY}"

    def acquire(self) -> bool:
        if self._connection is not None:
            if self._connection.is_usable():
                return True
            logger.warning("The scheduler lock's database connection broke; taking the lock again.")
            self._close()
        connection = connections.create_connection(self.alias)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
                (taken,) = cursor.fetchone()
        except BaseException:
            connection.close()
            raise
        if not taken:
            connection.close()
            return False
        self._connection = connection
        return True

    def release(self) -> None:
        if self._connection is None:
            return
        try:
            with self._connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        except Exception:  # the connection is going anyway, and with it the lock
            logger.debug("Could not unlock the scheduler lock; closing its connection releases it.", exc_info=True)
        finally:
            self._close()

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.close()


def lock_for_database(alias: str = "default") -> SchedulerLock:
    """The lock that suits the database: PostgreSQL's advisory lock, else a file lock under TIEX_VAR_DIR."""
    if connections[alias].vendor == "postgresql":
        return AdvisoryLock(alias)
    return FileLock(Path(settings.VAR_DIR) / "scheduler.lock")


# --- The loop ----------------------------------------------------------------------------


@dataclass
class Tick:
    """What one round of the jobs did."""

    ran: bool  # False: another process holds the lock, so nothing was run here
    done: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


class Scheduler:
    def __init__(
        self,
        *,
        jobs: Mapping[str, Job] | None = None,
        interval: float | None = None,
        lock: SchedulerLock | None = None,
        parent_pid: int | None = None,
    ) -> None:
        self.jobs = dict(JOBS if jobs is None else jobs)
        self.interval = float(settings.SCHEDULER_INTERVAL if interval is None else interval)
        self.lock = lock if lock is not None else lock_for_database()
        self.parent_pid = parent_pid
        self._stopping = False
        self._holder: bool | None = None  # did the last tick hold the lock? (None: no tick yet)
        self._wake: tuple[int, int] | None = None  # a pipe written to by stop(), read by the wait

    def run_once(self) -> Tick:
        """Run every job once, in order, if this process holds (or can take) the lock."""
        close_old_connections()
        if not self.lock.acquire():
            self._note_holder(False)
            return Tick(ran=False)
        self._note_holder(True)
        tick = Tick(ran=True)
        for name, func in self.jobs.items():
            if self._stopping:
                break
            started = time.monotonic()
            try:
                func()
            except Exception:
                logger.exception("Scheduled job %s failed.", name)
                tick.failed.append(name)
            else:
                logger.debug("Scheduled job %s done in %.2f s.", name, time.monotonic() - started)
                tick.done.append(name)
            finally:
                close_old_connections()
        return tick

    def run_forever(self) -> None:
        """Run the jobs every interval until stop(), SIGTERM or SIGINT (or the parent process goes)."""
        self._stopping = False
        with self._wake_pipe(), self._signals_stop_the_loop():
            logger.info(
                "Scheduler started: %s every %g s (%s).", ", ".join(self.jobs) or "no jobs", self.interval, self.lock
            )
            try:
                while not self._stopping and not self._parent_gone():
                    try:
                        self.run_once()
                    except Exception:
                        logger.exception("The scheduler could not run its jobs; trying again in %g s.", self.interval)
                    self._wait(self.interval)
            finally:
                self.lock.release()
                logger.info("Scheduler stopped.")

    def stop(self, *_: object) -> None:
        """Stop the loop after the job running now. Safe from a signal handler or another thread."""
        self._stopping = True
        if self._wake is not None:
            with contextlib.suppress(OSError):
                os.write(self._wake[1], b"\0")

    # -- helpers --

    def _note_holder(self, holder: bool) -> None:
        if holder != self._holder:
            if holder:
                logger.info("This process (pid %s) now runs the scheduled jobs.", os.getpid())
            else:
                logger.info("Another process runs the scheduled jobs (%s is held); standing by.", self.lock)
        self._holder = holder

    def _parent_gone(self) -> bool:
        if self.parent_pid is not None and os.getppid() != self.parent_pid:
            logger.info("The process that started the scheduler (pid %s) has gone; stopping.", self.parent_pid)
            self._stopping = True
        return self._stopping

    def _wait(self, seconds: float) -> None:
        """Sleep until the next tick, waking at once when stop() is called."""
        deadline = time.monotonic() + seconds
        while not self._stopping and not self._parent_gone():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            step = min(remaining, PARENT_CHECK_SECONDS) if self.parent_pid is not None else remaining
            if self._wake is None:  # not inside run_forever
                time.sleep(step)
            elif select.select([self._wake[0]], [], [], step)[0]:
                with contextlib.suppress(OSError):
                    os.read(self._wake[0], 512)

    @contextlib.contextmanager
    def _wake_pipe(self) -> Iterator[None]:
        read, write = os.pipe()
        os.set_blocking(write, False)
        self._wake = (read, write)
        try:
            yield
        finally:
            self._wake = None
            os.close(read)
            os.close(write)

    @contextlib.contextmanager
    def _signals_stop_the_loop(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():  # only the main thread gets signals
            yield
            return
        previous: dict[signal.Signals, Any] = {}
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, self.stop)
        try:
            yield
        finally:
            for restored, handler in previous.items():
                signal.signal(restored, handler)
