"""Full-text search: relevance, query limits and the time limit (on whichever database runs the tests)."""

from __future__ import annotations

import pytest

from tiex.library import search
from tiex.library.filters import ResourceFilters
from tiex.library.models import ResourcePage
from tiex.library.selectors import resource_search
from tiex.library.tests.factories import make_resource

pytestmark = pytest.mark.django_db


def test_words_are_cut_down_to_terms_without_operators() -> None:
    assert search.parse_terms('  Waste "recycling" OR food-waste* ') == ["waste", "recycling", "or", "food"]
    assert search.parse_terms("") == []


def test_a_search_that_is_too_long_is_refused_with_a_clear_message() -> None:
    with pytest.raises(search.QueryError, match="characters or fewer"):
        search.parse_terms("x" * (search.MAX_QUERY_LENGTH + 1))


def test_only_the_first_words_are_used_and_overlong_words_are_left_out() -> None:
    text = " ".join(f"word{n}" for n in range(search.MAX_TERMS + 3)) + " " + "a" * (search.MAX_TERM_LENGTH + 1)
    assert search.parse_terms(text) == [f"word{n}" for n in range(search.MAX_TERMS)]
    assert search.ignored_words(text) == 4
    assert search.ignored_words("waste food") == 0


def test_a_title_match_ranks_above_a_body_match(exchange) -> None:  # type: ignore[no-untyped-def]
    in_body = make_resource(
        "Shared services review",
        summary="How four councils worked together.",
        body="Garden waste and recycling rounds were merged, and waste crews shared a depot.",
    )
    in_title = make_resource("Waste collection redesign", summary="Rounds were replanned.")
    found = search.restrict_to_matches(ResourcePage.objects.live(), ["waste"]).order_by("-relevance")
    assert [page.pk for page in found] == [in_title.pk, in_body.pk]


def test_every_word_must_match(exchange) -> None:  # type: ignore[no-untyped-def]
    both = make_resource("Food waste collections", summary="Weekly food caddies.")
    make_resource("Garden waste", summary="Subscriptions.")
    result = resource_search(ResourceFilters(q="food waste"))
    assert [page.pk for page in result.items] == [both.pk]


def test_drafts_are_not_found(exchange) -> None:  # type: ignore[no-untyped-def]
    make_resource("Waste draft", publish=False)
    assert resource_search(ResourceFilters(q="waste")).count == 0


SLOW_QUERY = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 300000) SELECT count(*) FROM c"


def _slow_query() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SLOW_QUERY)
        return cursor.fetchone()[0]


def test_a_slow_query_inside_the_limit_is_stopped_and_one_after_it_is_not() -> None:
    with pytest.raises(search.SearchTimeout), search.time_limit(1):
        _slow_query()
    with search.time_limit(60_000):
        assert _slow_query() == 300000
    assert _slow_query() == 300000


def _titles(q: str, **options) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.title for item in resource_search(ResourceFilters(q=q), **options).items]


def test_relevance_puts_more_words_in_the_title_first(exchange) -> None:  # type: ignore[no-untyped-def]
    make_resource("Depot sharing", summary="Food waste and garden waste crews share a depot.")
    make_resource("Waste depot", summary="Food caddies were collected from the depot.")
    make_resource("Food waste rounds", summary="Rounds were replanned.")
    assert _titles("food waste") == ["Food waste rounds", "Waste depot", "Depot sharing"]


def test_relevance_among_title_matches_is_newest_first(exchange) -> None:  # type: ignore[no-untyped-def]
    import datetime

    make_resource("Waste rounds", date=datetime.date(2020, 5, 1))
    make_resource("Waste depots", date=datetime.date(2024, 5, 1))
    make_resource("Waste crews")  # no date: after the dated ones
    assert _titles("waste") == ["Waste depots", "Waste rounds", "Waste crews"]


def test_relevance_without_the_words_in_the_title_is_the_best_text_match(exchange) -> None:  # type: ignore[no-untyped-def]
    make_resource(
        "Depot review",
        summary="A review of the depot, its vehicles, its staff, its buildings and its budget, with one "
        "mention of waste among many other subjects that the review covered in detail.",
    )
    make_resource("Collections", summary="Waste, waste, waste: how waste rounds changed.")
    assert _titles("waste") == ["Collections", "Depot review"]


def test_pages_of_results_by_relevance_join_up_whatever_the_page_size(exchange) -> None:  # type: ignore[no-untyped-def]
    import datetime

    for n in range(4):
        make_resource(f"Waste project {n}", date=datetime.date(2020 + n, 1, 1))
        make_resource(f"Project {n}", summary=f"Waste {'and waste ' * n}in the text only.")
    whole = _titles("waste", limit=100)
    assert len(whole) == 8 and whole[:4] == [f"Waste project {n}" for n in (3, 2, 1, 0)]
    for size in (1, 3, 5):
        joined = []
        for offset in range(0, 8, size):
            joined += _titles("waste", limit=size, offset=offset)
        assert joined == whole
