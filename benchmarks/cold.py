"""The first view in a new worker against the warm view (part of `make bench`).

    python benchmarks/cold.py --inner PATH [--cookie NAME=VALUE] [--warm N] [--no-warm-up]

Run by benchmarks/run.py once per target, each time in a **fresh process**, set up as a new
gunicorn worker is (or a worker after a deploy): Django is set up, then the worker's warm-up
(``tiex.core.warmup.warm``, which config/gunicorn.py's ``post_worker_init`` hook runs before a
worker takes requests, unless TIEX_WARM_WORKERS=false; ``--no-warm-up`` leaves it out, to
measure a worker without it) compiles the templates, builds the URL resolvers and imports the
project's modules, then one request to the bare view loads the middleware (as a worker's first
request of any kind would), then the target's first request is timed (cold: every kept page and
in-process cache of data empty, as after a change of the data, since the kept pages live in the
process and the warm-up builds none), then ``--warm`` more (warm, the median). Budget: cold at
most 3 times warm. Prints one JSON object, with the warm-up's seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
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


def measure(path: str, cookie: str, warm: int, warm_up: bool = True) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client

    from tiex.core.warmup import warm as warm_up_worker

    started = time.perf_counter()
    if warm_up:
        warm_up_worker()  # as config/gunicorn.py's post_worker_init does, before any request
    warm_up_s = time.perf_counter() - started

    client = Client()
    if cookie:
        name, _, value = cookie.partition("=")
        client.cookies[name] = value
    client.get(BARE_PATH)
    started = time.perf_counter()
    response = client.get(path)
    _read(response)
    cold = time.perf_counter() - started
    times = []
    for _ in range(warm):
        started = time.perf_counter()
        _read(client.get(path))
        times.append(time.perf_counter() - started)
    warm_s = statistics.median(times)
    return {
        "status": response.status_code,
        "cold_ms": round(cold * 1000, 2),
        "warm_ms": round(warm_s * 1000, 3),
        "ratio": round(cold / warm_s, 2) if warm_s else 0.0,
        "warm_up_s": round(warm_up_s, 2) if warm_up else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inner", action="store_true")
    parser.add_argument("path")
    parser.add_argument("--cookie", default="")
    parser.add_argument("--warm", type=int, default=15)
    parser.add_argument("--no-warm-up", action="store_true", help="leave out the worker's warm-up")
    args = parser.parse_args(argv)
    if not args.inner:
        raise SystemExit("run through benchmarks/run.py (make bench), which sets the database")
    print(json.dumps(measure(args.path, args.cookie, args.warm, warm_up=not args.no_warm_up)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
