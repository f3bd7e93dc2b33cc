"""Two `make bench` results side by side, as the Markdown table docs/performance.md shows.

    python benchmarks/side_by_side.py var/bench/results-A.json var/bench/results-B.json

Each file is the raw figures one run saved (benchmarks/run.py). For every target: requests/s
and one-client p99 as ratios against the bare view of the same run, and the queries at 1x and
10x, with PASS or FAIL against the budgets of benchmarks/targets.py; then the downloads and the
first views in a fresh process, when the run measured them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from targets import MAX_COLD_VS_WARM, MAX_P99_VS_BARE, MAX_QUERIES, MIN_DOWNLOAD_VS_DIRECT, MIN_RATE_VS_BARE


def mark(ok: bool) -> str:
    return "" if ok else " FAIL"


def target_cells(run: dict[str, Any], name: str) -> list[str]:
    row = run["targets"].get(name)
    if row is None or row.get("status") != 200 or "rate" not in row:
        return ["n/a", "n/a", "n/a"]
    bare = run["bare"]
    rate = row["rate"]["requests_per_second"] / bare["rate"]["requests_per_second"]
    p99 = row["latency"]["p99_ms"] / bare["latency"]["p99_ms"]
    counts = row.get("queries") or {}
    scaled = next((key for key in counts if key != "1x"), "10x")
    q1, q10 = counts.get("1x"), counts.get(scaled)
    queries_ok = q1 is not None and q1 <= MAX_QUERIES and q1 == q10
    if name.startswith(("CSV:", "JSON:", "GeoJSON:")):
        return ["(download)", "", f"{q1} / {q10}{mark(queries_ok)}"]
    return [
        f"{rate:.2f}{mark(rate >= MIN_RATE_VS_BARE)}",
        f"{p99:.1f}x{mark(p99 <= MAX_P99_VS_BARE)}",
        f"{q1} / {q10}{mark(queries_ok)}",
    ]


def downloads(run: dict[str, Any]) -> dict[tuple[str, str], str]:
    out = {}
    for scale, rows in (run.get("downloads") or {}).items():
        for name, row in rows.items():
            ratio = row.get("ratio")
            out[(name, scale)] = "n/a" if ratio is None else f"{ratio:.2f}{mark(ratio >= MIN_DOWNLOAD_VS_DIRECT)}"
    return out


def cold(run: dict[str, Any]) -> dict[str, str]:
    out = {}
    for name, row in (run.get("cold") or {}).items():
        ratio = row.get("ratio")
        out[name] = "n/a" if ratio is None else f"{ratio:.1f}x{mark(ratio <= MAX_COLD_VS_WARM)}"
    return out


def describe(run: dict[str, Any]) -> str:
    bare = run["bare"]
    return (
        f"{run['database']}, {run['when']} ({run['machine']}): bare view "
        f"{bare['rate']['requests_per_second']:.0f} requests/s, p99 {bare['latency']['p99_ms']:.2f} ms"
    )


def table(left: dict[str, Any], right: dict[str, Any]) -> str:
    a, b = left["database"], right["database"]
    lines = [
        f"- {describe(left)}",
        f"- {describe(right)}",
        "",
        f"| target | {a}: req/s vs bare | {a}: p99 vs bare | {a}: queries 1x / 10x "
        f"| {b}: req/s vs bare | {b}: p99 vs bare | {b}: queries 1x / 10x |",
        "|---|---|---|---|---|---|---|",
    ]
    names = list(dict.fromkeys([*left["targets"], *right["targets"]]))
    for name in names:
        cells = target_cells(left, name) + target_cells(right, name)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    down_a, down_b = downloads(left), downloads(right)
    if down_a or down_b:
        lines += [
            "",
            f"| download | data | {a}: vs csv/json directly | {b}: vs csv/json directly |",
            "|---|---|---|---|",
        ]
        for name, scale in dict.fromkeys([*down_a, *down_b]):
            lines.append(
                f"| {name} | {scale} | {down_a.get((name, scale), 'n/a')} | {down_b.get((name, scale), 'n/a')} |"
            )
    cold_a, cold_b = cold(left), cold(right)
    if cold_a or cold_b:
        lines += ["", f"| first view in a fresh process | {a}: vs warm | {b}: vs warm |", "|---|---|---|"]
        for name in dict.fromkeys([*cold_a, *cold_b]):
            lines.append(f"| {name} | {cold_a.get(name, 'not measured')} | {cold_b.get(name, 'not measured')} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        raise SystemExit(__doc__)
    left, right = (json.loads(Path(path).read_text()) for path in args)
    print(table(left, right))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
