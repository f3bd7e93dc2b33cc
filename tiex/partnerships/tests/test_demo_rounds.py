"""The closed demo refresh rounds made from the demo partnerships."""

from __future__ import annotations

import pytest

from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships import selectors_refresh
from tiex.partnerships.demo_rounds import load_demo_rounds
from tiex.partnerships.models import PartnershipConfirmation, RefreshRound, ReturnStatus
from tiex.partnerships.tests.factories import PartnershipFactory, SavingsFactory, refresh_round

pytestmark = pytest.mark.django_db


def test_demo_rounds_confirm_partnerships_with_a_figure_or_a_reason_and_are_closed():
    north, south = CouncilFactory(name="North"), CouncilFactory(name="South")
    CouncilFactory(name="Quiet")
    steady = PartnershipFactory(name="Steady", is_demo=True, start_year=2010, councils=[north])
    for year in (2012, 2016, 2017, 2018):
        SavingsFactory(partnership=steady, financial_year=year)
    reasoned = PartnershipFactory(
        name="Reasoned", is_demo=True, start_year=2017, councils=[south], no_savings_reason="Resilience"
    )
    silent = PartnershipFactory(name="Silent", is_demo=True, start_year=2010)
    real = PartnershipFactory(name="Real", is_demo=False, start_year=2010)

    load_demo_rounds()
    load_demo_rounds()  # again: replaced, not duplicated

    rounds = list(RefreshRound.objects.order_by("financial_year"))
    assert [(r.financial_year, r.is_demo, r.is_open) for r in rounds] == [
        (2012, True, False),
        (2016, True, False),
        (2017, True, False),
        (2018, True, False),
    ]
    latest = rounds[-1]
    confirmed = dict(PartnershipConfirmation.objects.filter(round=latest).values_list("partnership__name", "outcome"))
    assert confirmed == {"Steady": "confirmed", "Reasoned": "confirmed"}
    assert PartnershipConfirmation.objects.get(round__financial_year=2017, partnership=reasoned).outcome == "added"
    assert selectors_refresh.unconfirmed_partnership_ids() == {silent.pk, real.pk}
    statuses = dict(latest.returns.values_list("council__name", "status"))
    assert statuses == {
        "North": ReturnStatus.SUBMITTED,
        "South": ReturnStatus.SUBMITTED,
        "Quiet": ReturnStatus.NOT_STARTED,
    }


def test_a_real_round_for_a_year_is_left_alone():
    PartnershipFactory(is_demo=True)
    real = refresh_round(2018)

    load_demo_rounds()

    assert RefreshRound.objects.get(financial_year=2018) == real
    assert not real.is_demo and RefreshRound.objects.filter(is_demo=True).count() == 3


def test_without_demo_partnerships_there_are_no_demo_rounds():
    assert load_demo_rounds() == "no demo partnerships, so no demo refresh rounds"
    assert not RefreshRound.objects.exists()
