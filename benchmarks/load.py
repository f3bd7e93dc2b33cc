"""A small HTTP load driver: N clients, each on one keep-alive connection, bounded in requests and time.

    python benchmarks/load.py URL [--clients N] [--seconds S] [--max-requests R] [--warmup W] [--cookie C]

Prints one JSON object: requests, errors, seconds, requests_per_second, p50_ms, p99_ms,
max_ms, status codes. Only loopback addresses are accepted: this is for benchmarking a
server on this machine, never anything else. ``--cookie`` sends a Cookie header (the
benchmark participant's session, for pages that need someone signed in).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, math.ceil(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


class Client(threading.Thread):
    def __init__(
        self,
        host: str,
        port: int,
        target: str,
        deadline: float,
        budget: list[int],
        lock: threading.Lock,
        cookie: str = "",
    ):
        super().__init__(daemon=True)
        self.cookie = cookie
        self.host, self.port, self.target = host, port, target
        self.deadline, self.budget, self.lock = deadline, budget, lock
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.errors = 0

    def _take(self) -> bool:
        with self.lock:
            if self.budget[0] <= 0:
                return False
            self.budget[0] -= 1
            return True

    def run(self) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        headers = {"Accept-Encoding": "gzip", "User-Agent": "tiex-bench"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        while time.perf_counter() < self.deadline and self._take():
            started = time.perf_counter()
            try:
                connection.request("GET", self.target, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                self.errors += 1
                connection.close()
                connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
                continue
            self.latencies.append(time.perf_counter() - started)
            self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
        connection.close()


def drive(url: str, clients: int, seconds: float, max_requests: int, cookie: str = "") -> dict[str, object]:
    parts = urlsplit(url)
    if parts.hostname not in LOOPBACK:
        raise SystemExit(f"refusing to load {parts.hostname}: benchmarks only target this machine (loopback)")
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    budget, lock = [max_requests], threading.Lock()
    started = time.perf_counter()
    threads = [
        Client(parts.hostname, parts.port or 80, target, started + seconds, budget, lock, cookie)
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(value for thread in threads for value in thread.latencies)
    statuses: dict[str, int] = {}
    for thread in threads:
        for status, count in thread.statuses.items():
            statuses[str(status)] = statuses.get(str(status), 0) + count
    return {
        "url": url,
        "clients": clients,
        "requests": len(latencies),
        "errors": sum(thread.errors for thread in threads),
        "statuses": statuses,
        "seconds": round(elapsed, 3),
        "requests_per_second": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2) if latencies else float("nan"),
        "max_ms": round(latencies[-1] * 1000, 2) if latencies else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--warmup", type=int, default=20, help="requests sent first and not counted")
    parser.add_argument("--cookie", default="", help="a Cookie header to send (name=value)")
    args = parser.parse_args(argv)
    if args.warmup:
        drive(args.url, 1, 5.0, args.warmup, args.cookie)
    print(json.dumps(drive(args.url, args.clients, args.seconds, args.max_requests, args.cookie)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
