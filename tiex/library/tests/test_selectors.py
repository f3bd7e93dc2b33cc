"""The search selector (filters and facet counts), similar resources, council resources and draft visibility."""

from __future__ import annotations

import datetime

import pytest

from tiex.accounts.roles import Role
from tiex.councils.models import CouncilType
from tiex.library import selectors
from tiex.library.choices import EvidenceLevel, ResourceType
from tiex.library.filters import ResourceFilters
from tiex.library.tests.factories import CouncilFactory, UserFactory, council_member, editor, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(exchange):  # type: ignore[no-untyped-def]
    """Five published resources across types, themes, service areas, regions, council types and years."""
    london = CouncilFactory(name="Hackney", region="London", type=CouncilType.LONDON_BOROUGH)
    district = CouncilFactory(name="Ashford", region="South East")
    county = CouncilFactory(county_council=True, name="Kent", region="South East")
    pages = {
        "food": make_resource(
            "Food waste collections",
            themes=("income-and-spend",),
            service_areas=("waste", "climate"),
            councils=(district,),
            date=datetime.date(2024, 3, 1),
            evidence_level=EvidenceLevel.REPORTED,
        ),
        "garden": make_resource(
            "Garden waste subscriptions",
            themes=("income-and-spend", "digital-and-technology"),
            service_areas=("waste",),
            councils=(district, county),
            date=datetime.date(2023, 6, 1),
        ),
        "fleet": make_resource(
            "Electric refuse fleet",
            body="Waste lorries replaced by electric ones.",
            themes=("leadership-of-place",),
            service_areas=("climate", "waste"),
            councils=(london,),
            date=datetime.date(2024, 9, 1),
            evidence_level=EvidenceLevel.COMPARED,
        ),
        "cyber": make_resource(
            "Cyber security baseline",
            resource_type=ResourceType.TOOLKIT,
            themes=("digital-and-technology",),
            councils=(county,),
            date=datetime.date(2022, 1, 1),
        ),
        "guide": make_resource("Budget guidance", resource_type=ResourceType.GUIDANCE, themes=("financial-planning",)),
    }
    make_resource("Unpublished waste idea", themes=("income-and-spend",), publish=False)
    return {"pages": pages, "london": london, "district": district, "county": county}


def _facet(result: selectors.SearchResult, param: str) -> dict[str, int]:
    return {value.value: value.count for facet in result.facets if facet.param == param for value in facet.values}


def test_no_filters_lists_every_published_resource_newest_first(library) -> None:  # type: ignore[no-untyped-def]
    result = selectors.resource_search(ResourceFilters())
    pages = library["pages"]
    assert result.count == 5
    assert [page.pk for page in result.items] == [
        pages[key].pk for key in ("fleet", "food", "garden", "cyber", "guide")
    ]


def test_facet_counts_are_computed_over_the_matching_resources(library) -> None:  # type: ignore[no-untyped-def]
    result = selectors.resource_search(ResourceFilters(q="waste"))
    assert result.count == 3
    assert _facet(result, "type") == {"case-study": 3}
    assert _facet(result, "theme") == {"income-and-spend": 2, "digital-and-technology": 1, "leadership-of-place": 1}
    assert _facet(result, "service_area") == {"waste": 3, "climate": 2}
    assert _facet(result, "region") == {"South East": 2, "London": 1}  # counted once per resource
    assert _facet(result, "council_type") == {"NMD": 2, "CTY": 1, "LBO": 1}
    assert _facet(result, "evidence") == {"described": 1, "reported": 1, "compared": 1}
    assert _facet(result, "year") == {"2024": 2, "2023": 1}


def test_a_theme_narrows_the_search_and_other_facets_follow(library) -> None:  # type: ignore[no-untyped-def]
    pages = library["pages"]
    result = selectors.resource_search(ResourceFilters(q="waste", themes=("income-and-spend",)))
    assert {page.pk for page in result.items} == {pages["food"].pk, pages["garden"].pk}
    # The theme facet itself still offers the alternatives (values within a facet are "or").
    assert _facet(result, "theme") == {"income-and-spend": 2, "digital-and-technology": 1, "leadership-of-place": 1}
    assert _facet(result, "year") == {"2024": 1, "2023": 1}
    selected = [value.value for facet in result.facets for value in facet.values if value.selected]
    assert selected == ["exchange", "income-and-spend"]  # the default collection, and the theme chosen


def test_values_within_a_facet_are_alternatives_and_facets_combine(library) -> None:  # type: ignore[no-untyped-def]
    pages = library["pages"]
    either = selectors.resource_search(ResourceFilters(themes=("leadership-of-place", "financial-planning")))
    assert {page.pk for page in either.items} == {pages["fleet"].pk, pages["guide"].pk}
    both = selectors.resource_search(ResourceFilters(themes=("digital-and-technology",), types=("toolkit",)))
    assert [page.pk for page in both.items] == [pages["cyber"].pk]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ResourceFilters(regions=("London",)), {"fleet"}),
        (ResourceFilters(council_types=("CTY",)), {"garden", "cyber"}),
        (ResourceFilters(evidence=("compared", "reported")), {"fleet", "food"}),
        (ResourceFilters(years=(2024,)), {"fleet", "food"}),
        (ResourceFilters(service_areas=("climate",)), {"fleet", "food"}),
        (ResourceFilters(types=("guidance",)), {"guide"}),
    ],
)
def test_each_facet_filters(library, filters: ResourceFilters, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    result = selectors.resource_search(filters)
    assert {page.pk for page in result.items} == {library["pages"][key].pk for key in expected}
    assert result.count == len(expected)


def test_council_filter_finds_resources_involving_or_replicated_by_a_council(library) -> None:  # type: ignore[no-untyped-def]
    adopter = CouncilFactory(name="Adopter")
    replicated = make_resource("Replicated idea", replicated_by=(adopter,))
    result = selectors.resource_search(ResourceFilters(council=adopter.gss_code))
    assert [page.pk for page in result.items] == [replicated.pk]
    assert result.council == adopter


def test_sorting(library) -> None:  # type: ignore[no-untyped-def]
    titles = [page.title for page in selectors.resource_search(ResourceFilters(sort="title")).items]
    assert titles == sorted(titles)
    oldest = selectors.resource_search(ResourceFilters(sort="oldest")).items
    assert oldest[0].pk == library["pages"]["cyber"].pk


def test_relevance_without_words_sorts_newest_first(library) -> None:  # type: ignore[no-untyped-def]
    by_relevance = selectors.resource_search(ResourceFilters(sort="relevance", q="!!!")).items
    assert [page.pk for page in by_relevance] == [
        page.pk for page in selectors.resource_search(ResourceFilters()).items
    ]


def test_pagination_returns_one_page_and_the_total(library) -> None:  # type: ignore[no-untyped-def]
    result = selectors.resource_search(ResourceFilters(), limit=2, offset=2)
    assert result.count == 5
    assert len(result.items) == 2


def test_similar_resources_share_service_areas_themes_and_councils(library) -> None:  # type: ignore[no-untyped-def]
    pages = library["pages"]
    similar = selectors.similar_resources(pages["food"])
    assert pages["food"] not in similar
    assert [page.pk for page in similar[:2]] == [pages["garden"].pk, pages["fleet"].pk]
    assert all(page.live for page in similar)


def test_resources_for_council_lists_its_published_resources(library) -> None:  # type: ignore[no-untyped-def]
    found = selectors.resources_for_council(library["district"])
    assert {page.title for page in found.items} == {"Food waste collections", "Garden waste subscriptions"}
    assert found.count == 2
    # Both collections: a council's profile lists its climate plans too, and the link finds the same.
    assert found.search_href.endswith(f"?collection=all&council={library['district'].gss_code}")


def test_a_draft_is_seen_only_by_its_submitter_their_super_user_and_editors(exchange) -> None:  # type: ignore[no-untyped-def]
    council = CouncilFactory()
    submitter = council_member(council)
    page = make_resource("Draft", publish=False)
    page.owner = submitter
    page.submitted_by_council = council
    page.save()
    colleague = council_member(council)
    super_user = council_member(council, Role.SUPER_USER)
    other = council_member(CouncilFactory())
    assert selectors.resource_get_for_user(user=submitter, slug=page.slug) is not None
    assert selectors.resource_get_for_user(user=super_user, slug=page.slug) is not None
    assert selectors.resource_get_for_user(user=editor(), slug=page.slug) is not None
    assert selectors.resource_get_for_user(user=colleague, slug=page.slug) is None
    assert selectors.resource_get_for_user(user=other, slug=page.slug) is None
    assert selectors.resource_get_for_user(user=UserFactory(), slug=page.slug) is None
    assert selectors.resource_get_for_user(user=None, slug=page.slug) is None


def test_the_facet_index_follows_changes_to_the_library(library) -> None:  # type: ignore[no-untyped-def]
    before = selectors.resource_search(ResourceFilters(themes=("income-and-spend",)))
    assert before.count == 2
    make_resource("Bulky waste booking", themes=("income-and-spend",))
    after = selectors.resource_search(ResourceFilters(themes=("income-and-spend",)))
    assert after.count == 3
    assert _facet(after, "theme")["income-and-spend"] == 3
    library["pages"]["food"].unpublish()
    assert selectors.resource_search(ResourceFilters(themes=("income-and-spend",))).count == 2


def test_facet_index_bit_sets() -> None:
    from tiex.library.facet_index import positions_of, to_mask

    mask = to_mask([0, 3, 9, 200], 201)
    assert mask.bit_count() == 4
    assert positions_of(mask) == [0, 3, 9, 200]
    assert positions_of(0) == []


def test_facet_index_masks_from_full_text_row_ids() -> None:
    from tiex.library.facet_index import mask_from_ids, to_mask

    assert mask_from_ids("5,7,12", 5, 8) == to_mask([0, 2, 7], 8)
    assert mask_from_ids("", 5, 8) == 0
    assert mask_from_ids("1", 1, 1) == 1


def test_search_still_finds_everything_after_the_search_index_is_rebuilt(library) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    before = selectors.resource_search(ResourceFilters(q="waste"))
    call_command("update_index", verbosity=0)
    after = selectors.resource_search(ResourceFilters(q="waste"))
    assert after.count == before.count == 3
    assert [page.pk for page in after.items] == [page.pk for page in before.items]
