"""What `make bench` measures, and the budgets it prints beside each figure.

One list: add a page or an API operation here and the next run measures it. A path
may use {council} (the code of one county council in the benchmark data), {resource}
(the slug of one published Exchange resource) or {resource_id} (its id), {framework}
(a self-assessment framework's slug), {published} (the id of a public demo result with an
earlier round) and {published_council} (its council's GSS code), {answer} and
{answer_theme} (the benchmark participant's open assessment and its first theme), {programme}
(the slug of one published development programme with cohorts), {board_year} (the benchmark's
published grant year, with computed deliverables), {board_deliverable} (the number of one of
them, computed) and {census} (the year of the latest published councillors' census); a
target that answers 404 in this version is reported as "not available" and skipped.
A ``signed_in`` target is asked as the benchmark participant (benchmarks/django_side.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    kind: str  # "page" (HTML), "api" (JSON read) or "download" (CSV/JSON file)
    has_map: bool = False  # pages with a map are exempt from the page weight budget
    signed_in: bool = False  # asked as the benchmark participant (signed in), not anonymously


TARGETS: list[Target] = [
    Target("Home", "/", "page"),
    Target("Data sources", "/data/", "page"),
    Target("Council directory", "/councils/", "page"),
    Target("Council directory, filtered", "/councils/?q=shire&type=NMD", "page"),
    Target("Council directory, page 2", "/councils/?page=2", "page"),
    Target("Council profile", "/councils/{council}/", "page", has_map=True),  # with its Finances section
    Target(
        "Council directory, unallocated reserves down a quarter",
        "/councils/?finance_indicator=unallocated-change&finance_max=-25&finance_sort=unallocated-change",
        "page",
    ),
    Target("Sign in", "/account/login/", "page"),
    Target("Exchange", "/exchange/", "page"),
    Target("Exchange, search", "/exchange/?q=waste", "page"),
    Target("Exchange resource", "/exchange/{resource}/", "page"),
    Target("API: list councils", "/api/v1/councils?limit=50", "api"),
    Target("API: one council", "/api/v1/councils/{council}", "api"),
    Target("API: comparators", "/api/v1/councils/{council}/comparators?kind=same-type", "api"),
    Target("API: council finances", "/api/v1/councils/{council}/finances", "api"),
    Target(
        "API: councils by a financial indicator",
        "/api/v1/councils?finance_indicator=unallocated-change&finance_max=-25&finance_sort=-reserves-ratio",
        "api",
    ),
    Target("API: search resources", "/api/v1/resources?q=waste", "api"),
    Target("API: one resource", "/api/v1/resources/{resource_id}", "api"),
    Target("Self-assessment results", "/assessments/{published}/results/", "page"),
    Target("Self-assessment, answering", "/assessments/{answer}/answer/{answer_theme}/", "page", signed_in=True),
    Target(
        "API: comparison",
        "/api/v1/frameworks/{framework}/comparison?council={published_council}&group=same-type",
        "api",
    ),
    Target("API: published assessments", "/api/v1/assessments?framework={framework}&limit=20", "api"),
    Target("CSV: council directory", "/councils/download.csv", "download"),
    Target("JSON: council directory", "/councils/download.json", "download"),
    Target("Shared services map", "/shared-services/", "page", has_map=True),
    Target("Shared services map, by region", "/shared-services/?region=South+East", "page", has_map=True),
    Target("API: partnerships with totals", "/api/v1/partnerships", "api"),
    Target("CSV: shared services", "/shared-services/download.csv", "download"),
    Target("GeoJSON: shared services", "/shared-services/download.geojson", "download"),
    Target("Peer challenge coverage", "/peer-challenges/coverage/", "page", has_map=True),
    Target("Peer challenge coverage, target list", "/peer-challenges/coverage/?show=target", "page", has_map=True),
    Target(
        "API: peer challenge coverage", "/api/v1/peer-challenges/coverage?since=2012&changed_control_since=2022", "api"
    ),
    Target("API: peer challenges", "/api/v1/peer-challenges?limit=20", "api"),
    Target("Peer challenge page", "/peer-challenges/{peer_challenge}/", "page"),
    Target("API: one peer challenge", "/api/v1/peer-challenges/{peer_challenge}", "api"),
    Target(
        "Programme navigator, results",
        "/councillor-development/navigator/results/?role=leader&years_as_councillor=8&years_in_role=2"
        "&portfolio=none&topics=leadership&formats=residential&time=weeks",
        "page",
    ),
    Target("Development programme", "/councillor-development/{programme}/", "page"),
    Target("API: one programme", "/api/v1/programmes/{programme}", "api"),
    Target("Board performance", "/board/performance/?year={board_year}", "page"),
    Target("Board deliverable, computed", "/board/performance/{board_year}/{board_deliverable}/", "page"),
    Target("API: board targets", "/api/v1/board/targets?year={board_year}", "api"),
    Target("API: board meetings", "/api/v1/board/meetings", "api"),
    Target("Census results", "/census/{census}/", "page"),
    Target("Census trends", "/census/history/", "page"),
    Target("API: census results", "/api/v1/census/{census}/results", "api"),
]

# The baseline: a view that returns "ok" through the whole middleware stack, served by
# the same server in the same run. Only routed when TIEX_BENCH=1 (config/urls.py).
BARE_PATH = "/bench/bare/"

# Budgets (docs/performance.md explains them).
MIN_RATE_VS_BARE = 0.5  # pages and API reads: at least half the bare view's requests/s
MAX_P99_VS_BARE = 3.0  # pages and API reads: p99 at one client at most 3 times the bare view's p99
MIN_DOWNLOAD_VS_DIRECT = 0.5  # downloads: at least half the rate of writing the rows with csv/json directly
MAX_COLD_VS_WARM = 3.0  # the first view in a fresh worker: at most 3 times the warm view
MAX_QUERIES = 8  # per page or API read, and the same at 10x data
MAX_PAGE_KB_GZIPPED = 60.0  # non-map pages, HTML + CSS + JS, gzipped
