"""Reading the facet index (``tiex.library.facet_index``) from the database: a full build, and
bringing a kept index up to date with the few resources a change touched.

``build`` reads every published resource, its links and the four orders (about a second
at 100,000 resources).

``patched`` is what the first search after a publish, unpublish, save, move or delete runs
instead (tens of milliseconds at 100,000 resources). The pages that changed are named by
the page-history entries after the index's marks, by the pages made since (bulk imports leave no history) and, on
SQLite, by the resources given new full-text rows. They are read again with a few queries
for any number of them: their bits are cleared from every mask and, for those still
published, set anew; in each order they are taken out and put back where the database's
own ordering places them. The place is found by narrowing: the changed resources are
sorted by the database with ``FAN`` resources evenly spaced along the order, which tells
the stretch each belongs in; then with ``FAN`` resources of that stretch, and so on
(three queries of about 50 resources for an order of 100,000). So the title order keeps
the database's collation and ties are broken as a build breaks them. The result is a new
object: searches running on the old one are undisturbed.

It declines (returns None, and the caller builds afresh) when the change is not only to
pages (a taxonomy edit, an import), when the history it knew has been rewritten (its newest
entry is gone or different: a restored database), when more than ``PATCH_LIMIT`` pages
changed at once, or when a page cannot be placed (on SQLite: no full-text row yet, a row id
below the index's first, or a position another resource holds).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Any

from tiex.library import search
from tiex.library.choices import collection_of
from tiex.library.facet_index import ORDERINGS, PATCH_LIMIT, FacetIndex, Marks, to_mask

PARAMS = ("collection", "type", "evidence", "year", "theme", "service_area", "region", "council_type")
ROWS = ("pk", "resource_type", "evidence_level", "date", "source_dataset")
FAN = 48  # resources of an order sorted with the changed ones at each step of placing them
MAX_RANKED = 20_000  # at most this many resources in one ranking query (the database's parameter limits)
FEW = 16  # changed resources taken out of an order one by one (more: in one pass)

Found = dict[str, dict[str, set[int]]]  # facet param -> value -> positions


# --- A full build -------------------------------------------------------------------


def build(marks: Marks) -> FacetIndex:
    """The index of every published resource, read afresh."""
    from tiex.library.models import ResourcePage

    live = ResourcePage.objects.live()
    rows = list(live.order_by("pk").values_list(*ROWS))
    position, size, rowid_offset = _positions([row[0] for row in rows], search.index_entries(ResourcePage))
    found, council_positions = _facets(rows, position)
    orders: dict[str, Sequence[int]] = {
        sort: array(
            "l", [position[pk] for pk in live.order_by(*ordering).values_list("pk", flat=True) if pk in position]
        )
        for sort, ordering in ORDERINGS.items()
    }
    pks = array("q", [0]) * size
    for pk, at in position.items():
        pks[at] = pk
    return FacetIndex(
        marks=marks,
        pks=pks,
        position=position,
        all=to_mask(position.values(), size),
        values={param: {value: to_mask(ats, size) for value, ats in values.items()} for param, values in found.items()},
        councils={council: to_mask(ats, size) for council, ats in council_positions.items()},
        orders=orders,
        rowid_offset=rowid_offset,
        history=_newest_history(marks),
    )


def _facets(rows: Iterable[tuple[Any, ...]], position: dict[int, int], *, only: list[int] | None = None) -> Any:
    """(each facet value's positions, each council's positions) for these resource rows (``ROWS``).
    Links are read for ``only`` these resources when given, else all of them (ids only, mapped
    here; links of unpublished pages are skipped)."""
    from tiex.councils.models import Council
    from tiex.library.models import ResourcePage, ServiceArea, Theme

    found: Found = {param: {} for param in PARAMS}
    if only == []:  # nothing published to read (an unpublish, a delete)
        return found, {}

    def add(param: str, value: Any, at: int) -> None:
        if value not in (None, ""):
            found[param].setdefault(str(value), set()).add(at)  # a resource counts once per value

    def links(field: str, other: str) -> Iterable[tuple[int, int]]:
        query = getattr(ResourcePage, field).through.objects.values_list("resourcepage_id", other)
        if only is not None:
            query = query.filter(resourcepage_id__in=only)
        return query.iterator(5000)

    for pk, resource_type, evidence, day, source_dataset in rows:
        at = position[pk]
        add("collection", collection_of(source_dataset), at)
        add("type", resource_type, at)
        add("evidence", evidence, at)
        add("year", day.year if day else None, at)
    theme_slugs = dict(Theme.objects.values_list("pk", "slug"))
    for pk, theme in links("themes", "theme_id"):
        if pk in position:
            add("theme", theme_slugs.get(theme), position[pk])
    area_slugs = dict(ServiceArea.objects.values_list("pk", "slug"))
    for pk, area in links("service_areas", "servicearea_id"):
        if pk in position:
            add("service_area", area_slugs.get(area), position[pk])
    council_facets = {pk: (region, kind) for pk, region, kind in Council.objects.values_list("pk", "region", "type")}
    council_positions: dict[int, set[int]] = {}
    for pk, council in links("councils", "council_id"):
        if pk in position:
            at = position[pk]
            council_positions.setdefault(council, set()).add(at)
            region, council_type = council_facets.get(council, ("", ""))
            add("region", region, at)
            add("council_type", council_type, at)
    for pk, council in links("replicated_by", "council_id"):
        if pk in position:
            council_positions.setdefault(council, set()).add(position[pk])
    return found, council_positions


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


def _newest_history(marks: Marks) -> tuple[Any, ...]:
    """The page-history entry ``marks`` names, as a value to compare later (empty if none)."""
    from wagtail.models import PageLogEntry

    row = PageLogEntry.objects.filter(pk=marks.page_log).values_list("pk", "page_id", "action", "timestamp").first()
    return tuple(row) if row else ()


# --- Bringing a kept index up to date --------------------------------------------------


def patched(index: FacetIndex, marks: Marks) -> FacetIndex | None:
    """``index`` brought up to the state ``marks``, or None when only a full build can do it. The
    index itself when it is already as new (another request brought it further meanwhile)."""
    old = index.marks
    if (marks.model_log, marks.imported) != (old.model_log, old.imported):
        return None
    if _newest_history(old) != index.history:
        return None
    pairs = [(marks.page_log, old.page_log), (marks.page, old.page), (marks.index_entry, old.index_entry)]
    if all(new <= kept for new, kept in pairs):
        return index
    if any(new < kept for new, kept in pairs):
        return None
    changes = _changes(index, marks)
    if changes is None:
        return None
    return _apply(index, marks, *changes)


def _changes(index: FacetIndex, marks: Marks) -> tuple[set[int], list[tuple[int, int, str]]] | None:
    """(ids of the pages changed since the index's marks, up to ``marks``; new full-text rows as
    (row id, content type, object id), SQLite only), or None for more than ``PATCH_LIMIT``."""
    from wagtail.models import Page, PageLogEntry

    old = index.marks
    history = PageLogEntry.objects.filter(pk__gt=old.page_log, pk__lte=marks.page_log).order_by()
    changed = set(history.values_list("page_id", flat=True).distinct()[: PATCH_LIMIT + 1])
    made = Page.objects.filter(pk__gt=old.page, pk__lte=marks.page).order_by()
    changed.update(made.values_list("pk", flat=True)[: PATCH_LIMIT + 1])
    entries: list[tuple[int, int, str]] = []
    if index.rowid_offset is not None and marks.index_entry > old.index_entry:
        from wagtail.search.models import IndexEntry

        rows = IndexEntry.objects.filter(pk__gt=old.index_entry, pk__lte=marks.index_entry).order_by()
        entries = list(rows.values_list("pk", "content_type_id", "object_id")[: PATCH_LIMIT + 1])
        resource_type = _resource_type()
        changed.update(int(object_id) for _rowid, kind, object_id in entries if kind == resource_type)
    if len(changed) > PATCH_LIMIT or len(entries) > PATCH_LIMIT:
        return None
    return changed, entries


def _resource_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    from tiex.library.models import ResourcePage

    return int(ContentType.objects.get_for_model(ResourcePage).pk)


def _apply(
    index: FacetIndex, marks: Marks, changed: set[int], entries: list[tuple[int, int, str]]
) -> FacetIndex | None:
    from tiex.library.models import ResourcePage

    rows = list(ResourcePage.objects.live().filter(pk__in=changed).order_by("pk").values_list(*ROWS))
    live = [row[0] for row in rows]
    placed = _place(index, changed, live, entries)
    if placed is None:
        return None
    pks, position, gone = placed
    added = [position[pk] for pk in live]
    size = len(pks)
    keep = ~to_mask(gone, size)
    found, council_positions = _facets(rows, position, only=live)
    rests = {sort: _without(order, gone) for sort, order in index.orders.items()}
    places = _places(rests, live, pks)
    if places is None:
        return None
    orders: dict[str, Sequence[int]] = {sort: _with(rest, places[sort], position) for sort, rest in rests.items()}
    return FacetIndex(
        marks=marks,
        pks=pks,
        position=position,
        all=(index.all & keep) | to_mask(added, size),
        values={param: _merged(index.values.get(param, {}), found[param], keep, size) for param in PARAMS},
        councils=_merged(index.councils, council_positions, keep, size),
        orders=orders,
        rowid_offset=index.rowid_offset,
        epoch=index.epoch,
        history=_newest_history(marks),
    )


def _place(
    index: FacetIndex, changed: set[int], live: list[int], entries: list[tuple[int, int, str]]
) -> tuple[array[int], dict[int, int], list[int]] | None:
    """(pks by position, {pk: position}, the old positions of the changed pages) with the
    changed pages taken out and the published ones put back (SQLite: at their row id)."""
    pks = array("q", index.pks)
    position = dict(index.position)
    gone = []
    for pk in changed:
        at = position.pop(pk, None)
        if at is not None:
            gone.append(at)
            pks[at] = 0
    offset = index.rowid_offset
    rowids = _rowids(live) if offset is not None else {}
    for pk in live:
        if offset is None:
            at = index.position.get(pk, len(pks))  # positions follow no row id: keep the old one, or add one
        else:
            rowid = rowids.get(pk)
            if rowid is None or rowid < offset:
                return None
            at = rowid - offset
        if at >= len(pks):
            pks.extend(repeat(0, at + 1 - len(pks)))
        if pks[at]:
            return None
        pks[at] = pk
        position[pk] = at
    if offset is not None:
        resource_type = _resource_type()
        for rowid, kind, object_id in entries:  # a new row must not land on another resource's position
            at = rowid - offset
            if 0 <= at < len(pks) and pks[at] and not (kind == resource_type and object_id == str(pks[at])):
                return None
    return pks, position, gone


def _rowids(pks: list[int]) -> dict[int, int]:
    """{pk: full-text row id} of these resources."""
    from wagtail.search.models import IndexEntry

    if not pks:
        return {}
    rows = IndexEntry.objects.filter(content_type_id=_resource_type(), object_id__in=[str(pk) for pk in pks])
    return {int(object_id): rowid for object_id, rowid in rows.values_list("object_id", "pk")}


def _merged(old: dict[Any, int], found: dict[Any, set[int]], keep: int, size: int) -> dict[Any, int]:
    """Each mask of ``old`` with only the bits in ``keep``, and the positions ``found`` added."""
    merged = {}
    for key in old.keys() | found.keys():
        mask = old.get(key, 0) & keep
        if key in found:
            mask |= to_mask(found[key], size)
        if mask:
            merged[key] = mask
    return merged


def _without(order: Sequence[int], gone: list[int]) -> array[int]:
    """A copy of ``order`` without the positions ``gone``."""
    if len(gone) > FEW:
        leave = set(gone)
        return array("l", [at for at in order if at not in leave])
    rest = array("l", order)
    for at in gone:
        found = _index_of(rest, at)
        if found is not None:  # None: not in the order (a page the build read between two of its queries)
            del rest[found]
    return rest


def _index_of(order: array[int], at: int) -> int | None:
    """Where ``at`` is in ``order``: its bytes found by ``bytes.find`` (a C search, about a hundred
    times faster than ``array.index``, which makes an integer object of every item it passes)."""
    data, needle, size = order.tobytes(), array("l", [at]).tobytes(), order.itemsize
    found = data.find(needle)
    while found != -1 and found % size:  # the bytes span two items: look further
        found = data.find(needle, found + 1)
    return None if found == -1 else found // size


def _with(rest: array[int], places: list[tuple[int, int]], position: dict[int, int]) -> array[int]:
    """``rest`` with each (index, pk) of ``places`` (in order) put before the item at that index."""
    result = array("l")
    done = 0
    for at, pk in places:
        result.extend(rest[done:at])
        result.append(position[pk])
        done = at
    result.extend(rest[done:])
    return result


def _places(
    rests: dict[str, array[int]], ids: list[int], pks: Sequence[int]
) -> dict[str, list[tuple[int, int]]] | None:
    """For each order, [(index in it before which the resource goes, id)] for each of ``ids``, in
    order. Each id's range in each order starts as the whole order and is narrowed ``FAN`` times
    at each step by the database's ranking of it among ``FAN`` resources spaced along the range;
    one query per step ranks every id against every range of every order (``_ranks``)."""
    ranges = {(sort, pk): (0, len(rest)) for sort, rest in rests.items() for pk in ids}
    ranks: dict[str, dict[int, int]] = {}
    while True:
        steps: dict[tuple[str, int, int], int] = {}
        wanted = set(ids)
        for (sort, _pk), (low, high) in ranges.items():
            if high > low and (sort, low, high) not in steps:
                step = steps[(sort, low, high)] = -(-(high - low) // FAN)
                wanted.update(pks[at] for at in rests[sort][low:high:step])
        if not steps and ranks:  # every place found; the last step ranked the ids among themselves
            break
        if len(wanted) > MAX_RANKED:
            return None
        found = _ranks(list(wanted))
        if found is None:
            return None
        ranks = found
        if not steps:
            break
        for (sort, pk), (low, high) in ranges.items():
            if high > low:
                rank, step = ranks[sort], steps[(sort, low, high)]
                pivots = range(low, high, step)
                before = sum(1 for at in pivots if rank[pks[rests[sort][at]]] < rank[pk])
                last = pivots[before - 1] if before else low - 1
                ranges[(sort, pk)] = (last + 1, min(last + step, high) if before else low)
    return {
        sort: sorted(((ranges[(sort, pk)][0], pk) for pk in ids), key=lambda place: (place[0], ranks[sort][place[1]]))
        for sort in rests
    }


def _ranks(ids: list[int]) -> dict[str, dict[int, int]] | None:
    """{sort: {id: rank among ``ids``}} for every order, from one query: the database ranks them
    (``ROW_NUMBER`` over each of ``ORDERINGS``), so each order keeps its collation and ties. None if
    any of them is gone."""
    from django.db.models import Window
    from django.db.models.functions import RowNumber

    from tiex.library.models import ResourcePage

    windows = {f"rank_{sort}": Window(RowNumber(), order_by=list(ordering)) for sort, ordering in ORDERINGS.items()}
    rows = list(ResourcePage.objects.filter(pk__in=ids).annotate(**windows).values_list("pk", *windows))
    if len(rows) != len(ids):
        return None
    return {sort: {row[0]: row[number] for row in rows} for number, sort in enumerate(ORDERINGS, start=1)}
