from __future__ import annotations

import pytest

from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships import selectors
from tiex.partnerships.tests.factories import PartnershipFactory, SavingsFactory

pytestmark = pytest.mark.django_db


def test_partnership_list_shows_demo_and_real_alike_and_can_leave_demo_out():
    real = PartnershipFactory(name="B real")
    demo = PartnershipFactory(name="A demo", is_demo=True)
    assert list(selectors.partnership_list()) == [demo, real]
    assert list(selectors.partnership_list(include_demo=False)) == [real]


def test_partnership_list_fetches_related_rows_in_a_fixed_number_of_queries(django_assert_num_queries):
    for _ in range(5):
        partnership = PartnershipFactory(councils=[CouncilFactory(), CouncilFactory()], benefit_tags=["capacity"])
        SavingsFactory(partnership=partnership)
    with django_assert_num_queries(7):  # partnerships (with lead council) + six prefetches
        for partnership in selectors.partnership_list():
            [m.council.name for m in partnership.memberships.all()]
            list(partnership.savings.all()), list(partnership.benefit_tags.all()), list(partnership.categories.all())
            list(partnership.services.all()), list(partnership.other_partners.all())


def test_partnership_get():
    partnership = PartnershipFactory()
    assert selectors.partnership_get(partnership.pk) == partnership
    assert selectors.partnership_get(partnership.pk + 1) is None
