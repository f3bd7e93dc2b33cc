"""views_shared.result_summary: the plain sentences under the results chart (no database)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tiex.assessments.scoring import ThemeSummary
from tiex.assessments.views_shared import result_summary


def theme(title: str, current: float | None, gap: float | None = None) -> ThemeSummary:
    means: dict[str, float | None] = {"current": current}
    return ThemeSummary(section=title.lower(), title=title, statements=2, answered=2, means=means, gap=gap)


def summary(*themes: ThemeSummary) -> list[str]:
    result: Any = SimpleNamespace(main_dimension="current", themes=list(themes))
    structure: Any = SimpleNamespace(level_values=[1, 2, 3, 4, 5])
    return result_summary(result, structure)


def test_the_strongest_and_weakest_themes_and_the_largest_gap() -> None:
    assert summary(theme("Place", 2.5, gap=2), theme("Money", 4, gap=0.5), theme("People", None, gap=3)) == [
        "Strongest theme: Money (average 4 of 5).",
        "Weakest theme: Place (average 2.5 of 5).",
        "Largest gap between now and the ambition: People (3 levels).",
    ]


def test_without_gaps_no_gap_sentence() -> None:
    assert summary(theme("Place", 3)) == [
        "Strongest theme: Place (average 3 of 5).",
        "Weakest theme: Place (average 3 of 5).",
    ]


def test_with_no_answers_one_sentence_says_so() -> None:
    assert summary(theme("Place", None)) == ["No statements have an answer yet."]
    assert summary() == ["No statements have an answer yet."]
