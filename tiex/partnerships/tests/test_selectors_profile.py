"""The council profile's shared-services section: its partnerships (with its predecessors'),
and what its similar councils share that it does not."""

from __future__ import annotations

import pytest
from django.utils.timezone import now

from tiex.core.models import Dataset
from tiex.councils.models import CouncilType, Powers
from tiex.councils.tests.factories import ComparatorLinkFactory, CouncilFactory
from tiex.partnerships.selectors_profile import council_sharing, sharing_state
from tiex.partnerships.services_state import state_bump
from tiex.partnerships.tests.factories import PartnershipFactory, ServiceCategoryFactory

pytestmark = pytest.mark.django_db


def test_partnerships_with_predecessors_marked_and_what_similar_councils_share(django_assert_num_queries) -> None:
    me = CouncilFactory(name="East Suffolk", la_code="ESK")
    old = CouncilFactory(name="Waveney", la_code="WAV", former=True)
    similar = [CouncilFactory(name=f"Similar {n}", la_code=f"SIM{n}") for n in range(3)]
    stranger = CouncilFactory(name="Not similar", la_code="NOT")
    legal, waste, ict = (ServiceCategoryFactory(label=label) for label in ("Legal", "Waste", "ICT"))
    revenues = ServiceCategoryFactory(label="Revenues", parent=ServiceCategoryFactory(label="Finance"))
    PartnershipFactory(name="Anglia Revenues", councils=[old, similar[0]], categories=[revenues])
    PartnershipFactory(name="Suffolk ICT", councils=[me], categories=[ict], status="ended")
    PartnershipFactory(name="Legal A", councils=[similar[0], similar[1]], categories=[legal])
    PartnershipFactory(name="Waste A", councils=[similar[2], stranger], categories=[waste])
    PartnershipFactory(name="ICT B", councils=[similar[1]], categories=[ict, revenues.parent])

    with django_assert_num_queries(2):
        found = council_sharing(
            council_pk=me.pk, predecessors={"WAV": "Waveney"}, similar={"SIM0", "SIM1", "SIM2", "WAV"}
        )

    assert [(p.name, p.via, p.status_label) for p in found.partnerships] == [
        ("Anglia Revenues", "Waveney", "Operational"),
        ("Suffolk ICT", "", "Ended"),
    ]
    # Legal by two of three; ICT (its own partnership ended) and Waste by one each. Finance is
    # covered by its child Revenues, which Waveney shares.
    assert [(m.label, m.councils, m.of) for m in found.missing] == [("Legal", 2, 3), ("ICT", 1, 3), ("Waste", 1, 3)]
    assert found.missing[0].identifier == legal.identifier


def test_a_partnership_of_several_predecessors_names_them_all() -> None:
    me = CouncilFactory(name="Buckinghamshire", la_code="BUC")
    names = {"AYL": "Aylesbury Vale", "CHN": "Chiltern", "SBU": "South Bucks"}
    formers = [CouncilFactory(name=name, la_code=code, former=True) for code, name in names.items()]
    PartnershipFactory(name="Shared legal team", councils=formers, status="ended")
    PartnershipFactory(name="Waste partnership", councils=[formers[0], me])

    found = council_sharing(council_pk=me.pk, predecessors=names, similar=set())

    assert [(p.name, p.via) for p in found.partnerships] == [
        ("Shared legal team", "Aylesbury Vale, Chiltern and South Bucks"),
        ("Waste partnership", ""),  # the council itself is a member
    ]


def test_the_state_changes_with_every_partnerships_write_and_import(django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        before = sharing_state()
    PartnershipFactory()
    state_bump()  # as every partnerships service, the import, the demo and the admin do
    after = sharing_state()
    assert after != before
    state_bump()
    assert sharing_state() != after
    changed = sharing_state()
    Dataset.objects.create(slug="councils", title="Councils", licence="OGL", attribution="x", last_imported_at=now())
    assert sharing_state() != changed  # an import (councils' names and codes) changes it too


def test_the_profile_lists_them_and_links_the_map_filtered_by_category(client) -> None:  # type: ignore[no-untyped-def]
    me = CouncilFactory(name="Kentish", type=CouncilType.COUNTY, powers=Powers.UPPER_TIER, gss_code="E10000990")
    neighbour = CouncilFactory(name="Neighbourshire", type=CouncilType.UNITARY, powers=Powers.UNITARY)
    ComparatorLinkFactory(council=me, neighbour=neighbour, kind="dfe-statistical-neighbours", rank=1)
    legal = ServiceCategoryFactory(label="Legal services")
    ours = PartnershipFactory(name="Kentish audit", councils=[me])
    text = client.get(f"/councils/{me.code}/").content.decode()
    assert f'href="/shared-services/{ours.pk}/"' in text
    assert "Shared by similar councils" not in text

    PartnershipFactory(name="Neighbour legal", councils=[neighbour], categories=[legal])
    state_bump()  # as the services that add partnerships do
    text = client.get(f"/councils/{me.code}/").content.decode()  # a new partnership shows at once
    assert "Shared by similar councils, not by Kentish" in text
    assert (
        f'href="/shared-services/?category={legal.identifier}">Legal services</a>: shared by 1 of the 1 similar council'
        in text
    )
