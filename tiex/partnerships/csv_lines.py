"""The CSV download's rows as text, written once per state of the data and kept (a fast path).

The trick: a partnership's row is the same text in every download for the same savings year,
whatever the filters, except for its ``url`` cell (absolute, so it depends on the address the
request came to). So each partnership's row is written once, every cell neutralised and quoted
by ``tiex.core.csv`` exactly as ``csv_response`` would, split around the ``url`` cell, and the
pieces are kept in this process under the data's version (``selectors_state``: it changes
whenever a dataset is imported or a partnerships write bumps the state) and the year. A download
then reads the matching ids (one query, ``selectors_table.partnership_table``) and joins their
kept text with the url cell: the body is byte for byte what writing every cell would give.

Nothing is kept while no write has recorded a state (``DownloadTable.kept`` False): the rows
are then written for the matching partnerships on every request. At most ``KEEP`` versions are
kept (about 1 KB a partnership each), the oldest dropped first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tiex.core.csv import Written, neutralise, render_rows, written_lines

KEEP = 4

_kept: OrderedDict[tuple[str, int], dict[int, str]] = OrderedDict()
_lock = threading.Lock()


def forget() -> None:
    """Drop every kept row (tests start from nothing)."""
    with _lock:
        _kept.clear()


def _heads(rows: Iterable[tuple[int, Sequence[Any]]]) -> dict[int, str]:
    """Each partnership's cells before the url cell, written as one CSV line without its end, plus
    the comma before the url: the writer quotes every cell on its own, so the pieces of a row
    joined with commas are the whole row as it would be written at once."""
    pks: list[int] = []
    cells: list[Sequence[Any]] = []
    for pk, head in rows:
        pks.append(pk)
        cells.append(head)
    return {pk: line[:-2] + "," for pk, line in zip(pks, written_lines(cells), strict=True)}


def written(
    *,
    ids: Sequence[int],
    key: tuple[str, int] | None,
    rows: Callable[[], Iterable[tuple[int, Sequence[Any]]]],
    url: Callable[[int], str],
    tail: Sequence[Any],
) -> Written:
    """The rows of ``ids`` in that order as CSV text: for each, its head (the cells ``rows()``
    gives with its id, before the url cell; kept under ``key`` unless None), the url cell
    ``url(pk)``, then the ``tail`` cells, the same on every row."""
    heads = _kept.get(key) if key is not None else None
    if heads is None:
        heads = _heads(rows())
        if key is not None:
            with _lock:
                _kept[key] = heads
                while len(_kept) > KEEP:
                    _kept.popitem(last=False)
    end = "," + render_rows([tail])
    probe = url(0)
    if render_rows([[probe]]) == neutralise(probe) + "\r\n" and probe.endswith("0/"):
        # The url needs no quoting (an address without commas, quotes or line breaks, not
        # read as a formula): its cell is the url itself.
        prefix = probe[: -len("0/")]
        text = "".join([f"{heads[pk]}{prefix}{pk}/{end}" for pk in ids])
    else:
        text = "".join([heads[pk] + render_rows([[url(pk)]])[:-2] + end for pk in ids])
    return Written(text)
