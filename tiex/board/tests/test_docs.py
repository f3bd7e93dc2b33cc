from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from tiex.board import measures

DOC = Path(settings.BASE_DIR) / "docs" / "board.md"


def test_every_measure_is_defined_in_the_docs() -> None:
    text = DOC.read_text()
    for key, item in measures.MEASURES.items():
        assert f"`{key}` | {item.label} |" in text, f"docs/board.md lacks the measure {key}"


@pytest.mark.django_db
def test_every_figure_a_report_cites_is_in_the_docs() -> None:
    """Each page the reports cite is named in docs/board.md's table of figures."""
    from tiex.board import selectors_reports

    text = DOC.read_text()
    for figure in selectors_reports.report_figures(date(2018, 4, 1), date(2019, 3, 31)):
        page = figure.href.split("?", 1)[0]
        assert f"`{page}" in text, f"docs/board.md does not name {page} (the figure {figure.key})"
