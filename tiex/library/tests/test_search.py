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
