"""The Exchange's search benchmark (part of `make bench`): 100,000 generated resources on SQLite.

    python benchmarks/search.py [--resources N] [--seconds S] [--rebuild]

1. Builds var/bench/search-100k.sqlite3 (reused while it holds the right number of
   resources and the generator has not changed): a copy of the 1x benchmark database
   (councils, taxonomy, demo content and climate plans; `tiex bootstrap` when there is
   none), migrated, plus generated published resources made with the Exchange's bulk
   service. Their titles, summaries and bodies are drawn from a vocabulary of about
   3,000 council-domain words (the demo resources, the taxonomy and the climate plan
   registers) with a Zipf-like distribution, so each search word matches a realistic
   fraction of the library; themes, service areas, councils, types, evidence levels and
   dates are spread over the real taxonomy and councils. They are in the Exchange's own
   collection (only the climate plans' dataset makes the other one), so the default view,
   which shows the Exchange's own collection, covers all but the 855 plans.
2. Times ``tiex.library.selectors.resource_search`` for a set of queries (specific and
   broad, with and without facets and filters) with a cold result cache: each search's
   cached answer is deleted before every call, so every figure is the search's own
   work, never a cached answer. The facet index (tiex/library/facet_index.py) is kept,
   as a running site has it between changes to the library; its build time is printed
   separately. Prints p50/p95/p99 per query and over all of them.
3. Rates, in the same run and process, for three words (specific, medium, broad):
   ``GET /api/v1/resources?q=...`` through Django's test client (whole middleware
   stack, 20 items serialised with their facets; the cached answer deleted before each
   request, and again with it cached) against the same full-text query run directly
   on the database (FTS5 MATCH on Wagtail's index table: the count and the 20 best
   rowids by bm25, no facets, no Django; it counts the plans too, which the API's default
   collection leaves out: one bit set more, and 1% of the matches fewer).
4. Times the landing search right after a resource is unpublished and right after it is
   published again (the first search in a new state of the library), against the same search
   with the index kept.
5. Prints PASS/MISS against the issue's targets: p95 of search <= 25 ms, API rate >=
   0.5 of the direct query's. Figures, never a test: nothing in the test suite times anything.
"""

from __future__ import annotations

import argparse
import collections
import glob
import hashlib
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

WORK = ROOT / "var" / "bench"
DATABASE = WORK / "search-100k.sqlite3"
STAMP = WORK / "search-100k.key"
BASE_1X = WORK / "tiex-1x.sqlite3"
GENERATOR_VERSION = "1"
SEED = 20261126
BATCH = 2_000

MAX_P95_MS = 25.0
MIN_RATE_VS_DIRECT = 0.5

# Words in the sources that are file formats, flags or addresses rather than prose.
NOT_WORDS = {"pdf", "html", "htm", "docx", "false", "true", "none", "nan", "www", "http", "https", "com", "org"}


def log(message: str) -> None:
    print(f"[bench:search] {message}", file=sys.stderr, flush=True)


# --- Vocabulary and generated text ----------------------------------------------------


def vocabulary() -> list[str]:
    """About 3,000 council-domain words, most frequent first (their order in the sources)."""
    counts: collections.Counter[str] = collections.Counter()
    sources = [
        ROOT / "tiex/library/demo/resources.toml",
        ROOT / "tiex/library/data/taxonomy.toml",
        *sorted(Path(p) for p in glob.glob(str(_data_dir() / "case_studies" / "*.csv"))),
    ]
    for path in sources:
        if path.exists():
            text = re.sub(r"https?://\S+", " ", path.read_text(encoding="utf-8").lower())
            counts.update(word for word in re.findall(r"[a-z]{3,20}", text) if word not in NOT_WORDS)
    words = [word for word, _count in counts.most_common()]
    if len(words) < 500:
        raise SystemExit("bench: too few words for the search benchmark's vocabulary (data directory missing?)")
    return words


def _data_dir() -> Path:
    return Path(os.environ.get("TIEX_DATA_DIR", "/work/shared/data"))


class Writer:
    """Text from a Zipf-Mandelbrot distribution over the vocabulary: p(rank) ~ 1 / (rank + 2.7)."""

    def __init__(self, words: list[str], rng: random.Random) -> None:
        self.words = words
        self.rng = rng
        weights = [1 / (rank + 2.7) for rank in range(len(words))]
        total = sum(weights)
        running, self.cumulative = 0.0, []
        for weight in weights:
            running += weight / total
            self.cumulative.append(running)

    def words_(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=n)

    def sentence(self, low: int, high: int) -> str:
        words = self.words_(self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def title(self) -> str:
        return " ".join(self.words_(self.rng.randint(4, 9))).capitalize()

    def body(self) -> str:
        paragraphs = []
        for _ in range(self.rng.randint(2, 4)):
            paragraphs.append("<p>" + " ".join(self.sentence(8, 20) for _ in range(self.rng.randint(2, 4))) + "</p>")
        return "".join(paragraphs)


# --- The database ---------------------------------------------------------------------


def environment(database: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "TIEX_VAR_DIR": str(WORK),
        "TIEX_DEBUG": "false",
        "TIEX_LOG_LEVEL": "WARNING",
    }
    env.pop("TIEX_BENCH", None)
    return env


def _key(resources: int) -> str:
    digest = hashlib.sha256(f"{GENERATOR_VERSION}:{resources}:{SEED}".encode())
    return digest.hexdigest()


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def prepare_file(resources: int, rebuild: bool) -> bool:
    """Make sure the database file exists; True when it must be (re)filled with generated resources."""
    WORK.mkdir(parents=True, exist_ok=True)
    if not rebuild and DATABASE.exists() and STAMP.exists() and STAMP.read_text() == _key(resources):
        return False
    _remove(DATABASE)
    STAMP.unlink(missing_ok=True)
    if BASE_1X.exists():
        log(f"copying {BASE_1X.relative_to(ROOT)} ...")
        source = sqlite3.connect(f"file:{BASE_1X}?mode=ro", uri=True)
        target = sqlite3.connect(DATABASE)
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:
        log("no 1x benchmark database: running tiex bootstrap (migrations, reference data, demo content) ...")
        subprocess.run([sys.executable, "-m", "tiex.cli", "bootstrap"], env=environment(DATABASE), cwd=ROOT, check=True)
    return True


def setup_django() -> None:
    os.environ.update(environment(DATABASE))
    import django

    django.setup()


def generate(resources: int) -> None:
    from django.core.management import call_command

    from tiex.councils.models import Council
    from tiex.library import services
    from tiex.library.choices import EvidenceLevel, ResourceType
    from tiex.library.models import ResourcePage, ServiceArea, Theme

    call_command("migrate", verbosity=0)
    have = ResourcePage.objects.live().count()
    wanted = resources - have
    log(f"generating {wanted:,} resources (the copy has {have:,}) ...")
    rng = random.Random(SEED)  # noqa: S311 - reproducible text, not secrets
    writer = Writer(vocabulary(), rng)
    themes = list(Theme.objects.values_list("slug", flat=True))
    areas = list(ServiceArea.objects.values_list("slug", flat=True))
    councils = list(Council.objects.filter(is_current=True).values_list("pk", flat=True)) or list(
        Council.objects.values_list("pk", flat=True)
    )
    types = [value for value, _label in ResourceType.choices]
    levels = [value for value, _label in EvidenceLevel.choices]
    started = time.perf_counter()
    made = 0
    while made < wanted:
        items = []
        for number in range(made, min(wanted, made + BATCH)):
            data = services.ResourceData(
                title=writer.title(),
                summary=writer.sentence(15, 35),
                body=writer.body(),
                resource_type=rng.choices(types, weights=[6, 3, 2, 1, 2, 3])[0]
                if len(types) == 6
                else rng.choice(types),
                themes=tuple(rng.sample(themes, rng.randint(1, 3))) if themes else (),
                service_areas=tuple(rng.sample(areas, rng.randint(1, 2))) if areas else (),
                councils=tuple(rng.sample(councils, rng.choice((0, 1, 1, 1, 2, 3)))) if councils else (),
                date=date(2015, 1, 1) + timedelta(days=rng.randrange(0, 11 * 365)),
                evidence_level=rng.choice(levels),
                slug=f"bench-{number}",
            )
            items.append(services.BulkResource(data=data, source_dataset="bench-search", source_key=str(number)))
        services.resources_bulk_create(items=items)
        made += len(items)
        rate = made / (time.perf_counter() - started)
        log(f"  {made:,} of {wanted:,} ({rate:,.0f}/s)")
    log(f"generated {made:,} resources in {time.perf_counter() - started:.0f} s")


# --- Measurements ---------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def pick_words(words: list[str]) -> dict[str, str]:
    """Search words by how much of the library they match (their rank in the vocabulary)."""
    from tiex.library.models import ResourcePage

    total = ResourcePage.objects.live().count()
    wanted = {"very broad": 0.45, "broad": 0.15, "medium": 0.04, "specific": 0.01, "rare": 0.002}
    found: dict[str, str] = {}
    fractions = document_fractions(words[:3000:7], total)
    for name, fraction in wanted.items():
        word = min(fractions, key=lambda w: abs(fractions[w] - fraction))
        found[name] = word
    return found


def document_fractions(words: list[str], total: int) -> dict[str, float]:
    from django.db import connection

    with connection.cursor() as cursor:
        fractions = {}
        for word in words:
            cursor.execute(
                'SELECT count(*) FROM "wagtailsearch_indexentry_fts" WHERE "wagtailsearch_indexentry_fts" MATCH %s',
                [f'"{word}"'],
            )
            fractions[word] = cursor.fetchone()[0] / total
    return fractions


def queries(words: dict[str, str]) -> list[tuple[str, dict[str, Any]]]:
    from tiex.councils.models import Council
    from tiex.library.models import Theme

    theme = Theme.objects.order_by("sort_order").values_list("slug", flat=True).first() or ""
    region = Council.objects.exclude(region="").order_by("region").values_list("region", flat=True).first() or ""
    specific, medium, broad = words["specific"], words["medium"], words["broad"]
    return [
        ("no words, facets (the landing page: the Exchange's own collection)", {}),
        ("no words, both collections", {"collection": ["all"]}),
        ("no words, the climate plans collection", {"collection": ["climate-plans"]}),
        ("no words, theme filter", {"theme": [theme]}),
        (f"rare word '{words['rare']}'", {"q": [words["rare"]]}),
        (f"specific word '{specific}'", {"q": [specific]}),
        (f"specific word '{specific}', no facets", {"q": [specific], "facets": False}),
        (f"medium word '{medium}'", {"q": [medium]}),
        (f"medium word '{medium}', type filter", {"q": [medium], "type": ["case-study"]}),
        (f"medium word '{medium}', region filter", {"q": [medium], "region": [region]}),
        (f"two words '{medium} {specific}'", {"q": [f"{medium} {specific}"]}),
        (f"two words '{broad} {medium}'", {"q": [f"{broad} {medium}"]}),
        ("real word 'waste', theme filter", {"q": ["waste"], "theme": [theme]}),
        ("real word 'waste'", {"q": ["waste"]}),
        ("real words 'adult social care'", {"q": ["adult social care"]}),
        (f"broad word '{broad}'", {"q": [broad]}),
        (f"broad word '{broad}', no facets", {"q": [broad], "facets": False}),
        (f"very broad word '{words['very broad']}'", {"q": [words["very broad"]]}),
    ]


def forget(params: dict[str, Any], facets: bool) -> None:
    """Delete this search's cached answer (first page of 20), keeping the facet index."""
    from tiex.core.page_cache import page_cache as cache  # where the Exchange keeps its answers
    from tiex.library import selectors
    from tiex.library.filters import parse_filters

    filters = parse_filters(params, selectors.vocabulary())
    cache.delete(selectors._cache_key(selectors.library_state(), filters, 20, 0, facets))


def time_search(params: dict[str, Any], repeats: int) -> list[float]:
    from tiex.library import selectors
    from tiex.library.filters import parse_filters

    params = dict(params)
    facets = params.pop("facets", True)
    samples = []
    for _ in range(repeats):
        forget(params, facets)
        started = time.perf_counter()
        filters = parse_filters(params, selectors.vocabulary())
        result = selectors.resource_search(filters, limit=20, with_facets=facets)
        len(result.items)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def index_build_ms() -> float:
    from tiex.library import facet_index_load, selectors

    marks = selectors.library_marks()
    started = time.perf_counter()
    facet_index_load.build(marks)
    return (time.perf_counter() - started) * 1000


def time_after_changes(rounds: int) -> dict[str, list[float]]:
    """The landing search (no words, facets) right after one resource is unpublished, and right after
    it is published again, through Wagtail as an editor would (each leaves a page-history entry, so
    the library's state changes and every cached answer is left behind); ``rounds`` of each. The
    resource ends published, so the database is as it was."""
    from tiex.library.models import ResourcePage

    pk = (
        ResourcePage.objects.live().filter(source_dataset="bench-search").order_by("pk").values_list("pk", flat=True)[0]
    )
    samples: dict[str, list[float]] = {"unpublish": [], "publish": []}
    for _ in range(rounds):
        ResourcePage.objects.get(pk=pk).unpublish()
        samples["unpublish"].append(time_search({}, 1)[0])
        ResourcePage.objects.get(pk=pk).save_revision().publish()
        samples["publish"].append(time_search({}, 1)[0])
    return samples


def rate(function: Any, seconds: float, before: Any = None) -> float:
    """Calls per second of ``function``, not counting ``before`` (run ahead of each call)."""
    function()  # warm-up
    done, spent = 0, 0.0
    while spent < seconds:
        if before is not None:
            before()
        started = time.perf_counter()
        function()
        spent += time.perf_counter() - started
        done += 1
    return done / spent


def direct_fts(word: str) -> Any:
    """The count and the 20 best ids, straight from Wagtail's FTS5 table (no facets, no Django)."""
    from django.db import connection

    from tiex.library.search import SQLITE_WEIGHTS

    raw = connection.connection
    weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
    fts = "wagtailsearch_indexentry_fts"
    count_sql = f'SELECT count(*) FROM "{fts}" WHERE "{fts}" MATCH ?'  # noqa: S608 - fixed names
    page_sql = f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH ? ORDER BY bm25("{fts}", {weights}) LIMIT 20'  # noqa: S608
    match = f'"{word}"'

    def run() -> None:
        raw.execute(count_sql, [match]).fetchone()
        raw.execute(page_sql, [match]).fetchall()

    return run


def forget_api(word: str) -> None:
    """Delete the API's kept answer to ``?q=word`` and the search's cached answer behind it."""
    from tiex.core.page_cache import page_cache as cache  # where the Exchange keeps its answers
    from tiex.library import api, selectors

    forget({"q": [word]}, True)
    key = selectors.kept_key("api-list", *api.list_key_parts("testserver", api.ResourceListQuery(q=word)))
    if not cache.delete(key):  # each request before this one left its answer: a miss means a wrong key
        raise SystemExit("bench: the API's answer was not where the benchmark looked; cold figures would be warm")


def api_call(client: Any, word: str) -> Any:
    def run() -> None:
        response = client.get("/api/v1/resources", {"q": word})
        if response.status_code != 200:
            raise SystemExit(f"bench: the API answered {response.status_code}: {response.content[:300]!r}")

    return run


def measure_all(args: argparse.Namespace) -> int:
    from django.db import connection
    from django.test import Client

    from tiex.library.models import ResourcePage

    connection.ensure_connection()
    total = ResourcePage.objects.live().count()
    words = pick_words(vocabulary())
    log(f"{total:,} published resources; search words by reach: {words}")
    results: dict[str, Any] = {"resources": total, "words": words, "queries": {}, "rates": {}}
    build = statistics.median(index_build_ms() for _ in range(3))
    results["index_build_ms"] = build
    everything: list[float] = []
    rows = []
    for name, params in queries(words):
        time_search(params, 1)  # warm Python-side caches (vocabulary queries, imports), not the search cache
        samples = time_search(params, args.repeats)
        everything += samples
        results["queries"][name] = samples
        rows.append((name, statistics.median(samples), max(samples)))
    p50, p95, p99 = (percentile(everything, f) for f in (0.5, 0.95, 0.99))
    warm = time_search({}, args.repeats)
    after = time_after_changes(args.repeats)
    results["after_change"] = {"warm": warm, **after}
    client = Client()
    rate_rows = []
    for name in ("specific", "medium", "broad"):
        word = words[name]
        direct = rate(direct_fts(word), args.seconds)
        api = rate(api_call(client, word), args.seconds, before=lambda word=word: forget_api(word))
        api_warm = rate(api_call(client, word), args.seconds)
        results["rates"][word] = {"direct": direct, "api_cold": api, "api_warm": api_warm}
        rate_rows.append((f"{name} '{word}'", direct, api, api_warm))
    ratio = statistics.geometric_mean([api / direct for _n, direct, api, _w in rate_rows])
    results.update(p50=p50, p95=p95, p99=p99, ratio=ratio)

    print(f"\nExchange search over {total:,} resources, SQLite: each search's cached answer deleted before every call")
    print(f"(each query {args.repeats} times; words chosen by the share of resources they match).")
    print(f"The facet index is kept, as a running site has it; building it (once per change) takes {build:,.0f} ms.\n")
    print("| query | p50 ms | max ms |\n|---|---:|---:|")
    for name, median, worst in rows:
        print(f"| {name} | {median:.1f} | {worst:.1f} |")
    verdict = "PASS" if p95 <= MAX_P95_MS else "MISS"
    print(
        f"\nAll searches: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms; p95 <= {MAX_P95_MS:.0f} ms: {verdict}"
    )
    print("\nThe landing search (no words, facets) when the library has just changed (the first search in")
    print("the new state: no cached answer, the facet index brought up to date) against the same search")
    print(f"with the index kept ({args.repeats} of each):\n")
    print("| landing search | p50 ms | max ms |\n|---|---:|---:|")
    for name, samples in (
        ("index kept (warm)", warm),
        ("first after an unpublish", after["unpublish"]),
        ("first after a publish", after["publish"]),
    ):
        print(f"| {name} | {statistics.median(samples):.1f} | {max(samples):.1f} |")
    print("\n| search | direct FTS5 /s | API /s (cold cache) | ratio | API /s (cached) |\n|---|---:|---:|---:|---:|")
    for name, direct, api, warm in rate_rows:
        print(f"| {name} | {direct:,.0f} | {api:,.0f} | {api / direct:.2f} | {warm:,.0f} |")
    verdict = "PASS" if ratio >= MIN_RATE_VS_DIRECT else "MISS"
    print(f"\nAPI rate vs direct query (geometric mean, cold cache): {ratio:.2f}; >= {MIN_RATE_VS_DIRECT}: {verdict}")
    out = WORK / f"search-{datetime.now(tz=UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"Raw figures: {out.relative_to(ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=2.0, help="per rate measurement")
    parser.add_argument("--repeats", type=int, default=5, help="timings per search")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args(argv)
    fill = prepare_file(args.resources, args.rebuild)
    setup_django()
    if fill:
        generate(args.resources)
        STAMP.write_text(_key(args.resources))
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a database kept from before a new migration
    if args.generate_only:
        return 0
    return measure_all(args)


if __name__ == "__main__":
    sys.exit(main())
