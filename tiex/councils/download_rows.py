"""The council directory's download rows (CSV lines, JSON items) as text, written once per state
of the data and kept (a fast path).

The trick: a council's download row is the same text in every download, whatever the filters,
except its ``url`` cell (absolute, so it depends on the address the request came to). Council
data changes only through imports (``tiex.core.selectors.data_version``), so each council's
row is written once, every cell neutralised and quoted by ``tiex.core.csv`` exactly as
``csv_response`` writes a row, split around the url cell, and the pieces are kept in this
process. A download reads the matching ids through the directory's own selector (one query)
and joins the kept pieces with the url: byte for byte what writing every cell would give. The
JSON download's items are kept the same way (``json_items``), each item's text split around
its url.

What is kept belongs to a *generation*: a token stored in the councils cache under the data
version. An import changes the version, and clearing that cache (as tests do between
tests) drops the token, so rows kept by an earlier generation are never read again. Rows are
written the first time a download needs them (a council missing from the kept rows is
written then), so a cold download costs what it did before this module and no more.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from tiex.core.csv import neutralise, written_lines

KEEP = 4  # generations kept in the process, the oldest dropped first
CHUNK = 500  # rows a streamed download sends at a time
_QUOTED = (",", '"', "\r", "\n")

# (generation, "csv" or "json") -> council pk -> (the text before the url, the url's path, the text after)
_kept: OrderedDict[tuple[str, str], dict[int, tuple[str, str, str]]] = OrderedDict()
_URL_MARK = "\x00url\x00"
_NEEDS_QUOTING = "\x00"  # before a kept path that the CSV writer would quote (never in a URL)
_lock = threading.Lock()


def forget() -> None:
    """Drop every kept row."""
    with _lock:
        _kept.clear()


def generation(get: Callable[[], str | None], add: Callable[[str], object]) -> str:
    """The current generation token: read with ``get``; when there is none, a new one is
    offered with ``add`` (which keeps the first of two racing offers) and read back."""
    token = get()
    if token is None:
        add(uuid.uuid4().hex)
        token = get() or uuid.uuid4().hex
    return token


def _split(cells: Sequence[Any], url_index: int, base: str) -> tuple[str, str, str]:
    url = cells[url_index] or ""
    if not url.startswith(base):
        raise ValueError(f"a download row's url {url!r} is not under {base!r}")
    path = url[len(base) :]
    if any(mark in path for mark in _QUOTED):  # never for a council's path: marked, quoted when joined
        path = _NEEDS_QUOTING + path
    head, tail = written_lines([cells[:url_index], cells[url_index + 1 :]])
    # The writer quotes each cell on its own, so cells written apart and joined with commas are
    # the row as it would be written at once (each part has several cells, never one empty cell).
    return head[:-2] + ",", path, "," + tail


def _kept_rows(token: str, kind: str) -> dict[int, tuple[str, str, str]]:
    with _lock:
        kept = _kept.get((token, kind))
        if kept is None:
            kept = _kept[token, kind] = {}
            while len(_kept) > 2 * KEEP:
                _kept.popitem(last=False)
        else:
            _kept.move_to_end((token, kind))
    return kept


def _split_item(item: dict[str, Any], base: str) -> tuple[str, str, str]:
    url = item["url"] or ""
    if not url.startswith(base):
        raise ValueError(f"a download item's url {url!r} is not under {base!r}")
    text = json.dumps({**item, "url": _URL_MARK}, cls=DjangoJSONEncoder)
    head, tail = text.split(json.dumps(_URL_MARK), 1)
    # The path as it is inside a JSON string: json.dumps escapes character by character, so the
    # escaped base followed by the escaped path is the escaped url.
    return head, json.dumps(url[len(base) :])[1:-1], tail


def json_items(
    *, token: str, ids: Sequence[int], base: str, items: Callable[[Sequence[int]], Iterable[tuple[int, dict[str, Any]]]]
) -> Iterator[str]:
    """The JSON download's items of councils ``ids`` in that order, each as ``json.dumps`` with
    Django's encoder writes it (as ``JsonResponse`` does), its url ``base`` + the council's path:
    kept ones joined, missing ones made by ``items(missing ids)`` and kept. Yields the items'
    text CHUNK at a time, joined with ", " (a list's separator), the first chunk without it."""
    kept = _kept_rows(token, "json")
    missing = [pk for pk in ids if pk not in kept]
    if missing:
        written = {pk: _split_item(item, base) for pk, item in items(missing)}
        with _lock:
            kept.update(written)
    present = [pk for pk in ids if pk in kept]
    opening = '"' + json.dumps(base)[1:-1]
    for start in range(0, len(present), CHUNK):
        text = ", ".join(
            head + opening + path + '"' + tail
            for head, path, tail in map(kept.__getitem__, present[start : start + CHUNK])
        )
        yield (", " if start else "") + text


def lines(
    *,
    token: str,
    ids: Sequence[int],
    base: str,
    url_index: int,
    rows: Callable[[Sequence[int]], Iterable[tuple[int, Sequence[Any]]]],
) -> Iterator[str]:
    """The CSV lines of councils ``ids`` in that order, each its cells with the url cell
    ``base`` + the council's path at ``url_index``: kept ones joined, missing ones written by
    ``rows(missing ids)`` (which yields each id with its cells, the url absolute under ``base``)
    and kept for the next download. Yields CHUNK lines at a time."""
    kept = _kept_rows(token, "csv")
    missing = [pk for pk in ids if pk not in kept]
    if missing:
        written = {pk: _split(cells, url_index, base) for pk, cells in rows(missing)}
        with _lock:
            kept.update(written)
    plain = not any(mark in base for mark in _QUOTED) and neutralise(base) == base
    for start in range(0, len(ids), CHUNK):
        parts = []
        for pk in ids[start : start + CHUNK]:
            row = kept.get(pk)
            if row is None:  # deleted between the two queries
                continue
            head, path, tail = row
            if plain and not path.startswith(_NEEDS_QUOTING):
                url = base + path
            else:
                url = written_lines([[base + path.removeprefix(_NEEDS_QUOTING)]])[0][:-2]
            parts.append(head + url + tail)
        yield "".join(parts)
