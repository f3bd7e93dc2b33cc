"""The totals definition (tiex/partnerships/totals.py), worked by hand."""

from __future__ import annotations

import datetime

from tiex.partnerships import totals
from tiex.partnerships.models import SavingsEvidence, SavingsStatus
from tiex.partnerships.totals import PartnershipFacts, SavingsFigure, Totals


def test_the_constants_are_the_models_values():
    assert totals.ACHIEVED == SavingsStatus.ACHIEVED
    assert totals.NO_EVIDENCE == SavingsEvidence.NONE


def test_a_partnership_counts_from_its_start_year_until_the_year_before_it_ends():
    assert totals.counts_in_year(None, None, 2018)
    assert totals.counts_in_year(2018, None, 2018)
    assert not totals.counts_in_year(2019, None, 2018)
    assert totals.counts_in_year(2015, 2019, 2018)
    assert not totals.counts_in_year(2015, 2018, 2018)  # ended in 2018: not in 2018/19
    assert totals.counts_in_year(None, 2019, 2018)


# Three partnerships, hand-worked for 2018/19:
# A: 2015 on, councils 1 and 2; earlier years £1,000,000 (achieved, council return), 2017 £100,000
#    (achieved, none), 2018 £200,000 (achieved, audited), 2019 £300,000 (expected: after the year).
# B: 2016 to 2018 (ended: does not count in 2018/19), council 2 and 3; 2017 £50,000.
# C: no dates, councils 3 and 4; 2018 £40,000 expected with evidence; no other rows.
A = PartnershipFacts(
    start_year=2015,
    council_ids=frozenset({1, 2}),
    savings=(
        SavingsFigure(None, 1_000_000, "achieved", "council_return"),
        SavingsFigure(2017, 100_000, "achieved", "none"),
        SavingsFigure(2018, 200_000, "achieved", "audited_accounts"),
        SavingsFigure(2019, 300_000, "expected", "none"),
    ),
)
B = PartnershipFacts(
    start_year=2016, end_year=2018, council_ids=frozenset({2, 3}), savings=(SavingsFigure(2017, 50_000),)
)
C = PartnershipFacts(
    council_ids=frozenset({3, 4}), savings=(SavingsFigure(2018, 40_000, "expected", "council_return"),)
)


def test_totals_for_2018_by_hand():
    result = totals.totals([A, B, C], 2018)
    assert result == Totals(
        year=2018,
        partnerships=2,  # A and C; B ended in 2018
        councils=4,  # 1, 2 (A), 3, 4 (C)
        savings_in_year_gbp=240_000,  # 200,000 + 40,000
        cumulative_savings_gbp=1_340_000,  # 1,000,000 + 100,000 + 200,000 + 40,000
        achieved_evidenced_gbp=1_200_000,  # earlier years + 2018 of A
    )
    assert result.share_achieved_evidenced == 1_200_000 / 1_340_000


def test_totals_for_2017_by_hand():
    result = totals.totals([A, B, C], 2017)
    assert (result.partnerships, result.councils) == (3, 4)
    assert result.savings_in_year_gbp == 150_000
    assert result.cumulative_savings_gbp == 1_150_000  # 1,000,000 + 100,000 + 50,000
    assert result.achieved_evidenced_gbp == 1_000_000


def test_the_earlier_years_row_counts_in_every_year_a_partnership_counts():
    result = totals.totals([A], 2015)
    assert result.cumulative_savings_gbp == 1_000_000
    assert result.savings_in_year_gbp == 0
    assert totals.totals([A], 2014) == Totals(year=2014)


def test_no_savings_means_no_share():
    result = totals.totals([PartnershipFacts(council_ids=frozenset({9}))], 2018)
    assert (result.partnerships, result.councils, result.cumulative_savings_gbp) == (1, 1, 0)
    assert result.share_achieved_evidenced is None


def test_totals_by_year_in_the_order_given():
    assert [t.cumulative_savings_gbp for t in totals.totals_by_year([A, B, C], [2017, 2018])] == [1_150_000, 1_340_000]


def test_the_financial_year_starts_in_april():
    assert totals.current_financial_year(datetime.date(2019, 3, 31)) == 2018
    assert totals.current_financial_year(datetime.date(2019, 4, 1)) == 2019


def test_the_default_year_is_the_latest_with_savings_not_in_the_future():
    today = datetime.date(2020, 1, 15)  # in 2019/20
    assert totals.default_year([None, 2016, 2018, 2021], today) == 2018
    assert totals.default_year([2019], today) == 2019
    assert totals.default_year([None], today) == 2019  # none: the current year
    assert totals.growth_years([None, 2018, 2012, 2018, 2030], today) == [2012, 2018]
