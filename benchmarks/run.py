"""tiex benchmarks (`make bench` or `tiex bench`): figures with their budgets beside them (PASS/FAIL).

    python benchmarks/run.py [--quick] [--seconds S] [--clients N] [--scale F] [--rebuild]
                             [--no-cold] [--keep-databases]

DATABASE_URL=postgres://.../tiex_NAME runs the same on PostgreSQL (benchmarks/pg.py: the
databases are created for the run and dropped after it unless --keep-databases).

1. Builds the benchmark databases under var/bench/: 1x is a fresh migrate plus the
   reference data import (`tiex bootstrap`, cached until migrations or datasets.toml
   change); 10x (--scale) copies it and multiplies every council with its rows, and
   every Exchange resource.
2. Counts SQL queries per target at 1x and 10x, in-process with CaptureQueriesContext.
3. Starts gunicorn (`tiex serve`) on a free loopback port against the 1x database with
   TIEX_BENCH=1, which adds a bare Django view as the baseline.
4. Weighs each page with its CSS and JS, gzipped, and lists third-party or font requests.
5. Drives load from a second process (benchmarks/load.py): requests/s with N clients,
   p50 and p99 latency with one client, bounded in requests and seconds.
6. Measures every download against writing its rows with csv/json directly, at 1x and
   10x (benchmarks/downloads.py), and each target's first view in a fresh process, after the
   warm-up a new gunicorn worker runs (tiex/core/warmup.py), against its warm view
   (benchmarks/cold.py).
7. Prints tables with each budget beside the figure (PASS/FAIL): every budget is a ratio
   against something measured in the same run, never an absolute time (the machines' absolute
   figures move by more than the budgets). Saves the raw figures as JSON in var/bench/. The
   budgets are in benchmarks/targets.py.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import http.client
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import pg  # noqa: E402
from targets import (  # noqa: E402
    BARE_PATH,
    MAX_COLD_VS_WARM,
    MAX_P99_VS_BARE,
    MAX_PAGE_KB_GZIPPED,
    MAX_QUERIES,
    MIN_DOWNLOAD_VS_DIRECT,
    MIN_RATE_VS_BARE,
    TARGETS,
)

from tiex.core.backups import backup_sqlite  # noqa: E402

WORK = ROOT / "var" / "bench"
PYTHON = sys.executable
TIEX = [PYTHON, "-m", "tiex.cli"]
WORKERS, THREADS = 2, 4


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def environment(database: Path | str, **extra: str) -> dict[str, str]:
    """The environment of a Django process on ``database``: a SQLite file, or a database URL."""
    url = database if isinstance(database, str) and "://" in database else f"sqlite:///{database}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": url,
        "TIEX_VAR_DIR": str(WORK),
        "TIEX_DEBUG": "false",
        "TIEX_LOG_LEVEL": "WARNING",
    }
    env.pop("TIEX_BENCH", None)
    env.update(extra)
    return env


def run(command: list[str], env: dict[str, str], *, capture: bool = False) -> str:
    result = subprocess.run(command, env=env, cwd=ROOT, check=False, text=True, capture_output=capture)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or "")[-3000:] if capture else ""
        raise SystemExit(f"bench: {' '.join(command)} failed with exit code {result.returncode}\n{detail}")
    return result.stdout if capture else ""


# --- Databases -----------------------------------------------------------------------


def _data_key() -> str:
    """Changes whenever the schema or the reference data definition changes."""
    digest = hashlib.sha256()
    files = [
        *sorted(ROOT.glob("tiex/*/migrations/*.py")),
        ROOT / "tiex/core/datasets.toml",
        *sorted(ROOT.glob("tiex/*/importers*.py")),
        *sorted(ROOT.glob("tiex/*/importers/*.py")),
    ]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def databases(scale: int, rebuild: bool, url: str = "") -> dict[str, Any]:
    """The 1x and scaled databases: SQLite files under var/bench/, or PostgreSQL databases
    when ``url`` is a postgres:// URL (benchmarks/pg.py)."""
    WORK.mkdir(parents=True, exist_ok=True)
    if pg.is_postgres(url):
        key = hashlib.sha256((_data_key() + (HERE / "django_side.py").read_text()).encode()).hexdigest()
        return pg.databases(
            url,
            scale,
            rebuild,
            key,
            WORK,
            bootstrap=lambda db: log("bootstrapped" + run([*TIEX, "bootstrap"], environment(db), capture=True)[-80:]),
            scale_up=lambda db: log(
                "scaled: "
                + run([PYTHON, str(HERE / "django_side.py"), "scale", str(scale)], environment(db), capture=True)
            ),
            log=log,
        )
    base, stamp = WORK / "tiex-1x.sqlite3", WORK / "tiex-1x.key"
    scaled, scaled_stamp = WORK / f"tiex-{scale}x.sqlite3", WORK / f"tiex-{scale}x.key"
    key = _data_key()
    if rebuild or not base.exists() or not stamp.exists() or stamp.read_text() != key:
        log("building the 1x database: migrate and import the reference data (tiex bootstrap) ...")
        _remove_database(base)
        started = time.perf_counter()
        run([*TIEX, "bootstrap"], environment(base))
        stamp.write_text(key)
        log(f"1x database ready in {time.perf_counter() - started:.0f} s")
    # The larger data set also depends on how it is made.
    key = hashlib.sha256((key + (HERE / "django_side.py").read_text()).encode()).hexdigest()
    if rebuild or not scaled.exists() or not scaled_stamp.exists() or scaled_stamp.read_text() != key:
        log(f"building the {scale}x database: every council copied {scale - 1} more times with its rows ...")
        _remove_database(scaled)
        backup_sqlite(base, scaled)
        scaled_counts = run(
            [PYTHON, str(HERE / "django_side.py"), "scale", str(scale)], environment(scaled), capture=True
        )
        log(f"{scale}x database ready: {scaled_counts.strip()}")
        scaled_stamp.write_text(key)
    return {"1x": base, f"{scale}x": scaled}


def query_counts(database: Path | str) -> dict[str, Any]:
    """Each target's queries when it is rendered: with the public response cache off, since a kept
    response costs one query whatever the page does, and the count is there to find N+1 queries."""
    env = environment(database, TIEX_PUBLIC_CACHE="false")
    output = run([PYTHON, str(HERE / "django_side.py"), "queries"], env, capture=True)
    return json.loads(output.strip().splitlines()[-1])


# --- The server ----------------------------------------------------------------------


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(port: int, path: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"User-Agent": "tiex-bench", **({"Cookie": cookie} if cookie else {})}
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def server(database: Path | str) -> Any:
    port = free_port()
    env = environment(database, TIEX_BENCH="1")
    log_file = (WORK / "server.log").open("w")
    command = [*TIEX, "serve", "--port", str(port), "--workers", str(WORKERS), "--threads", str(THREADS)]
    process = subprocess.Popen(  # noqa: S603
        command, env=env, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if get(port, "/healthz")[0] == 200 and get(port, BARE_PATH)[0] == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"bench: the server did not start; see {WORK / 'server.log'}")
            time.sleep(0.2)
        log(f"gunicorn is serving on 127.0.0.1:{port} ({WORKERS} workers x {THREADS} threads)")
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log_file.close()


# --- Page weight ---------------------------------------------------------------------


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in values.get("rel", "").split():
            self.styles.append(values.get("href", ""))
        if tag == "script" and values.get("src"):
            self.scripts.append(values["src"])
        for name in ("src", "href", "srcset", "action", "data"):
            if values.get(name):
                self.references.append(values[name])


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def weigh(port: int, path: str, cookie: str = "") -> dict[str, Any]:
    status, _, html = get(port, path, cookie)
    parser = _Assets()
    parser.feed(html.decode("utf-8", "replace"))
    base = f"http://127.0.0.1:{port}{path}"
    total = gzipped(html)
    parts = {"html": gzipped(html)}
    third_party = [ref for ref in parser.references if urlsplit(urljoin(base, ref)).hostname not in {"127.0.0.1", None}]
    # Links to other sites are fine; requests the page makes by itself (CSS, JS, images) are not.
    loaded = parser.styles + parser.scripts
    third_party_requests = [ref for ref in loaded if urlsplit(urljoin(base, ref)).hostname != "127.0.0.1"]
    fonts = []
    for kind, refs in (("css", parser.styles), ("js", parser.scripts)):
        for ref in refs:
            url = urlsplit(urljoin(base, ref))
            if url.hostname != "127.0.0.1":
                continue
            _, _, body = get(port, url.path)
            parts[f"{kind}:{Path(url.path).name}"] = gzipped(body)
            total += gzipped(body)
            text = body.decode("utf-8", "replace")
            if kind == "css" and ("@font-face" in text or ".woff" in text):
                fonts.append(url.path)
            if kind == "js" and "import " in text:  # follow one level of ES module imports
                for line in text.split(";"):
                    if line.strip().startswith("import") and " from " in line:
                        module = line.split(" from ")[-1].strip().strip("\"'")
                        module_url = urlsplit(urljoin(urljoin(base, ref), module))
                        if module_url.hostname == "127.0.0.1":
                            module_body = get(port, module_url.path)[2]
                            parts[f"js:{Path(module_url.path).name}"] = gzipped(module_body)
                            total += gzipped(module_body)
    return {
        "status": status,
        "kb_gzipped": round(total / 1024, 1),
        "parts_bytes": parts,
        "third_party_requests": third_party_requests,
        "third_party_links": len(third_party),
        "fonts": fonts,
    }


# --- Load ----------------------------------------------------------------------------


def load(port: int, path: str, clients: int, seconds: float, max_requests: int, cookie: str = "") -> dict[str, Any]:
    command = [
        PYTHON,
        str(HERE / "load.py"),
        f"http://127.0.0.1:{port}{path}",
        "--clients",
        str(clients),
        "--seconds",
        str(seconds),
        "--max-requests",
        str(max_requests),
        *(["--cookie", cookie] if cookie else []),
    ]
    return json.loads(run(command, dict(os.environ), capture=True).strip().splitlines()[-1])


# --- Report --------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(results: dict[str, Any], scale_name: str) -> str:
    bare = results["bare"]
    bare_rate = bare["rate"]["requests_per_second"]
    bare_p99 = bare["latency"]["p99_ms"]
    p99_budget = MAX_P99_VS_BARE * bare_p99
    lines = [
        f"tiex benchmarks, {results['when']} on {results['machine']}",
        f"Server: gunicorn {WORKERS} workers x {THREADS} threads, {results['database']}, 1x data; "
        f"load from a separate Python process: {results['clients']} clients for requests/s, 1 client for latency.",
        f"Bare Django view ({BARE_PATH}): {bare_rate:.0f} requests/s, p50 {bare['latency']['p50_ms']:.2f} ms, "
        f"p99 {bare_p99:.2f} ms at one client (the means of a run before and after the targets).",
        "",
        f"| target | req/s | vs bare (>= {MIN_RATE_VS_BARE}) | p50 ms | p99 ms (<= {MAX_P99_VS_BARE:g} x bare "
        f"= {p99_budget:.2f}) | queries 1x / {scale_name} (<= {MAX_QUERIES}, same) "
        f"| KB gzipped with CSS+JS (<= {MAX_PAGE_KB_GZIPPED:.0f}) |",
        "|---|---:|---|---:|---|---|---|",
    ]
    failures = 0
    for target in TARGETS:
        row = results["targets"][target.name]
        if row.get("unavailable"):
            lines.append(f"| {target.name} | not available in this version ({row['unavailable']}) ||||||")
            continue
        rate = row["rate"]["requests_per_second"]
        ratio = rate / bare_rate if bare_rate else 0.0
        p99 = row["latency"]["p99_ms"]
        budgeted = target.kind in {"page", "api"}
        checks = [ratio >= MIN_RATE_VS_BARE, p99 <= p99_budget] if budgeted else []
        ratio_cell = f"{ratio:.3f} {verdict(checks[0])}" if budgeted else f"{ratio:.3f} (download: below)"
        p99_cell = f"{p99:.2f} ({p99 / bare_p99:.1f}x) {verdict(checks[1])}" if budgeted else f"{p99:.2f}"
        q1, q10 = row["queries"]["1x"], row["queries"][scale_name]
        queries_ok = q1 is not None and q1 <= MAX_QUERIES and q1 == q10
        checks.append(queries_ok)
        query_cell = f"{q1} / {q10} {verdict(queries_ok)}"
        weight = row.get("weight")
        if weight is None:
            weight_cell = "n/a (not a page)"
        else:
            clean = not weight["third_party_requests"] and not weight["fonts"]
            extra = "" if clean else f" third-party: {weight['third_party_requests']} fonts: {weight['fonts']}"
            if target.has_map:
                weight_cell = f"{weight['kb_gzipped']:.1f} (map page, no budget){extra}"
            else:
                light = weight["kb_gzipped"] <= MAX_PAGE_KB_GZIPPED and clean
                checks.append(light)
                weight_cell = f"{weight['kb_gzipped']:.1f} {verdict(light)}{extra}"
        failures += checks.count(False)
        errors = row["rate"]["errors"] + row["latency"]["errors"]
        name = target.name + (f" ({errors} errors)" if errors else "")
        p50 = row["latency"]["p50_ms"]
        lines.append(f"| {name} | {rate:.0f} | {ratio_cell} | {p50:.2f} | {p99_cell} | {query_cell} | {weight_cell} |")
    if results.get("downloads"):
        lines += [
            "",
            f"Downloads against writing the same rows with Python's csv/json modules in the same process "
            f"(benchmarks/downloads.py; median of {results['download_repeats']}):",
            "",
            "| download | data | rows | KB | streamed | Django ms | csv/json ms "
            f"| ratio (>= {MIN_DOWNLOAD_VS_DIRECT}) |",
            "|---|---|---:|---:|---|---:|---:|---|",
        ]
        for data_name, figures in results["downloads"].items():
            for target in TARGETS:
                if target.kind != "download" or target.name not in figures:
                    continue
                row = figures[target.name]
                if row.get("status") != 200:
                    lines.append(f"| {target.name} | {data_name} | answers {row.get('status')} ||||||")
                    continue
                ok = row["ratio"] >= MIN_DOWNLOAD_VS_DIRECT
                failures += not ok
                same = "" if row["same_text"] else " (the rows written directly differ from the body)"
                lines.append(
                    f"| {target.name} | {data_name} | {row['rows']:,} | {row['kb']:,.0f} | "
                    f"{'yes' if row['streamed'] else 'no'} | {row['django_ms']:.2f} | {row['direct_ms']:.2f} | "
                    f"{row['ratio']:.3f} {verdict(ok)}{same} |"
                )
    if results.get("cold"):
        lines += [
            "",
            "The first view after a change, once the refill (decision 0015) has run, against the warm view, "
            "in a fresh process after the worker's warm-up, through the whole stack with a real host "
            "(benchmarks/cold.py); before the refill: the first view after a change that nothing has "
            "drawn again; refill s: how long the refill took in its own process:",
            "",
            f"| target | cold ms | (cache) | warm ms | cold / warm (<= {MAX_COLD_VS_WARM:g}) "
            "| before the refill ms (x warm) | refill s |",
            "|---|---:|---|---:|---|---:|---:|",
        ]
        for target in TARGETS:
            row = results["cold"].get(target.name)
            if row is None:
                continue
            ok = row["ratio"] <= MAX_COLD_VS_WARM
            failures += not ok
            lines.append(
                f"| {target.name} | {row['cold_ms']:.1f} | {row.get('cold_cache', '')} | {row['warm_ms']:.2f} "
                f"| {row['ratio']:.1f} {verdict(ok)} | {row.get('unfilled_ms', 0):.1f} "
                f"({row.get('unfilled_ratio', 0):.0f}x) | {row.get('refill_s', 0):.2f} |"
            )
    lines += ["", f"{failures} budget(s) failed." if failures else "Every budget passed."]
    return "\n".join(lines)


def downloads(dbs: dict[str, Any], placeholders: dict[str, str], repeats: int) -> dict[str, Any]:
    """benchmarks/downloads.py on each database, for every download target."""
    chosen = [target for target in TARGETS if target.kind == "download"]
    paths = [target.path.format(**placeholders) for target in chosen]
    out: dict[str, Any] = {}
    for name, database in dbs.items():
        log(f"downloads at {name} against csv/json written directly ({repeats} repeats) ...")
        command = [PYTHON, str(HERE / "downloads.py"), "--inner", "--repeats", str(repeats), *paths]
        figures = json.loads(run(command, environment(database), capture=True).strip().splitlines()[-1])
        out[name] = {target.name: figures[path] for target, path in zip(chosen, paths, strict=True)}
    return out


def cold_views(database: Any, placeholders: dict[str, str], statuses: dict[str, Any], cookie: str, warm: int) -> dict:
    """benchmarks/cold.py: each target's first view after a change (refilled, and before it) against its warm view."""
    out: dict[str, Any] = {}
    for target in TARGETS:
        status = statuses[target.name]["status"]
        if status == 404 or status >= 500:
            continue
        path = target.path.format(**placeholders)
        log(f"cold view: {target.name} ...")
        command = [PYTHON, str(HERE / "cold.py"), "--inner", path, "--warm", str(warm)]
        if target.signed_in and cookie:
            command += ["--cookie", cookie]
        env = environment(database, TIEX_BENCH="1")
        out[target.name] = json.loads(run(command, env, capture=True).strip().splitlines()[-1])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="tiex benchmarks: figures beside budgets.")
    parser.add_argument("--quick", action="store_true", help="short runs (about a third of the time)")
    parser.add_argument("--seconds", type=float, default=4.0, help="seconds of load per measurement")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients for requests/s")
    parser.add_argument("--scale", type=int, default=10, help="the larger data set: this many times the councils")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the benchmark databases")
    parser.add_argument("--no-cold", action="store_true", help="skip the first-view-in-a-fresh-process step")
    parser.add_argument("--keep-databases", action="store_true", help="PostgreSQL: keep the databases for the next run")
    args = parser.parse_args(argv)
    seconds = 1.5 if args.quick else args.seconds
    max_requests = 50_000
    scale_name = f"{args.scale}x"
    url = os.environ.pop("DATABASE_URL", "")
    postgres = pg.is_postgres(url)

    dbs = databases(args.scale, args.rebuild, url)
    try:
        return _measure(args, dbs, seconds, max_requests, scale_name, "PostgreSQL" if postgres else "SQLite (WAL)")
    finally:
        if postgres and not args.keep_databases:
            log("dropping the PostgreSQL benchmark databases ...")
            pg.drop_all(dbs, WORK)


def _measure(args: Any, dbs: dict[str, Any], seconds: float, max_requests: int, scale_name: str, vendor: str) -> int:
    log("collecting static files into var/bench/static ...")
    run([*TIEX, "manage", "collectstatic", "--no-input", "--verbosity", "0"], environment(dbs["1x"]))
    log("counting SQL queries per target at 1x and " + scale_name + " ...")
    counts = {name: query_counts(path) for name, path in dbs.items()}
    placeholders = counts["1x"]["placeholders"]

    results: dict[str, Any] = {
        "when": datetime.now(tz=UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}, "
        f"load average {os.getloadavg()[0]:.1f} at the start",
        "database": vendor,
        "clients": args.clients,
        "seconds": seconds,
        "targets": {},
    }
    with server(dbs["1x"]) as port:

        def measure(path: str, cookie: str = "") -> dict[str, Any]:
            return {
                "rate": load(port, path, args.clients, seconds, max_requests, cookie),
                "latency": load(port, path, 1, seconds, max_requests, cookie),
            }

        log("measuring the bare view ...")
        bare_before = measure(BARE_PATH)
        for target in TARGETS:
            path = target.path.format(**placeholders)
            status = counts["1x"]["targets"][target.name]["status"]
            if status == 404 or status >= 500:
                results["targets"][target.name] = {"path": path, "unavailable": f"answers {status}"}
                log(f"{target.name}: {path} answers {status}; skipped")
                continue
            log(f"measuring {target.name} ({path}) ...")
            cookie = counts["1x"].get("cookie", "") if target.signed_in else ""
            row: dict[str, Any] = {"path": path, "status": status, **measure(path, cookie)}
            row["queries"] = {name: counts[name]["targets"][target.name]["queries"] for name in dbs}
            if target.kind == "page":
                row["weight"] = weigh(port, path, cookie)
            results["targets"][target.name] = row
        log("measuring the bare view again ...")
        bare_after = measure(BARE_PATH)
    # The baseline is the mean of a run before and after the targets, so drift shows less.
    runs = [bare_before, bare_after]
    results["bare"] = {
        "rate": {
            **bare_after["rate"],
            "requests_per_second": round(sum(r["rate"]["requests_per_second"] for r in runs) / 2, 1),
            "errors": 0,
        },
        "latency": {
            **bare_after["latency"],
            "p50_ms": round(sum(r["latency"]["p50_ms"] for r in runs) / 2, 2),
            "p99_ms": round(sum(r["latency"]["p99_ms"] for r in runs) / 2, 2),
        },
        "runs": runs,
    }
    results["download_repeats"] = 5 if args.quick else 15
    results["downloads"] = downloads(dbs, placeholders, results["download_repeats"])
    if not args.no_cold:
        results["cold"] = cold_views(
            dbs["1x"], placeholders, counts["1x"]["targets"], counts["1x"].get("cookie", ""), 5 if args.quick else 15
        )
    out = WORK / f"results-{datetime.now(tz=UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(results, indent=2))
    print(report(results, scale_name))
    print(f"\nRaw figures: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
