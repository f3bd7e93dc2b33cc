from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.http import StreamingHttpResponse

from tiex.core.json_download import django_dumps, dumps, json_chunks, json_download


def items(count: int) -> list[dict[str, Any]]:
    return [{"id": n, "name": f"Council \u2019{n}", "place": "Ynys M\u00f4n", "tags": ["a", n]} for n in range(count)]


@pytest.mark.parametrize("count", [0, 1, 2, 499, 500, 501, 1234])
@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_the_chunks_join_to_exactly_the_whole_encoding(count: int, position: str) -> None:
    rest = {"count": count, "note": "caf\u00e9 \u2014 \u00e0 la carte", "totals": {"sum": 1.5, "none": None}}
    listed = items(count)
    keys = {"first": ["items", *rest], "middle": ["count", "items", "note", "totals"], "last": [*rest, "items"]}
    envelope = {key: (listed if key == "items" else rest[key]) for key in keys[position]}
    streamed_envelope = {**envelope, "items": iter(listed)}  # any iterable, consumed as it is written
    chunks = list(json_chunks(streamed_envelope, "items", batch=500))
    text = "".join(chunks)
    assert text == json.dumps(envelope, ensure_ascii=False)
    assert json.loads(text) == envelope
    assert list(json.loads(text)) == list(envelope)  # the keys in the same order
    assert len(chunks) == 2 + -(-count // 500)  # the opening, a chunk per batch, the closing


def test_an_envelope_of_the_list_alone() -> None:
    for count in (0, 1, 3):
        envelope = {"features": items(count)}
        assert "".join(json_chunks(envelope, "features", batch=2)) == dumps(envelope)


def test_non_ascii_text_is_kept_as_it_is_and_the_django_encoder_handles_dates_and_decimals() -> None:
    envelope = {
        "when": datetime.date(2025, 4, 1),
        "items": [{"amount": Decimal("1.50"), "name": "\u0141\u00f3d\u017a \U0001f600"}] * 3,
    }
    text = "".join(json_chunks(envelope, "items", encode=django_dumps, batch=2))
    assert text == django_dumps(envelope)
    assert "\u0141\u00f3d\u017a" in text


def test_json_download_is_a_streamed_attachment() -> None:
    response = json_download(
        {"count": 1, "items": items(1)}, "items", filename="x.json", content_type="application/json; charset=utf-8"
    )
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.json"'
    assert json.loads(response.getvalue()) == {"count": 1, "items": items(1)}
