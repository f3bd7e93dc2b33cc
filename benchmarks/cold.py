"""The first view after a change, and in a new worker, against the warm view (part of `make bench`).

    python benchmarks/cold.py --inner PATH [--cookie NAME=VALUE] [--warm N] [--host H] [--no-warm-up]

Run by benchmarks/run.py once per target, each time in a **fresh process** set up as a new
gunicorn worker is: Django is set up, then the worker's warm-up (``tiex.core.warmup.warm``, as
config/gunicorn.py's ``post_worker_init`` runs it; ``--no-warm-up`` leaves it out), then one
request to the bare view loads the middleware. Every request goes through the whole stack
with the host a visitor would send (``--host``, by default the first of ALLOWED_HOSTS that is
not a wildcard or ``testserver``), so the public response cache's shared tier
(``var/cache/responses``, or Redis) is read and written as on the site. Then, timed:

1. ``new_worker_ms``: the target's first view in this process (a hit if another process left
   it kept under the current state in the shared tier, else a render: ``new_worker``).
2. A second view, so it is kept and counted as visited (``tiex.core.refill``).
3. **A change**: the site's state moves, as after any committed write of content.
   ``unfilled_ms``: the next view, before anything has drawn the page again (what a visitor
   who arrives before the refill has finished waits for: a render, with the code warm).
4. **Another change, then the refill** as the task worker runs it (``tiex.core.refill.refill``,
   decision 0015), in a separate process like the worker (after the warm-up, untimed: the
   worker is long-running); ``refill_s`` is how long the refill took there (the worker also
   waits up to its poll interval, 1 s, before it starts).
   ``cold_ms``: the next view, the first after the change once the refill has run; this process
   kept only the copy from before the change, so it is answered from the shared tier.
5. ``warm_ms``: the median of ``--warm`` more views: answered from this process's kept copy
   (one query for the state and a copy) for a public page, rendered for a signed-in one.

Budget: ``cold_ms`` at most 3 times ``warm_ms``. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

MAX_COLD_VS_WARM = 3.0
BARE_PATH = "/bench/bare/"


def _read(response: Any) -> None:
    if response.streaming:
        b"".join(response.streaming_content)


def _host() -> str:
    from django.conf import settings

    hosts = [host for host in settings.ALLOWED_HOSTS if host not in ("*", "testserver") and not host.startswith(".")]
    return hosts[0] if hosts else "127.0.0.1"


def _change() -> None:
    """Move the site's state, as a committed write of content does (the same UPDATE); the
    refill is run by this script (step 4), not queued for a worker."""
    from django.db.models import F
    from django.utils import timezone

    from tiex.core.models import SiteState

    if not SiteState.objects.filter(pk=1).update(generation=F("generation") + 1, changed_at=timezone.now()):
        SiteState.objects.create(pk=1, generation=1, changed_at=timezone.now())


def _refill_elsewhere() -> dict[str, Any]:
    """The refill in another process, as the task worker runs it."""
    command = [sys.executable, str(Path(__file__).resolve()), "--inner-refill"]
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=dict(os.environ))  # noqa: S603
    return json.loads(out.stdout.strip().splitlines()[-1])


def refill_once() -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from tiex.core import refill
    from tiex.core.warmup import warm

    warm()  # untimed: the task worker is long-running, its code loaded by earlier tasks
    started = time.perf_counter()
    drawn = refill.refill()
    return {"drawn": drawn, "seconds": round(time.perf_counter() - started, 3)}


def _timed(client: Any, path: str) -> tuple[float, Any]:
    started = time.perf_counter()
    response = client.get(path)
    _read(response)
    return time.perf_counter() - started, response


def measure(path: str, cookie: str, warm: int, warm_up: bool = True, host: str = "") -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client

    from tiex.core import refill
    from tiex.core.response_cache import STATUS_HEADER
    from tiex.core.warmup import warm as warm_up_worker

    started = time.perf_counter()
    if warm_up:
        warm_up_worker()  # as config/gunicorn.py's post_worker_init does, before any request
    warm_up_s = time.perf_counter() - started

    client = Client(HTTP_HOST=host or _host())
    if cookie:
        name, _, value = cookie.partition("=")
        client.cookies[name] = value
    client.get(BARE_PATH)
    new_worker, first = _timed(client, path)
    _timed(client, path)
    refill.flush()  # this process's count of visits, into the shared tier (every 30 s on the site)

    _change()
    unfilled, _ = _timed(client, path)

    _change()
    filled = _refill_elsewhere()
    cold, response = _timed(client, path)

    times = [_timed(client, path)[0] for _ in range(warm)]
    warm_s = statistics.median(times)
    return {
        "status": response.status_code,
        "cold_ms": round(cold * 1000, 2),
        "cold_cache": response.get(STATUS_HEADER, "none"),
        "warm_ms": round(warm_s * 1000, 3),
        "ratio": round(cold / warm_s, 2) if warm_s else 0.0,
        "unfilled_ms": round(unfilled * 1000, 2),
        "unfilled_ratio": round(unfilled / warm_s, 2) if warm_s else 0.0,
        "refill_s": filled["seconds"],
        "refill_drawn": filled["drawn"],
        "new_worker_ms": round(new_worker * 1000, 2),
        "new_worker": first.get(STATUS_HEADER, "none"),
        "warm_up_s": round(warm_up_s, 2) if warm_up else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inner", action="store_true")
    parser.add_argument("--inner-refill", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", default="")
    parser.add_argument("--host", default="", help="the Host header (default: the first of ALLOWED_HOSTS)")
    parser.add_argument("--cookie", default="")
    parser.add_argument("--warm", type=int, default=15)
    parser.add_argument("--no-warm-up", action="store_true", help="leave out the worker's warm-up")
    args = parser.parse_args(argv)
    if args.inner_refill:
        print(json.dumps(refill_once()))
        return 0
    if not args.inner or not args.path:
        raise SystemExit("run through benchmarks/run.py (make bench), which sets the database")
    print(json.dumps(measure(args.path, args.cookie, args.warm, warm_up=not args.no_warm_up, host=args.host)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
