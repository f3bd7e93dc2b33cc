"""The first view in a new worker against the warm view (part of `make bench`).

    python benchmarks/cold.py --inner PATH [--cookie NAME=VALUE] [--warm N]

Run by benchmarks/run.py once per target, each time in a **fresh process** (as a new gunicorn
worker is, or a worker after a deploy): Django is set up, one request to the bare view loads
the middleware and the URL configuration (as a worker's first request of any kind would), then
the target's first request is timed (cold: every in-process cache, kept page and compiled query
empty, as after a change of the data, since the kept pages live in the process), then ``--warm``
more (warm, the median). Budget: cold at most 3 times warm. Prints one JSON object.
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


def measure(path: str, cookie: str, warm: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client

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
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inner", action="store_true")
    parser.add_argument("path")
    parser.add_argument("--cookie", default="")
    parser.add_argument("--warm", type=int, default=15)
    args = parser.parse_args(argv)
    if not args.inner:
        raise SystemExit("run through benchmarks/run.py (make bench), which sets the database")
    print(json.dumps(measure(args.path, args.cookie, args.warm)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
