"""The Exchange's facet index: every published resource's facet values as bit sets, in memory.

A search over 100,000 resources that matches 15,000 of them cannot count seven facets
with grouped SQL queries in tens of milliseconds (each query joins the matches to
their links again). Here each facet value (a type, a theme, a region ...) and each
council is a Python integer used as a bit set over the published resources, so
filtering is ``&`` and ``|`` and counting a value is ``(matching & value).bit_count()``:
microseconds per value, whatever the size of the match.

The index is built from a handful of queries (about a second at 100,000 resources)
the first time a search needs it after the library changes, and kept per process.
It is valid while the Django cache holds its token under a key made of the library's
state (the newest page-history entry and the newest page id, as for the search
cache) for at most ``INDEX_CACHE_SECONDS``, so clearing the cache, any save, publish,
unpublish, move or delete, or ten minutes, makes the next search rebuild it. The
orders (newest, oldest, title, and the tie-breaks of relevance) are read from the
database once per build, so they are exactly the database's own ordering and collation.
"""

from __future__ import annotations

import heapq
import uuid
from array import array
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from django.db.models import F

from tiex.core.page_cache import page_cache as cache
from tiex.library import search
from tiex.library.choices import ALL_COLLECTIONS, collection_of

# As the search cache: changes the page history misses (a council's region) show within ten minutes.
INDEX_CACHE_SECONDS = 600


def to_mask(positions: Iterable[int], size: int) -> int:
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


_AS_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def mask_from_ids(text: str, offset: int, size: int) -> int:
    """The mask of comma-separated ids (as ``search.fts5_rowids`` gives them), each less
    ``offset``; every id must be in ``offset`` to ``offset + size - 1``. One byte per
    position is set by C code (``map`` over the byte array's ``__setitem__``), then read as
    binary digits: about half the time of setting bits one by one in Python."""
    if not text:
        return 0
    flags = bytearray(offset + size)
    deque(map(flags.__setitem__, map(int, text.split(",")), repeat(1)), maxlen=0)
    del flags[:offset]
    flags.reverse()  # the highest position is the most significant digit
    return int(flags.translate(_AS_DIGITS), 2)


def positions_of(mask: int) -> list[int]:
    """The set bits of a mask, lowest first."""
    digits = bin(mask)[:1:-1]  # least significant bit first
    found = []
    at = digits.find("1")
    while at != -1:
        found.append(at)
        at = digits.find("1", at + 1)
    return found


@dataclass
class FacetIndex:
    token: str
    pks: Sequence[int]
    position: dict[int, int]
    all: int
    values: dict[str, dict[str, int]]  # facet param (and "collection") -> value -> mask of resources with it
    councils: dict[int, int]  # council id -> mask of resources it took part in or replicated
    orders: dict[str, Sequence[int]]  # sort -> positions in that order
    ranks: dict[str, Sequence[int]] = field(default_factory=dict)  # sort -> rank of each position
    # On SQLite (FTS5) a resource's position is its full-text row id less this, so the row ids
    # FTS5 returns are positions without a lookup; None elsewhere (positions follow the pk).
    rowid_offset: int | None = None

    def matching(self, pks: Iterable[int]) -> int:
        position = self.position
        return to_mask((position[pk] for pk in pks if pk in position), len(self.pks))

    def text_mask(self, terms: list[str], *, column: str | None = None) -> int:
        """The published resources matching every term (in ``column`` only: "title"), as a mask."""
        from tiex.library.models import ResourcePage

        if self.rowid_offset is not None:
            size, offset = len(self.pks), self.rowid_offset
            ids = search.fts5_rowids(terms, column=column, within=(offset, offset + size - 1))
            return self.all & mask_from_ids(ids, offset, size)
        fields = [column] if column else None
        return self.matching(search.match_scores(ResourcePage, terms, fields=fields))

    def relevance_page(self, terms: list[str], mask: int, offset: int, limit: int) -> list[int]:
        """The ids of one page of the resources in ``mask`` (which match ``terms``) by relevance.

        Relevance: resources with more of the words in their title first, and among those
        with the same number the newest first; then the resources with none of the words in
        their title, best match of the whole text first (bm25 on SQLite, the search backend's
        own ranking elsewhere). Only the part of the order that the page needs is computed.
        """
        end = offset + limit
        title = [self.text_mask([term], column="title") & mask for term in terms]
        at_least = [0] * len(terms)  # at_least[k]: resources with at least k + 1 words in the title
        for term_mask in title:
            for k in range(len(terms) - 1, 0, -1):
                at_least[k] |= at_least[k - 1] & term_mask
            at_least[0] |= term_mask
        found: list[int] = []
        for k in range(len(terms) - 1, -1, -1):
            tier = at_least[k] & ~at_least[k + 1] if k + 1 < len(terms) else at_least[k]
            if tier:
                found += self.ordered_positions(tier, "newest", end - len(found))
            if len(found) >= end:
                return [self.pks[at] for at in found[offset:end]]
        rest = mask & ~at_least[0] if terms else mask
        if rest:
            found += self._best_of(terms, rest, end - len(found))
        return [self.pks[at] for at in found[offset:end]]

    def _best_of(self, terms: list[str], mask: int, n: int) -> list[int]:
        """Positions of the ``n`` best text matches in ``mask``, best first."""
        tie = self.ranks["relevance"]
        if self.rowid_offset is None:
            from tiex.library.models import ResourcePage

            scores = search.match_scores(ResourcePage, terms)
            pks = self.pks
            return heapq.nsmallest(n, positions_of(mask), key=lambda at: (-scores.get(pks[at], 0.0), tie[at]))
        offset = self.rowid_offset
        rowids = search.fts5_best(terms, n, among=[at + offset for at in positions_of(mask)])
        return [rowid - offset for rowid in rowids]

    def any_of(self, param: str, chosen: Iterable[str]) -> int:
        masks = self.values.get(param, {})
        result = 0
        for value in chosen:
            result |= masks.get(str(value), 0)
        return result

    def collection(self, value: str) -> int:
        """The resources of a collection (``choices.Collection``), or of all of them for "all"."""
        if value == ALL_COLLECTIONS:
            return self.all
        return self.values.get("collection", {}).get(value, 0)

    def counts(self, param: str, mask: int) -> dict[str, int]:
        found = {}
        for value, value_mask in self.values.get(param, {}).items():
            n = (mask & value_mask).bit_count()
            if n:
                found[value] = n
        return found

    def page(self, mask: int, sort: str, offset: int, limit: int) -> list[int]:
        """The ids of one page of the resources in ``mask``, in the order of ``sort`` (not relevance)."""
        return [self.pks[at] for at in self.ordered_positions(mask, sort, offset + limit)[offset:]]

    def ordered_positions(self, mask: int, sort: str, n: int) -> list[int]:
        """The first ``n`` positions of ``mask`` in the order of ``sort``."""
        order = self.orders[sort]
        if mask == self.all:
            return list(order[:n])
        if mask.bit_count() * 8 < len(order):  # few matches: sort them rather than walk the whole order
            return heapq.nsmallest(n, positions_of(mask), key=self.ranks[sort].__getitem__)
        bits = mask.to_bytes((len(self.pks) + 7) // 8, "little")
        found: list[int] = []
        for at in order:
            if bits[at >> 3] >> (at & 7) & 1:
                found.append(at)
                if len(found) >= n:
                    break
        return found


_current: FacetIndex | None = None

ORDERINGS: dict[str, tuple[Any, ...]] = {
    "newest": (F("date").desc(nulls_last=True), "-first_published_at", "-pk"),
    "oldest": (F("date").asc(nulls_last=True), "pk"),
    "title": ("title", "pk"),
    "relevance": (F("date").desc(nulls_last=True), "-pk"),  # the tie-break after relevance
}


def get(state: str) -> FacetIndex:
    """The index for this state of the library, built if this process has none or an outdated one."""
    global _current
    key = f"library:facet-index:{state}"
    token = cache.get(key)
    if _current is not None and token is not None and _current.token == token:
        return _current
    index = build()
    cache.set(key, index.token, INDEX_CACHE_SECONDS)
    _current = index
    return index


def build() -> FacetIndex:
    from tiex.library.models import ResourcePage

    live = ResourcePage.objects.live()
    rows = list(live.order_by("pk").values_list("pk", "resource_type", "evidence_level", "date", "source_dataset"))
    position, size, rowid_offset = _positions([row[0] for row in rows], search.index_entries(ResourcePage))
    collected: dict[str, dict[str, list[int]]] = {
        param: {}
        for param in ("collection", "type", "evidence", "year", "theme", "service_area", "region", "council_type")
    }

    def add(param: str, value: Any, at: int) -> None:
        if value in (None, ""):
            return
        collected[param].setdefault(str(value), []).append(at)

    for pk, resource_type, evidence, day, source_dataset in rows:
        at = position[pk]
        add("collection", collection_of(source_dataset), at)
        add("type", resource_type, at)
        add("evidence", evidence, at)
        add("year", day.year if day else None, at)
    from tiex.councils.models import Council
    from tiex.library.models import ServiceArea, Theme

    # Links are read without joins (ids only) and mapped here; links of unpublished pages are skipped.
    theme_slugs = dict(Theme.objects.values_list("pk", "slug"))
    for pk, theme in ResourcePage.themes.through.objects.values_list("resourcepage_id", "theme_id").iterator(5000):
        if pk in position:
            add("theme", theme_slugs.get(theme), position[pk])
    area_slugs = dict(ServiceArea.objects.values_list("pk", "slug"))
    links = ResourcePage.service_areas.through.objects.values_list("resourcepage_id", "servicearea_id")
    for pk, area in links.iterator(5000):
        if pk in position:
            add("service_area", area_slugs.get(area), position[pk])
    council_facets = {pk: (region, kind) for pk, region, kind in Council.objects.values_list("pk", "region", "type")}
    council_positions: dict[int, list[int]] = {}
    regions: dict[str, set[int]] = {}
    types: dict[str, set[int]] = {}
    for pk, council in ResourcePage.councils.through.objects.values_list("resourcepage_id", "council_id").iterator(
        5000
    ):
        if pk not in position:
            continue
        at = position[pk]
        council_positions.setdefault(council, []).append(at)
        region, council_type = council_facets.get(council, ("", ""))
        if region:
            regions.setdefault(region, set()).add(at)  # a resource counts once per region
        if council_type:
            types.setdefault(council_type, set()).add(at)
    links = ResourcePage.replicated_by.through.objects.values_list("resourcepage_id", "council_id")
    for pk, council in links.iterator(5000):
        if pk in position:
            council_positions.setdefault(council, []).append(position[pk])
    values = {param: {value: to_mask(ats, size) for value, ats in found.items()} for param, found in collected.items()}
    values["region"] = {region: to_mask(ats, size) for region, ats in regions.items()}
    values["council_type"] = {kind: to_mask(ats, size) for kind, ats in types.items()}
    orders: dict[str, Sequence[int]] = {
        sort: array("l", [position[pk] for pk in live.order_by(*ordering).values_list("pk", flat=True)])
        for sort, ordering in ORDERINGS.items()
    }
    pks = array("q", [0]) * size
    for pk, at in position.items():
        pks[at] = pk
    all_mask = to_mask(position.values(), size)
    ranks: dict[str, Sequence[int]] = {}
    for sort, order in orders.items():
        rank = array("l", [0]) * size
        for number, at in enumerate(order):
            rank[at] = number
        ranks[sort] = rank
    return FacetIndex(
        token=uuid.uuid4().hex,
        pks=pks,
        position=position,
        all=all_mask,
        values=values,
        councils={council: to_mask(ats, size) for council, ats in council_positions.items()},
        orders=orders,
        ranks=ranks,
        rowid_offset=rowid_offset,
    )


def _positions(pks: list[int], entries: dict[int, int] | None) -> tuple[dict[int, int], int, int | None]:
    """({pk: position}, size, row id offset) for the published resources ``pks``.

    With the full-text row ids (``entries``: {row id: pk}, SQLite) a resource's position is its
    row id less the lowest one, so FTS5's answers are positions as they come (row ids of other
    objects, or of drafts, are positions no resource has: every mask leaves them out). A
    published resource missing from the search index is placed after them. Elsewhere,
    positions follow the pk.
    """
    if entries is None:
        return {pk: at for at, pk in enumerate(pks)}, len(pks), None
    live = set(pks)
    rowids = {pk: rowid for rowid, pk in entries.items() if pk in live}
    offset = min(rowids.values(), default=0)
    size = max(rowids.values(), default=-1) - offset + 1
    position = {pk: rowid - offset for pk, rowid in rowids.items()}
    for pk in pks:
        if pk not in position:
            position[pk] = size
            size += 1
    return position, size, offset
