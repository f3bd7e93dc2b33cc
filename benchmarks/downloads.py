"""Every download's rate against writing the same rows with Python's csv/json modules (part of `make bench`).

    python benchmarks/downloads.py --inner [--repeats N]      (run by benchmarks/run.py, once per database)

For each target of kind "download" in benchmarks/targets.py (CSV, JSON and GeoJSON files), in
one process, warm, on the database DATABASE_URL names:

(a) **Django**: the download through the whole stack with the test client (middleware, the
    view, its queries, the rows), the body read in full (streamed or not);
(b) **direct**: the same rows written with the standard library in the same process: a CSV
    body is read back with ``csv.reader`` (byte-order mark removed) and written again with
    ``csv.writer(io.StringIO(), lineterminator="\\r\\n")`` (checked to give the same text);
    a JSON or GeoJSON body is parsed and written again with ``json.dumps`` (the same data).

The two alternate (a, b, a, b ...) ``--repeats`` times after one warm-up pair; the ratio is
median (b) / median (a), budget >= 0.5 (the download at least half as fast as writing the
rows directly). The generalisation of benchmarks/partnerships_csv.py to every download.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

MIN_RATIO = 0.5
BYTE_ORDER_MARK = "\ufeff"


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _direct_writer(path: str, body: bytes) -> tuple[Any, int, bool]:
    """A function writing the body's rows with the standard library, the row count, and whether
    it writes exactly the body's text."""
    text = body.decode("utf-8")
    if path.split("?")[0].endswith(".csv"):
        plain = text.removeprefix(BYTE_ORDER_MARK)
        rows = list(csv.reader(io.StringIO(plain, newline="")))

        def write_csv() -> str:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            for row in rows:
                writer.writerow(row)
            return buffer.getvalue()

        return write_csv, max(len(rows) - 1, 0), write_csv() == plain
    data = json.loads(text)
    items = data.get("items") or data.get("features") or [] if isinstance(data, dict) else data

    def write_json() -> str:
        return json.dumps(data)

    return write_json, len(items), json.loads(write_json()) == data


def measure(paths: list[str], repeats: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client

    client = Client()
    results: dict[str, Any] = {}
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            results[path] = {"status": response.status_code}
            continue
        body = _body(response)
        direct, rows, same = _direct_writer(path, body)
        django_s: list[float] = []
        direct_s: list[float] = []
        for index in range(repeats + 1):
            started = time.perf_counter()
            response = client.get(path)
            _body(response)
            elapsed = time.perf_counter() - started
            started = time.perf_counter()
            direct()
            direct_elapsed = time.perf_counter() - started
            if index:
                django_s.append(elapsed)
                direct_s.append(direct_elapsed)
        a, b = statistics.median(django_s), statistics.median(direct_s)
        results[path] = {
            "status": 200,
            "streamed": bool(response.streaming),
            "rows": rows,
            "kb": round(len(body) / 1024, 1),
            "same_text": same,
            "django_ms": round(a * 1000, 2),
            "direct_ms": round(b * 1000, 3),
            "ratio": round(b / a, 4) if a else 0.0,
        }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Every download's rate against csv/json written directly.")
    parser.add_argument("--inner", action="store_true")
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    if not args.inner:
        raise SystemExit("run through benchmarks/run.py (make bench), which gives the paths and the database")
    print(json.dumps(measure(args.paths, args.repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
