"""The constraints that keep partnership data sound, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships.models import (
    Partnership,
    PartnershipCouncil,
    ServiceCategory,
    financial_year_label,
)
from tiex.partnerships.tests.factories import (
    EsdServiceFactory,
    OtherPartnerFactory,
    PartnershipBenefitFactory,
    PartnershipFactory,
    SavingsFactory,
    ServiceCategoryFactory,
)

pytestmark = pytest.mark.django_db


def refused(make) -> bool:  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_a_partnership_links_current_and_former_councils_categories_services_and_tags():
    lead = CouncilFactory(name="Northshire")
    former = CouncilFactory(name="Old Borough", former=True)
    top = ServiceCategoryFactory(label="Finance")
    revenues = ServiceCategoryFactory(label="Revenues", parent=top)
    service = EsdServiceFactory(label="Council tax collection", category=revenues)

    partnership = PartnershipFactory(
        lead_council=lead,
        councils=[former],
        categories=[top, revenues],
        services=[service],
        benefit_tags=["resilience"],
    )

    assert revenues.level == 2
    assert set(partnership.councils.all()) == {lead, former}
    assert list(former.partnerships.all()) == [partnership]
    assert list(lead.led_partnerships.all()) == [partnership]
    assert Partnership.objects.filter(benefit_tags__tag="resilience").get() == partnership
    assert Partnership.objects.filter(categories__parent=top).get() == partnership
    assert Partnership.objects.filter(services__category=revenues).get() == partnership


def test_the_reference_is_unique_and_required():
    PartnershipFactory(reference="SS-1")
    assert refused(lambda: Partnership.objects.create(reference="SS-1", name="Again", kind="shared_service"))
    assert refused(lambda: Partnership.objects.create(reference="", name="No reference", kind="shared_service"))


def test_kind_status_and_years_are_checked():
    def make(**fields):  # type: ignore[no-untyped-def]
        values = {"reference": "X", "name": "A partnership", "kind": "shared_service", **fields}
        return lambda: Partnership.objects.create(**values)

    assert refused(make(kind="friendship"))
    assert refused(make(status="thriving"))
    assert refused(make(start_year=2019, end_year=2018))
    assert refused(make(start_year=1066))
    assert not refused(make(start_year=2018, end_year=2018, status="ended"))


def test_a_council_takes_part_once():
    partnership = PartnershipFactory()
    council = CouncilFactory()
    PartnershipCouncil.objects.create(partnership=partnership, council=council)
    assert refused(lambda: PartnershipCouncil.objects.create(partnership=partnership, council=council))


def test_a_category_has_a_parent_exactly_when_below_level_1():
    top = ServiceCategoryFactory()
    assert refused(lambda: ServiceCategory.objects.create(identifier=1, label="Orphan", level=2))
    assert refused(lambda: ServiceCategory.objects.create(identifier=2, label="Adopted", level=1, parent=top))
    assert refused(lambda: ServiceCategory.objects.create(identifier=3, label="Deep", level=4, parent=top))


def test_savings_once_a_year_and_at_most_one_earlier_years_row():
    partnership = PartnershipFactory()
    SavingsFactory(partnership=partnership, financial_year=2018)
    SavingsFactory(partnership=partnership, financial_year=None, amount_gbp=1_000_000)
    assert refused(lambda: SavingsFactory(partnership=partnership, financial_year=2018))
    assert refused(lambda: SavingsFactory(partnership=partnership, financial_year=None))
    assert refused(lambda: SavingsFactory(partnership=partnership, financial_year=2019, status="hoped"))
    assert refused(lambda: SavingsFactory(partnership=partnership, financial_year=2019, evidence="rumour"))
    assert refused(lambda: SavingsFactory(partnership=partnership, financial_year=1900))
    # Another partnership has its own years.
    SavingsFactory(financial_year=2018)
    SavingsFactory(financial_year=None)


def test_other_partners_and_benefit_tags_are_checked():
    partnership = PartnershipFactory()
    OtherPartnerFactory(partnership=partnership, name="Northshire Police", kind="police")
    assert refused(lambda: OtherPartnerFactory(partnership=partnership, name="Northshire Police"))
    assert refused(lambda: OtherPartnerFactory(partnership=partnership, name="Spies", kind="secret"))
    PartnershipBenefitFactory(partnership=partnership, tag="capacity")
    assert refused(lambda: PartnershipBenefitFactory(partnership=partnership, tag="capacity"))
    assert refused(lambda: PartnershipBenefitFactory(partnership=partnership, tag="glory"))


def test_deleting_a_partnership_takes_its_rows_but_a_council_in_one_cannot_be_deleted():
    council = CouncilFactory()
    partnership = PartnershipFactory(councils=[council])
    SavingsFactory(partnership=partnership)
    OtherPartnerFactory(partnership=partnership)
    assert refused(council.delete)
    partnership.delete()
    assert not PartnershipCouncil.objects.exists()
    council.delete()


def test_financial_year_labels():
    assert financial_year_label(2018) == "2018/19"
    assert financial_year_label(1999) == "1999/00"
    assert financial_year_label(None) == "Earlier years"
    assert SavingsFactory.build(financial_year=2019).financial_year_display == "2019/20"
