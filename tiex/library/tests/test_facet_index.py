"""The facet index after a change to the library: brought up to date in the request, without a full
build, showing a newly published resource at once and a withdrawn one never."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from wagtail.log_actions import log
from wagtail.models import Page

from tiex.councils.models import CouncilType
from tiex.library import facet_index, facet_index_load, selectors, services
from tiex.library.facet_index import positions_of
from tiex.library.filters import ResourceFilters
from tiex.library.models import ResourcePage, Theme
from tiex.library.tests.factories import CouncilFactory, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(exchange):  # type: ignore[no-untyped-def]
    hackney = CouncilFactory(name="Hackney", region="London", type=CouncilType.LONDON_BOROUGH)
    kent = CouncilFactory(county_council=True, name="Kent", region="South East")
    pages = {
        "food": make_resource(
            "Food waste collections", themes=("income-and-spend",), councils=(kent,), date=datetime.date(2024, 3, 1)
        ),
        "garden": make_resource(
            "Garden waste subscriptions", themes=("income-and-spend",), date=datetime.date(2023, 6, 1)
        ),
        "fleet": make_resource("Electric refuse fleet", councils=(hackney,), date=datetime.date(2024, 9, 1)),
        "cyber": make_resource("Cyber security baseline", themes=("digital-and-technology",)),
        "guide": make_resource("Budget guidance", date=datetime.date(2022, 1, 1)),
    }
    make_resource("Unpublished waste idea", themes=("income-and-spend",), publish=False)
    return {"pages": pages, "hackney": hackney, "kent": kent}


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Each full build of the facet index, as it happens."""
    calls: list[Any] = []
    real = facet_index_load.build

    def counted(marks: facet_index.Marks) -> facet_index.FacetIndex:
        calls.append(marks)
        return real(marks)

    monkeypatch.setattr(facet_index_load, "build", counted)
    return calls


def search(**filters: Any) -> selectors.SearchResult:
    return selectors.resource_search(ResourceFilters(**filters))


def titles(result: selectors.SearchResult) -> list[str]:
    return [item.title for item in result.items]


def counts(result: selectors.SearchResult, param: str) -> dict[str, int]:
    facet = next(facet for facet in result.facets if facet.param == param)
    return {value.value: value.count for value in facet.values}


def view(index: facet_index.FacetIndex) -> dict[str, Any]:
    """What an index says, by resource id rather than by position."""

    def ids(mask: int) -> set[int]:
        return {index.pks[at] for at in positions_of(mask)}

    return {
        "all": ids(index.all),
        "values": {
            param: {value: ids(mask) for value, mask in values.items()} for param, values in index.values.items()
        },
        "councils": {council: ids(mask) for council, mask in index.councils.items()},
        "orders": {sort: [index.pks[at] for at in order] for sort, order in index.orders.items()},
    }


def test_a_search_right_after_a_publish_shows_the_new_resource_without_a_full_build(library, builds) -> None:  # type: ignore[no-untyped-def]
    assert search(themes=("income-and-spend",)).count == 2
    assert len(builds) == 1
    bulky = make_resource(
        "Bulky waste booking", themes=("income-and-spend",), councils=(library["kent"],), date=datetime.date(2025, 1, 1)
    )
    after = search(themes=("income-and-spend",))
    assert after.count == 3
    assert titles(after)[0] == "Bulky waste booking"  # the newest
    assert counts(after, "theme")["income-and-spend"] == 3
    assert counts(after, "region")["South East"] == 2
    assert "Bulky waste booking" in titles(search(q="bulky"))
    assert [item.pk for item in search(council=library["kent"].gss_code).items] == [
        bulky.pk,
        library["pages"]["food"].pk,
    ]
    by_title = titles(search(sort="title"))
    assert by_title == sorted(by_title) and "Bulky waste booking" in by_title
    # A draft published later (its full-text row made before others) shows as well.
    draft = ResourcePage.objects.get(title="Unpublished waste idea")
    draft.save_revision().publish()
    assert "Unpublished waste idea" in titles(search(q="idea"))
    assert search(themes=("income-and-spend",)).count == 4
    assert len(builds) == 1


def test_a_withdrawn_resource_is_never_shown_after_its_unpublish_or_delete(library, builds) -> None:  # type: ignore[no-untyped-def]
    food, fleet = library["pages"]["food"], library["pages"]["fleet"]
    assert "Food waste collections" in titles(search(q="waste"))
    food.unpublish()
    for result in (search(), search(q="waste"), search(themes=("income-and-spend",)), search(sort="title")):
        assert "Food waste collections" not in titles(result)
    assert search(themes=("income-and-spend",)).count == 1
    assert search(council=library["kent"].gss_code).count == 0
    assert "South East" not in counts(search(), "region")
    fleet.delete()
    assert "Electric refuse fleet" not in titles(search())
    assert search().count == 3
    assert "London" not in counts(search(), "region")
    assert len(builds) == 1


@pytest.mark.parametrize(("fan", "few"), [(3, 16), (48, 0)])
def test_the_index_kept_through_changes_is_the_index_a_build_makes(library, builds, monkeypatch, fan, few) -> None:  # type: ignore[no-untyped-def]
    # fan 3: places found in several narrowing steps; few 0: withdrawn ones taken out in one pass
    monkeypatch.setattr(facet_index_load, "FAN", fan)
    monkeypatch.setattr(facet_index_load, "FEW", few)
    for number in range(12):  # enough resources for the orders to be placed in stretches
        make_resource(f"Filler {number:02}", date=datetime.date(2020, 1 + number, 1) if number % 3 else None)
    search()
    make_resource("Aardvark audit", themes=("digital-and-technology",), councils=(library["hackney"],))
    library["pages"]["garden"].unpublish()
    cyber = library["pages"]["cyber"]
    services.resource_update(
        actor=None,
        page=cyber,
        data=services.ResourceData(
            title="Zebra crossing review",
            summary="Changed.",
            themes=("income-and-spend",),
            councils=(library["kent"].pk,),
            date=datetime.date(2021, 5, 5),
        ),
    )
    ResourcePage.objects.get(title="Filler 03").delete()
    ResourcePage.objects.get(title="Unpublished waste idea").save_revision().publish()
    search()
    kept = facet_index._current
    assert kept is not None and len(builds) == 1
    assert view(kept) == view(facet_index_load.build(selectors.library_marks()))


def test_changes_a_kept_index_cannot_take_make_a_full_build(library, builds, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    search()
    assert len(builds) == 1
    monkeypatch.setattr(facet_index, "PATCH_LIMIT", 1)
    monkeypatch.setattr(facet_index_load, "PATCH_LIMIT", 1)
    make_resource("One")
    make_resource("Two")
    assert search().count == 7
    assert len(builds) == 2  # more pages changed than it applies one by one
    theme = Theme.objects.get(slug="income-and-spend")
    log(instance=theme, action="wagtail.edit")  # a taxonomy edit in the admin
    search()
    assert len(builds) == 3
    cache.clear()
    search()
    assert len(builds) == 4


def test_a_resource_withdrawn_without_history_is_left_out_of_a_kept_answer(library) -> None:  # type: ignore[no-untyped-def]
    assert "Budget guidance" in titles(search())
    Page.objects.filter(pk=library["pages"]["guide"].pk).update(live=False)  # no history: the state is the same
    assert "Budget guidance" not in titles(search())
    assert "Budget guidance" not in [page.title for page in selectors.resource_search_all(ResourceFilters()).items]


def test_a_request_that_read_an_older_state_is_answered_by_the_newer_index(library, builds) -> None:  # type: ignore[no-untyped-def]
    older = selectors.library_marks()
    search()
    make_resource("Newer than the request")
    search()
    kept = facet_index._current
    assert kept is not None and kept.marks != older
    assert facet_index.get(older) is kept  # another request brought it further: no build, no step back
    assert len(builds) == 1
