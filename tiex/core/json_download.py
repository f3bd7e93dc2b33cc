"""JSON and GeoJSON downloads sent as they are written.

A download is an envelope (a dict) with one long list in it (``items``, ``features`` ...).
``json_chunks`` writes the envelope's other keys, then the list's items in batches, each batch
encoded by one call of the encoder (the C encoder for plain data), then the closing: the same
text as encoding the whole dict at once (same keys, same order, same separators), never held
whole in memory. The list may be any iterable (a generator builds each item as it is sent).
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse

JSON_BATCH = 500  # items encoded per chunk of a streamed JSON download

Encoder = Callable[[Any], str]

dumps: Encoder = functools.partial(json.dumps, ensure_ascii=False)
"""Plain data, non-ASCII text as it is (the partnerships' downloads)."""

django_dumps: Encoder = functools.partial(json.dumps, cls=DjangoJSONEncoder, ensure_ascii=False)
"""As ``JsonResponse(..., json_dumps_params={"ensure_ascii": False})`` encodes."""


def _open(encode: Encoder, part: Mapping[str, Any]) -> str:
    """``part`` encoded as an object without its closing brace (``{`` alone when empty)."""
    if not part:
        return "{"
    return encode(dict(part))[:-1] + ", "


def json_chunks(
    envelope: Mapping[str, Any], list_key: str, *, encode: Encoder = dumps, batch: int = JSON_BATCH
) -> Iterator[str]:
    """``encode(envelope)`` in pieces, ``envelope[list_key]`` (any iterable) a batch at a time.

    The encoder must write objects and arrays with the default separators and no indent
    (``", "`` between items): the pieces then join to exactly ``encode(envelope)``."""
    keys = list(envelope)
    at = keys.index(list_key)
    before = {key: envelope[key] for key in keys[:at]}
    after = {key: envelope[key] for key in keys[at + 1 :]}
    yield _open(encode, before) + encode(list_key) + ": ["
    remaining = iter(envelope[list_key])
    first = True
    while chunk := list(itertools.islice(remaining, batch)):
        text = encode(chunk)[1:-1]
        yield text if first else ", " + text
        first = False
    yield "]" + (", " + encode(after)[1:] if after else "}")


def json_download(
    envelope: Mapping[str, Any],
    list_key: str,
    *,
    filename: str | None = None,
    content_type: str = "application/json",
    encode: Encoder = dumps,
) -> StreamingHttpResponse:
    """A JSON download sent as it is written (``json_chunks``); ``filename`` sets an attachment."""
    response = StreamingHttpResponse(json_chunks(envelope, list_key, encode=encode), content_type=content_type)
    if filename is not None:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
