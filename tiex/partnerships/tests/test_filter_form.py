"""filter_form.py: the map page's filter form and list of applied filters, over a fixed vocabulary
(no database)."""

from __future__ import annotations

from typing import Any

from tiex.partnerships.filter_form import active_filters, filter_form, index_href
from tiex.partnerships.filters import CategoryChoice, CouncilChoice, PartnershipFilters

TUNBRIDGE = CouncilChoice(code="E07000116", name="Tunbridge Wells", region="South East", type="NMD")
KENT = CouncilChoice(code="E10000016", name="Kent", region="South East", type="CTY")
LEEDS = CouncilChoice(code="E08000035", name="Leeds", region="Yorkshire and The Humber", type="MD")
FORMER = CouncilChoice(code="E07000001", name="Old Borough", region="North East", type="NMD", is_current=False)


class FixedVocabulary:
    def regions(self) -> list[str]:
        return ["South East", "Yorkshire and The Humber"]

    def categories(self) -> dict[int, CategoryChoice]:
        return {
            10: CategoryChoice(identifier=10, label="Environment", level=1),
            11: CategoryChoice(identifier=11, label="Waste", level=2, parent_identifier=10),
            20: CategoryChoice(identifier=20, label="Orphan", level=2, parent_identifier=99),
        }

    def council(self, code: str) -> CouncilChoice | None:
        return {c.code: c for c in (TUNBRIDGE, KENT, LEEDS, FORMER)}.get(code)

    def principal_councils(self) -> list[CouncilChoice]:
        return [KENT, LEEDS, TUNBRIDGE]


def select(form: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in form["selects"] if s["name"] == name)


def chosen(form: dict[str, Any], name: str) -> list[str]:
    return [o["value"] for o in select(form, name)["options"] if o["selected"]]


def test_index_href_is_the_map_page_with_the_pairs() -> None:
    assert index_href([]) == "/shared-services/"
    assert index_href([("q", "legal & waste"), ("page", "2")]) == "/shared-services/?q=legal+%26+waste&page=2"


def test_no_filters_no_active_filters() -> None:
    assert active_filters(PartnershipFilters(), FixedVocabulary()) == []


def test_each_active_filter_in_words_links_to_the_view_without_it() -> None:
    filters = PartnershipFilters(
        q="legal",
        region="South East",
        category=11,
        kind="shared_service",
        status="ended",
        council_type="NMD",
        council="E07000116",
        evidence="none",
        year=2018,
    )

    active = active_filters(filters, FixedVocabulary())

    assert [a["label"] for a in active] == [
        "Search: legal",
        "Region: South East",
        "What is shared: Waste",
        "Kind: Shared service",
        "Status: Ended",
        "Council type: Non-metropolitan district",
        "Council: Tunbridge Wells",
        "Savings evidence: None",
        "Financial year: 2018/19",
    ]
    assert active[0]["href"] == index_href(filters.without("q").as_query())
    assert "q=" not in active[0]["href"] and "year=2018" in active[0]["href"]
    assert active[-1]["href"] == index_href(filters.without("year").as_query())
    assert "year=" not in active[-1]["href"]


def test_a_council_the_vocabulary_does_not_know_shows_its_code() -> None:
    active = active_filters(PartnershipFilters(council="E99999999"), FixedVocabulary())

    assert active == [{"label": "Council: E99999999", "href": "/shared-services/"}]


def test_a_former_council_shows_its_name() -> None:
    active = active_filters(PartnershipFilters(council="E07000001"), FixedVocabulary())

    assert [a["label"] for a in active] == ["Council: Old Borough"]


def test_the_form_lists_every_choice_with_the_filters_values_chosen() -> None:
    filters = PartnershipFilters(q="legal", category=11, council="E08000035", year=2019)

    form = filter_form(filters, FixedVocabulary(), {"q": "ignored when the filters are valid"})

    assert form["q"] == "legal" and form["year"] == "2019" and form["errors"] == {}
    assert [s["name"] for s in form["selects"]] == [
        "region",
        "category",
        "kind",
        "status",
        "council_type",
        "council",
        "evidence",
    ]
    assert [o["label"] for o in select(form, "category")["options"]] == [
        "Environment",
        "Environment: Waste",
        "Orphan",  # its parent is not in the list: its own label only
    ]
    assert chosen(form, "category") == ["11"]
    assert chosen(form, "council") == ["E08000035"]
    assert chosen(form, "region") == []
    # Council types: those of the principal councils, by code, once each.
    assert [(o["value"], o["label"]) for o in select(form, "council_type")["options"]] == [
        ("CTY", "County council"),
        ("MD", "Metropolitan district"),
        ("NMD", "Non-metropolitan district"),
    ]
    assert [o["label"] for o in select(form, "council")["options"]] == ["Kent", "Leeds", "Tunbridge Wells"]
    assert select(form, "council")["hint"] == "Including the partnerships of the councils it replaced"
    assert all(s["error"] == "" for s in form["selects"])


def test_when_the_filters_did_not_validate_the_form_keeps_the_values_given_and_the_errors() -> None:
    errors = {"council": "No council has the code E99", "year": "Enter a financial year from 2010 to 2030"}
    given = {"q": "waste", "region": "South East", "council": "E99", "year": "1999"}

    form = filter_form(None, FixedVocabulary(), given, errors)

    assert form["q"] == "waste" and form["year"] == "1999"
    assert form["errors"] == errors
    assert chosen(form, "region") == ["South East"]
    assert chosen(form, "council") == []  # the code given is not a choice
    assert select(form, "council")["error"] == "No council has the code E99"
    assert select(form, "region")["error"] == ""
