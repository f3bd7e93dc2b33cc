"""The Exchange's facet index: every published resource's facet values as bit sets, in memory.

A search over 100,000 resources that matches 15,000 of them cannot count seven facets
with grouped SQL queries in tens of milliseconds (each query joins the matches to
their links again). Here each facet value (a type, a theme, a region ...) and each
council is a Python integer used as a bit set over the published resources, so
filtering is ``&`` and ``|`` and counting a value is ``(matching & value).bit_count()``:
microseconds per value, whatever the size of the match.

The index is kept per process and always answers for the library's present state
(``Marks``: the newest page-history entry, page id, model-history entry, dataset
import and full-text index entry). ``get`` builds it from a handful of queries (about
a second at 100,000 resources, ``facet_index_load.build``) when the process has none;
after a publish, unpublish, save, move or delete it is brought up to date instead
(``facet_index_load.patched``, tens of milliseconds at 100,000 resources): the pages
named by the page-history entries since its marks are read again, their bits cleared
and set anew, and each is put in its place in the orders by the database's own ordering. Anything else
(a taxonomy edit, an import, more than ``PATCH_LIMIT`` pages or full-text rows at once),
clearing the cache, or ``INDEX_CACHE_SECONDS`` since the last full build, makes the next
search build it afresh. The orders (newest, oldest, title, and the tie-breaks
of relevance) come from the database, so they are its own ordering and collation.
docs/decisions/0013-facet-index-after-publish.md explains the choice.
"""

from __future__ import annotations

import heapq
import uuid
from array import array
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, NamedTuple

from django.db.models import F

from tiex.core.page_cache import page_cache as cache
from tiex.library import search
from tiex.library.choices import ALL_COLLECTIONS

# As the search cache: changes the page history misses (a council's region) show within ten minutes.
INDEX_CACHE_SECONDS = 600
EPOCH_KEY = "library:facet-index:epoch"


class Marks(NamedTuple):
    """The library's state as the newest row of each thing that changes what a search shows
    (``selectors.library_marks``, one query); ids are 0 for an empty table."""

    page_log: int  # the newest page-history entry (a save, publish, unpublish, move or delete)
    page: int  # the newest page (pages made in bulk leave no history)
    model_log: int  # the newest model-history entry (a theme or service area edited in the admin)
    imported: str  # when a dataset was last imported (councils' names and regions)
    index_entry: int = 0  # the newest full-text index entry (SQLite), else 0


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
    marks: Marks  # the state of the library the index answers for
    pks: Sequence[int]  # the resource at each position (0: none, a hole left by a withdrawn one)
    position: dict[int, int]
    all: int
    values: dict[str, dict[str, int]]  # facet param (and "collection") -> value -> mask of resources with it
    councils: dict[int, int]  # council id -> mask of resources it took part in or replicated
    orders: dict[str, Sequence[int]]  # sort -> positions in that order
    # On SQLite (FTS5) a resource's position is its full-text row id less this, so the row ids
    # FTS5 returns are positions without a lookup; None elsewhere (positions follow the pk).
    rowid_offset: int | None = None
    epoch: str = ""  # the cache's epoch when it was built (``get``)
    history: tuple[Any, ...] = ()  # the newest page-history entry as read at the build (``facet_index_load``)
    ranks: dict[str, Sequence[int]] = field(default_factory=dict)  # sort -> rank of each position, made on use

    def rank(self, sort: str) -> Sequence[int]:
        """The rank of each position in the order of ``sort`` (0 for a hole)."""
        found = self.ranks.get(sort)
        if found is None:
            found = array("l", [0]) * len(self.pks)
            for number, at in enumerate(self.orders[sort]):
                found[at] = number
            self.ranks[sort] = found
        return found

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
        tie = self.rank("relevance")
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
            return heapq.nsmallest(n, positions_of(mask), key=self.rank(sort).__getitem__)
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
# More changed pages (or full-text rows) than this at once, an import or a rebuilt search index, are
# read by a full build: placing each in the orders ranks up to 4 x 48 resources per page per step.
PATCH_LIMIT = 50


def get(marks: Marks) -> FacetIndex:
    """The index for this state of the library: the one this process keeps, brought up to date
    if the library has changed since (``facet_index_load.patched``), or built afresh when it
    has none, its epoch has passed, or the change is not one it can apply."""
    from tiex.library import facet_index_load as load

    global _current
    epoch = _epoch()
    current = _current
    if current is not None and current.epoch == epoch:
        if current.marks == marks:
            return current
        index = load.patched(current, marks)
        if index is not None:
            _current = index
            return index
    index = load.build(marks)
    index.epoch = epoch
    _current = index
    return index


def _epoch() -> str:
    """A token every process shares through the cache for ``INDEX_CACHE_SECONDS``: an index built
    in an earlier epoch is built again (the first process to ask sets it; the others read it)."""
    epoch = cache.get(EPOCH_KEY)
    if epoch is None:
        cache.add(EPOCH_KEY, uuid.uuid4().hex, INDEX_CACHE_SECONDS)
        epoch = cache.get(EPOCH_KEY)
    return epoch or uuid.uuid4().hex  # a cache that keeps nothing: build every time, as before
