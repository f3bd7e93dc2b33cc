"""Reads for comparing a council's agreed result with similar councils' (never a ranking).

A council's comparator group comes from the councils spine (``council_group``, kept in the
councils' cache with the Exchange's state); each published result's per-theme scores are
stored when it is published, so a group's medians and quartiles are one query
(``group_themes``). The results page reads its comparison together with its own result
(``selectors_results.results_page``), through ``group_condition``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from tiex.assessments import scoring
from tiex.assessments.models import Framework
from tiex.assessments.selectors import Structure, published_for_user, version_latest, version_structure


@dataclass(frozen=True)
class ThemeComparison:
    code: str
    title: str
    distribution: scoring.Distribution


@dataclass
class Comparison:
    council: Any
    kind: str
    kind_name: str
    members: list[Any]  # CouncilRow of every council in the group
    shared: int  # how many of them have a published result the caller may see
    dimension: str
    themes: list[ThemeComparison]
    # The council's financial indicators beside the group's (tiex.finance.beside.FinanceBeside), or None.
    finance: Any = None


def council_group(council: Any, kind: str, *, state: str | None = None) -> Any:
    """The council's comparator group (``tiex.councils.comparators.comparator_group``: one query).

    With ``state`` (the Exchange's state token, ``library_state``), the group is kept in the
    councils' cache: comparator data changes only when a dataset is imported, and every import
    makes a new state, so a kept group is never stale."""
    from tiex.councils import selectors as councils
    from tiex.councils.comparators import comparator_group

    if state is None:
        return comparator_group(council, kind)
    key = councils.cache_key("assessment-comparator-group", council.pk, kind, version=f"library-{state}")
    found = councils.page_cache().get(key)
    if found is None:
        found = comparator_group(council, kind)
        councils.page_cache().set(key, found, councils.CACHE_SECONDS)
    return found


def group_finance(council: Any, group: Any, *, state: str | None = None) -> Any:
    """The council's financial indicators beside its comparator group's (``tiex.finance.beside``: one
    query), or None when neither has revenue outturn returns.

    With ``state`` (as ``council_group``), kept in the councils' cache beside the group: the
    indicators change only when the revenue outturn is imported, and every import makes a new
    state, so the results page reads no query for them once the group is kept."""
    from tiex.councils import selectors as councils
    from tiex.finance.beside import finance_beside

    members = [comparator.council.la_code for comparator in group.comparators]
    if state is None:
        return finance_beside(la_code=council.la_code, members=members)
    key = councils.cache_key("assessment-comparator-finance", council.pk, group.kind, version=f"library-{state}")
    kept = councils.page_cache().get(key)
    if kept is None:
        kept = (finance_beside(la_code=council.la_code, members=members),)  # kept even when None
        councils.page_cache().set(key, kept, councils.CACHE_SECONDS)
    return kept[0]


def group_condition(*, user: Any, framework: Framework, codes: set[str]) -> Q:
    """ConsensusAnswer rows of the published results of the group's councils that ``user`` may see."""
    visible = published_for_user(user=user).filter(version__framework=framework, council__la_code__in=codes)
    return Q(assessment__in=visible.values("pk"))


def _structure_for(framework: Framework, structure: Structure | None) -> Structure | None:
    if structure is None or structure.framework.pk != framework.pk:  # themes of the latest version
        version = version_latest(framework=framework)
        return version_structure(version) if version else None
    return structure


def comparison(
    *, user: Any, framework: Framework, council: Any, kind: str, structure: Structure | None = None
) -> Comparison:
    """Per theme, the median and quartiles of the comparator group's latest published results, and the
    council's financial indicators beside the group's (one query more).

    Only results the caller may see count; each council counts once (its latest result);
    a theme's figure is its mean agreed value on the framework's first dimension, by the
    themes of ``structure`` when given (the page's own version), else the latest version. Any
    figure from fewer than scoring.MIN_COUNCILS councils is suppressed. Never a ranking.
    """
    group = council_group(council, kind)
    members = [comparator.council for comparator in group.comparators]
    structure = _structure_for(framework, structure)
    dimension = structure.dimension_keys[0] if structure and structure.dimension_keys else ""
    # One query: the stored theme scores of every visible published result of the group's councils.
    shared, themes = group_themes(
        user=user, framework=framework, structure=structure, la_codes={row.la_code for row in members}
    )
    return Comparison(
        council=council,
        kind=group.kind,
        kind_name=group.kind_name,
        members=members,
        shared=shared,
        dimension=dimension,
        themes=themes,
        finance=group_finance(council, group),
    )


@functools.lru_cache(maxsize=16_384)
def _theme_scores(text: str) -> dict[str, float]:
    """A published result's stored theme scores from their stored text, decoded once per process.

    Keyed on the text itself, so a result published again with other scores is simply another
    entry (never a stale one); callers only read the mapping. At most 16,384 kept (a few MB).
    """
    decoded = json.loads(text)
    return decoded if isinstance(decoded, dict) else {}


def group_themes(
    *, user: Any, framework: Framework, structure: Structure | None, la_codes: Collection[str] | None
) -> tuple[int, list[ThemeComparison]]:
    """(how many councils count, per theme the distribution of their latest visible published results).

    ``la_codes`` is the group (None: every council, the widest group). One query, one row a
    published result: each result's per-theme scores are stored when it is published
    (``Assessment.theme_scores``, by ``services.assessment_publish``), so the figures are
    computed from one small mapping a council, however many statements the framework has.
    The stored scores are read as text and decoded through ``_theme_scores``, which keeps what
    it decoded: decoding was most of the time over every council (about 4 microseconds a row).
    """
    latest: dict[int, dict[str, float]] = {}
    if la_codes is None or la_codes:
        visible = published_for_user(user=user).filter(version__framework=framework)
        if la_codes is not None:
            # A subquery, not a join: the database then checks each published result's council
            # against the group's ids instead of looking up every result's council (3x faster at 10x).
            from tiex.councils.selectors import council_ids

            visible = visible.filter(council_id__in=council_ids(la_codes=la_codes))
        rows = (
            visible.order_by("council_id", "-published_at", "-pk")
            .annotate(scores=Cast("theme_scores", TextField()))
            .values_list("council_id", "scores")
        )
        for council_id, text in rows:
            if council_id not in latest:  # newest first: an older result of a council is not counted
                latest[council_id] = _theme_scores(text)
    pages = structure.pages if structure else []
    figures = scoring.theme_distributions(latest.values(), [page.section.code for page in pages])
    themes = [ThemeComparison(page.section.code, page.section.title, figures[page.section.code]) for page in pages]
    return len(latest), themes
