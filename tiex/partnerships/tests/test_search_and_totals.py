"""The map's selectors: what each filter matches, the search, and totals summed in the database
that agree with the pure definition (tiex/partnerships/totals.py)."""

from __future__ import annotations

import datetime
import random

import pytest

from tiex.councils.models import CouncilType
from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships import selectors, totals
from tiex.partnerships.filters import PartnershipFilters
from tiex.partnerships.models import Partnership, SavingsEvidence, SavingsStatus
from tiex.partnerships.tests.factories import PartnershipFactory, SavingsFactory, ServiceCategoryFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2019, 6, 1)  # in 2019/20


def names(filters: PartnershipFilters) -> list[str]:
    return [p.name for p in selectors.partnership_search(filters, year=2018).items]


def facts(queryset) -> list[totals.PartnershipFacts]:
    """The plain data totals.py works over, read row by row (the slow, obvious way)."""
    return [
        totals.PartnershipFacts(
            start_year=p.start_year,
            end_year=p.end_year,
            council_ids=frozenset(m.council_id for m in p.memberships.all()),
            savings=tuple(
                totals.SavingsFigure(s.financial_year, s.amount_gbp, s.status, s.evidence) for s in p.savings.all()
            ),
        )
        for p in queryset.prefetch_related("memberships", "savings")
    ]


def test_region_matches_a_partnership_with_any_council_there_and_a_former_council_by_its_successor():
    south = CouncilFactory(region="South East")
    north = CouncilFactory(region="North West")
    merged_into = CouncilFactory(region="East Midlands", unitary=True)
    former = CouncilFactory(region="", former=True)
    former.successors.add(merged_into)
    PartnershipFactory(name="Mixed", councils=[south, north])
    PartnershipFactory(name="Northern", councils=[north])
    PartnershipFactory(name="Before the merger", councils=[former])
    assert names(PartnershipFilters(region="North West")) == ["Mixed", "Northern"]
    assert names(PartnershipFilters(region="South East")) == ["Mixed"]
    assert names(PartnershipFilters(region="East Midlands")) == ["Before the merger"]
    # The council filter places a former council's partnership within its successor's area.
    assert names(PartnershipFilters(council=merged_into.gss_code)) == ["Before the merger"]
    assert names(PartnershipFilters(council=north.gss_code)) == ["Mixed", "Northern"]


def test_category_level_1_matches_its_level_2_children():
    top = ServiceCategoryFactory(label="Finance")
    child = ServiceCategoryFactory(label="Revenues", parent=top)
    other = ServiceCategoryFactory(label="Waste")
    PartnershipFactory(name="Revenues team", categories=[child])
    PartnershipFactory(name="Finance team", categories=[top, child])
    PartnershipFactory(name="Waste team", categories=[other])
    assert names(PartnershipFilters(category=top.identifier)) == ["Finance team", "Revenues team"]
    assert names(PartnershipFilters(category=child.identifier)) == ["Finance team", "Revenues team"]
    assert names(PartnershipFilters(category=other.identifier)) == ["Waste team"]


def test_kind_status_council_type_evidence_year_and_text():
    county = CouncilFactory(county_council=True)
    a = PartnershipFactory(name="Legal", kind="joint_committee", councils=[county], start_year=2010, end_year=2017)
    b = PartnershipFactory(name="Waste", status="ended", description="Joint waste collection", start_year=2018)
    SavingsFactory(partnership=a, evidence=SavingsEvidence.AUDITED_ACCOUNTS)
    SavingsFactory(partnership=b, evidence=SavingsEvidence.NONE)
    assert names(PartnershipFilters(kind="joint_committee")) == ["Legal"]
    assert names(PartnershipFilters(status="ended")) == ["Waste"]
    assert names(PartnershipFilters(council_type=CouncilType.COUNTY)) == ["Legal"]
    assert names(PartnershipFilters(evidence="audited_accounts")) == ["Legal"]
    assert names(PartnershipFilters(year=2016)) == ["Legal"]
    assert names(PartnershipFilters(year=2018)) == ["Waste"]
    assert names(PartnershipFilters(q="waste COLLECTION")) == ["Waste"]
    assert names(PartnershipFilters(q=b.reference)) == ["Waste"]
    assert names(PartnershipFilters(kind="joint_committee", status="ended")) == []


def test_search_pages_by_name_with_savings_for_the_year_and_to_date():
    for number in range(5):
        partnership = PartnershipFactory(name=f"P{number}")
        SavingsFactory(partnership=partnership, financial_year=None, amount_gbp=1_000)
        SavingsFactory(partnership=partnership, financial_year=2017, amount_gbp=100)
        SavingsFactory(partnership=partnership, financial_year=2018, amount_gbp=10)
        SavingsFactory(partnership=partnership, financial_year=2019, amount_gbp=1)
    PartnershipFactory(name="P9", no_savings_reason="Resilience")
    result = selectors.partnership_search(PartnershipFilters(), offset=2, limit=2, year=2018)
    assert result.count == 6
    assert [p.name for p in result.items] == ["P2", "P3"]
    assert [(p.savings_in_year_gbp, p.savings_to_date_gbp) for p in result.items] == [(10, 1_110), (10, 1_110)]
    last = selectors.partnership_search(PartnershipFilters(), offset=5, year=2018).items[0]
    assert (last.name, last.savings_in_year_gbp, last.savings_to_date_gbp) == ("P9", None, None)


def test_totals_are_summed_in_the_database_as_the_definition_says():
    a = PartnershipFactory(start_year=2015, councils=[CouncilFactory(), CouncilFactory()])
    SavingsFactory(partnership=a, financial_year=None, amount_gbp=1_000_000)
    SavingsFactory(partnership=a, financial_year=2018, amount_gbp=200_000, evidence="audited_accounts")
    SavingsFactory(partnership=a, financial_year=2019, amount_gbp=300_000, status="expected")
    ended = PartnershipFactory(start_year=2016, end_year=2018)
    SavingsFactory(partnership=ended, financial_year=2017, amount_gbp=50_000)
    result = selectors.partnership_totals(PartnershipFilters(year=2018))
    assert result == totals.Totals(2018, 1, 2, 200_000, 1_200_000, 1_200_000)
    # The default year is the latest with savings, not in the future.
    assert selectors.partnership_totals(PartnershipFilters(), today=TODAY).year == 2019
    assert selectors.partnership_totals(PartnershipFilters(), today=datetime.date(2019, 3, 1)).year == 2018
    growth = selectors.totals_by_year(PartnershipFilters(year=2017), today=TODAY)
    assert [(t.year, t.partnerships, t.cumulative_savings_gbp) for t in growth] == [
        (2017, 2, 1_050_000),
        (2018, 1, 1_200_000),
        (2019, 1, 1_500_000),
    ]


def test_overview_in_three_queries(django_assert_num_queries):
    for _ in range(3):
        SavingsFactory(partnership=PartnershipFactory(councils=[CouncilFactory()]))
    with django_assert_num_queries(3):
        overview = selectors.partnership_overview(PartnershipFilters(region="South East"), today=TODAY)
    assert (overview.year, overview.count, overview.totals.partnerships, overview.totals.councils) == (2018, 3, 3, 3)


def _random_world(rng: random.Random) -> None:
    regions = ["North West", "South East", "London"]
    current = [CouncilFactory(region=rng.choice(regions), type=rng.choice(["NMD", "CTY", "LBO"])) for _ in range(8)]
    former = []
    for _ in range(3):
        council = CouncilFactory(former=True, region=rng.choice([*regions, ""]))
        if rng.random() < 0.7:
            council.successors.add(rng.choice(current))
        former.append(council)
    top = ServiceCategoryFactory()
    categories = [top, ServiceCategoryFactory(parent=top), ServiceCategoryFactory()]
    for _ in range(rng.randint(5, 20)):
        start = rng.choice([None, 2010, 2014, 2016, 2017, 2018])
        end = rng.choice([None, None, None, 2017, 2018, 2019])
        if start is not None and end is not None and end < start:
            end = None
        partnership = PartnershipFactory(
            start_year=start,
            end_year=end,
            kind=rng.choice(["shared_service", "joint_committee"]),
            status=rng.choice(["operational", "ended"]),
            councils=rng.sample(current + former, rng.randint(0, 4)),
            categories=rng.sample(categories, rng.randint(0, 2)),
        )
        for year in rng.sample([None, 2014, 2016, 2017, 2018, 2019], rng.randint(0, 4)):
            SavingsFactory(
                partnership=partnership,
                financial_year=year,
                amount_gbp=rng.randint(0, 5_000_000),
                status=rng.choice(SavingsStatus.values),
                evidence=rng.choice(SavingsEvidence.values),
            )


@pytest.mark.parametrize("seed", range(6))
def test_database_totals_agree_with_the_definition_on_random_data(seed):
    rng = random.Random(seed)
    _random_world(rng)
    top = Partnership.objects.values_list("categories__identifier", flat=True).exclude(categories=None).first()
    for filters in [
        PartnershipFilters(),
        PartnershipFilters(region="London"),
        PartnershipFilters(region="North West", kind="joint_committee"),
        PartnershipFilters(status="ended", year=2017),
        PartnershipFilters(council_type="CTY", evidence="council_return"),
        PartnershipFilters(category=top),
        PartnershipFilters(year=2016),
    ]:
        matching = selectors.partnership_filter(filters.without("year"))
        expected = totals.totals(facts(matching), selectors.effective_year(filters, today=TODAY))
        assert selectors.partnership_totals(filters, today=TODAY) == expected, filters
        years = totals.growth_years(selectors.savings_years(), TODAY)
        assert selectors.totals_by_year(filters, today=TODAY) == totals.totals_by_year(facts(matching), years)
        # The list is the totals' partnerships when a year is chosen.
        if filters.year is not None:
            assert selectors.partnership_search(filters).count == expected.partnerships
        # The rows' savings to date add up to the cumulative total over the counted partnerships.
        result = selectors.partnership_search(filters.without("year"), year=expected.year)
        counted = [p for p in result.items if totals.counts_in_year(p.start_year, p.end_year, expected.year)]
        assert sum(p.savings_to_date_gbp or 0 for p in counted) == expected.cumulative_savings_gbp
        assert sum(p.savings_in_year_gbp or 0 for p in counted) == expected.savings_in_year_gbp
