from __future__ import annotations

from pathlib import Path

from django.conf import settings

from tiex.board import measures

DOC = Path(settings.BASE_DIR) / "docs" / "board.md"


def test_every_measure_is_defined_in_the_docs() -> None:
    text = DOC.read_text()
    for key, item in measures.MEASURES.items():
        assert f"`{key}` | {item.label} |" in text, f"docs/board.md lacks the measure {key}"
