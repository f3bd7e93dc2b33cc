"""The Shared Services Map's benchmark (part of `make bench`): drawing 1,000 partnerships in
headless Chromium, and the map page's weight.

    python benchmarks/map.py [--partnerships N] [--runs R]

1. Uses the 1x benchmark database (var/bench/tiex-1x.sqlite3; `tiex bootstrap` when there
   is none), runs collectstatic and starts `tiex serve` on a free loopback port, as
   benchmarks/run.py does.
2. Weighs /shared-services/ with the CSS and JavaScript it loads, gzipped (run.py's
   ``weigh``): the page "before boundaries", since the boundaries file is fetched by the
   map's JavaScript after the partnerships are drawn. Budget: 150 KB.
3. Generates N partnerships (default 1,000) in the GeoJSON format of
   /shared-services/download.geojson (docs/partnerships.md): each between a current
   council and one to three of its nearest neighbours, their centroids from the database.
   Chromium (Playwright, /usr/bin/chromium) opens the map page R+1 times with that answer
   in place of the download (the first load warms the caches and is not counted) and reads
   map.js's performance measures: ``ssm-map-draw`` (from the parsed data to every marker on
   the map, the markers that would overlap grouped) and ``ssm-map-draw-painted`` (to the
   first frame after it). Budget: p95 of the draw at most 150 ms.
4. Prints the figures with PASS/MISS and saves them in var/bench/map-results.json. Figures,
   never a test.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import random
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402

PAGE = "/shared-services/"
MAX_DRAW_P95_MS = 150.0
MAX_PAGE_KB_GZIPPED = 150.0
SEED = 20261127
CHROMIUM = Path("/usr/bin/chromium")
KINDS = {
    "shared_service": "Shared service",
    "shared_management": "Shared management team or chief executive",
    "co_procurement": "Co-procurement",
}


def log(message: str) -> None:
    print(f"[bench:map] {message}", file=sys.stderr, flush=True)


def base_database() -> Path:
    database = bench.WORK / "tiex-1x.sqlite3"
    if not database.exists():
        log("no 1x benchmark database: running tiex bootstrap (a few minutes) ...")
        bench.WORK.mkdir(parents=True, exist_ok=True)
        bench.run([*bench.TIEX, "bootstrap"], bench.environment(database))
    return database


def councils(database: Path) -> list[tuple[str, str, float, float]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT coalesce(gss_code, la_code), name, longitude, latitude FROM councils_council "
            "WHERE is_current AND nation = 'England' AND latitude IS NOT NULL AND longitude IS NOT NULL"
        ).fetchall()
    return [(code, name, float(lon), float(lat)) for code, name, lon, lat in rows]


def generated(places: list[tuple[str, str, float, float]], count: int) -> dict[str, Any]:
    """``count`` partnerships in the download's GeoJSON shape, between neighbouring councils."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible data, not secrets

    def distance(a: tuple[str, str, float, float], b: tuple[str, str, float, float]) -> float:
        return math.hypot((a[2] - b[2]) * 0.6, a[3] - b[3])

    nearest = {place[0]: sorted(places, key=lambda other: distance(place, other))[1:6] for place in places}
    features = []
    for number in range(1, count + 1):
        first = rng.choice(places)
        members = [first, *rng.sample(nearest[first[0]], rng.randint(1, 3))]
        kind = rng.choice(list(KINDS))
        in_year = rng.choice([0, rng.randrange(10_000, 2_000_000, 1_000)])
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "MultiPoint", "coordinates": [[lon, lat] for _, _, lon, lat in members]},
                "properties": {
                    "id": number,
                    "reference": f"BENCH-{number:05d}",
                    "name": f"{first[1]} and partners {kind.replace('_', ' ')} {number}",
                    "kind": kind,
                    "kind_label": KINDS[kind],
                    "status": "operational",
                    "status_label": "Operational",
                    "url": f"/shared-services/{number}/",
                    "councils": [{"gss": code, "name": name, "current": True} for code, name, _, _ in members],
                    "savings_in_year_gbp": in_year,
                    "savings_to_date_gbp": in_year * rng.randint(1, 6),
                    "is_demo": True,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def draw_times(port: int, body: str, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    draws: list[float] = []
    painted: list[float] = []
    markers = targets = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route(
                "**/shared-services/download.geojson*",
                lambda route: route.fulfill(status=200, content_type="application/geo+json", body=body),
            )
            for index in range(runs + 1):
                page.goto(f"http://127.0.0.1:{port}{PAGE}")
                page.locator("[data-ssm-map][data-ssm-drawn]").wait_for(timeout=30_000)
                figures = page.evaluate(
                    """() => ({
                      draw: performance.getEntriesByName("ssm-map-draw")[0].duration,
                      painted: performance.getEntriesByName("ssm-map-draw-painted")[0].duration,
                      markers: Number(document.querySelector("[data-ssm-map]").dataset.ssmDrawn),
                      targets: document.querySelectorAll("[data-ssm-id], [data-ssm-group]").length,
                    })"""
                )
                if index:  # the first load warms the caches
                    draws.append(figures["draw"])
                    painted.append(figures["painted"])
                markers, targets = figures["markers"], figures["targets"]
        finally:
            browser.close()
    return {
        "runs": runs,
        "markers": markers,
        "targets": targets,
        "draw_ms": {"p50": statistics.median(draws), "p95": percentile(draws, 0.95), "all": draws},
        "painted_ms": {"p50": statistics.median(painted), "p95": percentile(painted, 0.95), "all": painted},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The Shared Services Map: draw time and page weight.")
    parser.add_argument("--partnerships", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        log(f"SKIPPED: no Chromium at {CHROMIUM}")
        return 0
    database = base_database()
    bench.run([*bench.TIEX, "manage", "collectstatic", "--no-input", "--verbosity", "0"], bench.environment(database))
    body = json.dumps(generated(councils(database), args.partnerships), separators=(",", ":"))
    started = time.perf_counter()
    with bench.server(database) as port:
        weight = bench.weigh(port, PAGE)
        _, _, boundaries_html = bench.get(port, PAGE)
        marker = 'data-boundaries-url="'
        text = boundaries_html.decode()
        boundaries_path = text[text.index(marker) + len(marker) :].split('"', 1)[0].replace("&amp;", "&")
        boundaries = bench.gzipped(bench.get(port, boundaries_path)[2])
        log(f"drawing {args.partnerships} partnerships {args.runs + 1} times in Chromium ...")
        times = draw_times(port, body, args.runs)
    results = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "partnerships": args.partnerships,
        "geojson_kb_gzipped": round(bench.gzipped(body.encode()) / 1024, 1),
        "page": weight,
        "boundaries_kb_gzipped": round(boundaries / 1024, 1),
        "draw": times,
        "seconds": round(time.perf_counter() - started, 1),
    }
    (bench.WORK / "map-results.json").write_text(json.dumps(results, indent=2))
    draw, painted = times["draw_ms"], times["painted_ms"]
    print(f"Shared Services Map, {results['when']} on {results['machine']}")
    print(
        f"Map page {PAGE}: {weight['kb_gzipped']} KB gzipped with CSS+JS, before boundaries "
        f"(<= {MAX_PAGE_KB_GZIPPED:.0f}) {bench.verdict(weight['kb_gzipped'] <= MAX_PAGE_KB_GZIPPED)}; "
        f"parts (bytes gzipped): {weight['parts_bytes']}"
    )
    print(
        f"Loaded after the draw: boundaries {results['boundaries_kb_gzipped']} KB gzipped; "
        f"the {args.partnerships} partnerships' GeoJSON {results['geojson_kb_gzipped']} KB gzipped."
    )
    print(
        f"Draw {times['markers']} partnerships as {times['targets']} targets (overlapping markers grouped), "
        f"{args.runs} runs: p50 {draw['p50']:.1f} ms, "
        f"p95 {draw['p95']:.1f} ms (<= {MAX_DRAW_P95_MS:.0f}) {bench.verdict(draw['p95'] <= MAX_DRAW_P95_MS)}; "
        f"to the next frame: p50 {painted['p50']:.1f} ms, p95 {painted['p95']:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
