"""The Shared Services Map's CSV download rate (part of `make bench`).

    python benchmarks/partnerships_csv.py [--repeats N] [--data 1x,10x] [--scale F] [--rebuild]

Issue 10 asks for "the CSV download at least 0.5 of the rate of writing the same rows with
Python's csv module directly". Measured here, in-process and warm, on the benchmark databases
of benchmarks/run.py (var/bench/tiex-1x.sqlite3: `tiex bootstrap`, which loads the demo
partnerships, about 658; tiex-10x.sqlite3: every partnership copied 9 more times with its
councils, categories and savings, django_side.py ``scale_partnerships``):

(a) **Django**: ``GET /shared-services/download.csv`` through the whole stack with the test
    client (middleware, the view, its queries, the rows, ``csv_response``), the body consumed;
    rows/s = the data rows in that body / the time.
(b) **csv.writer**: exactly the same rows, written directly: the response body is read back
    with ``csv.reader`` (the byte-order mark removed), so (b) writes the header and every row
    with the same 24 columns and the same cell text, already strings, with
    ``csv.writer(io.StringIO(), lineterminator="\\r\\n")``; the text it writes is checked to
    equal the body. rows/s = the same row count / the time.

The two are interleaved (a, b, a, b, ...) ``--repeats`` times after one warm-up of each; the
figures are the medians, and the verdict is median (a) / median (b) against 0.5. Figures,
never a test. Saved in var/bench/partnerships-csv-results.json.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

PATH = "/shared-services/download.csv"
MIN_RATIO = 0.5
BYTE_ORDER_MARK = "\ufeff"


def log(message: str) -> None:
    print(f"[bench:partnerships-csv] {message}", file=sys.stderr, flush=True)


# --- Inside Django (a subprocess per database) -------------------------------------------


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def measure(repeats: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client

    from tiex.partnerships.models import Partnership

    client = Client()
    response = client.get(PATH)  # warm-up: templates, the vocabulary, connections
    if response.status_code != 200:
        raise SystemExit(f"{PATH} answered {response.status_code}")
    text = _body(response).decode("utf-8")
    if not text.startswith(BYTE_ORDER_MARK):
        raise SystemExit(f"{PATH} has no byte-order mark")
    rows = list(csv.reader(io.StringIO(text[len(BYTE_ORDER_MARK) :], newline="")))
    header, data = rows[0], rows[1:]

    def direct() -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        for row in data:
            writer.writerow(row)
        return buffer.getvalue()

    if BYTE_ORDER_MARK + direct() != text:
        raise SystemExit("csv.writer did not write the same text as the download: the comparison would be unfair")

    django_seconds: list[float] = []
    direct_seconds: list[float] = []
    for index in range(repeats + 1):
        started = time.perf_counter()
        body = _body(client.get(PATH))
        elapsed = time.perf_counter() - started
        if len(body) != len(text.encode("utf-8")):
            raise SystemExit(f"{PATH} changed between requests")
        started = time.perf_counter()
        direct()
        direct_elapsed = time.perf_counter() - started
        if index:  # the first pair warms up
            django_seconds.append(elapsed)
            direct_seconds.append(direct_elapsed)
    django_s, direct_s = statistics.median(django_seconds), statistics.median(direct_seconds)
    return {
        "partnerships": Partnership.objects.count(),
        "rows": len(data),
        "columns": len(header),
        "kb": round(len(text.encode("utf-8")) / 1024, 1),
        "repeats": repeats,
        "django_ms": round(django_s * 1000, 2),
        "direct_ms": round(direct_s * 1000, 3),
        "django_rows_per_s": round(len(data) / django_s),
        "direct_rows_per_s": round(len(data) / direct_s),
        "ratio": round(direct_s / django_s, 4),
    }


# --- The driver --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The partnerships CSV download's rate against csv.writer.")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--data", default="1x,10x")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        print(json.dumps(measure(args.repeats)))
        return 0

    import run as bench

    databases = bench.databases(args.scale, args.rebuild)
    results: dict[str, Any] = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "data": {},
    }
    for name in [part.strip() for part in args.data.split(",") if part.strip()]:
        database = databases.get(name)
        if database is None:
            raise SystemExit(f"no {name} data (have {', '.join(databases)})")
        log(f"{name}: {PATH} through Django and the same rows through csv.writer, {args.repeats} times each ...")
        output = bench.run(
            [bench.PYTHON, str(Path(__file__).resolve()), "--inner", "--repeats", str(args.repeats)],
            bench.environment(database),
            capture=True,
        )
        results["data"][name] = json.loads(output.strip().splitlines()[-1])
    (bench.WORK / "partnerships-csv-results.json").write_text(json.dumps(results, indent=2))
    print(f"Partnerships CSV download, {results['when']} on {results['machine']}")
    for name, figures in results["data"].items():
        print(
            f"{name}: {PATH}, {figures['rows']} rows x {figures['columns']} columns ({figures['kb']} KB), "
            f"median of {figures['repeats']}: "
            f"Django {figures['django_ms']} ms = {figures['django_rows_per_s']:,} rows/s; "
            f"csv.writer {figures['direct_ms']} ms = {figures['direct_rows_per_s']:,} rows/s; "
            f"ratio {figures['ratio']:.3f} (>= {MIN_RATIO}) {bench.verdict(figures['ratio'] >= MIN_RATIO)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
