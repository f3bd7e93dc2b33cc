"""The pure ranking of suggested partners, with hand-worked cases."""

from __future__ import annotations

import pytest

from tiex.partnerships.suggest import InterestFact, Place, SharingFact, km_phrase, sentence_case, suggest

# Ipswich-ish, Mid Suffolk-ish, Babergh-ish and Norwich-ish centres; distances worked with the haversine formula.
OWN = Place(pk=1, name="Ipswich", code="E07000202", latitude=52.0567, longitude=1.1482)
NEAR = Place(pk=2, name="Babergh", code="E07000200", latitude=52.0567, longitude=0.9)  # 17 km due west
MID = Place(pk=3, name="Mid Suffolk", code="E07000203", latitude=52.2, longitude=1.1482)  # 16 km due north
FAR = Place(pk=4, name="Norwich", code="E07000148", latitude=52.6286, longitude=1.2924)  # about 64 km
NOWHERE = Place(pk=5, name="Aardvark", code="E07000999")


def test_nearest_first_with_the_partnership_and_its_partners_as_the_reason() -> None:
    facts = [
        SharingFact(
            council=FAR, partnership_pk=10, partnership_name="Norfolk Legal", partners=("Norwich", "Broadland")
        ),
        SharingFact(
            council=NEAR, partnership_pk=11, partnership_name="Anglia Legal", partners=("Babergh", "Mid Suffolk")
        ),
        SharingFact(
            council=MID, partnership_pk=11, partnership_name="Anglia Legal", partners=("Babergh", "Mid Suffolk")
        ),
    ]

    found = suggest(OWN, "Legal services", facts, [])

    assert [item.council.name for item in found] == ["Mid Suffolk", "Babergh", "Norwich"]
    assert found[0].reason == "shares legal services with Babergh in Anglia Legal; 16 km away"
    assert found[1].reason == "shares legal services with Mid Suffolk in Anglia Legal; 17 km away"
    assert found[2].reason.startswith("shares legal services with Broadland in Norfolk Legal; 6")
    assert found[2].partnerships == [(10, "Norfolk Legal")]


def test_similar_councils_and_neighbours_come_before_nearer_others() -> None:
    facts = [
        SharingFact(council=council, partnership_pk=20 + council.pk, partnership_name=f"P{council.pk}")
        for council in (NEAR, MID, FAR)
    ]

    found = suggest(OWN, "Waste", facts, [], similar={4: "a statistical neighbour"}, neighbours=[2])

    # Norwich (similar) and Babergh (a neighbour) first, nearest first between them; then Mid Suffolk.
    assert [item.council.name for item in found] == ["Babergh", "Norwich", "Mid Suffolk"]
    assert found[0].reason == "shares waste in P2; 17 km away; a geographic neighbour"
    assert found[1].reason.endswith("km away; a statistical neighbour")


def test_an_interest_is_a_reason_and_a_council_is_listed_once_with_every_reason() -> None:
    facts = [SharingFact(council=MID, partnership_pk=30, partnership_name="Anglia Legal", partners=("Mid Suffolk",))]
    interests = [InterestFact(council=MID, interest_pk=7), InterestFact(council=NOWHERE, interest_pk=8)]

    found = suggest(OWN, "Legal services", facts, interests)

    assert [item.council.name for item in found] == ["Mid Suffolk", "Aardvark"]
    assert (
        found[0].reason == "shares legal services in Anglia Legal; is also looking to share legal services; 16 km away"
    )
    assert found[0].interest_pks == [7]
    # No centre: last, and it says so.
    assert found[1].reason == "is also looking to share legal services; distance not known"


def test_the_asking_council_is_never_suggested_and_the_limit_cuts_the_tail() -> None:
    facts = [
        SharingFact(council=OWN, partnership_pk=40, partnership_name="Own one"),
        SharingFact(council=MID, partnership_pk=40, partnership_name="Own one", partners=("Ipswich", "Mid Suffolk")),
        SharingFact(council=FAR, partnership_pk=41, partnership_name="Far one"),
    ]

    found = suggest(OWN, "ICT", facts, [InterestFact(council=OWN, interest_pk=1)], limit=1)

    assert [item.council.name for item in found] == ["Mid Suffolk"]
    assert found[0].reason == "shares ICT with Ipswich in Own one; 16 km away"


@pytest.mark.parametrize(("label", "expected"), [("Legal services", "legal services"), ("ICT", "ICT"), ("", "")])
def test_sentence_case(label: str, expected: str) -> None:
    assert sentence_case(label) == expected


def test_km_phrase() -> None:
    assert km_phrase(0.4) == "under 1 km away"
    assert km_phrase(1234.4) == "1,234 km away"
    assert km_phrase(None) == "distance not known"
