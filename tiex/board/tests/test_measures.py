"""The computed measures against hand-counted data, and closing a quarter records their values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.board import measures, rag, services
from tiex.board.models import Method, QuarterlyUpdate
from tiex.board.tests.factories import DeliverableFactory, GrantYearFactory
from tiex.councils.tests.factories import CouncilFactory
from tiex.peer_challenges.tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db
START, END = date(2018, 4, 1), date(2019, 3, 31)


@pytest.fixture
def four_councils() -> list[Any]:
    """Four councils with none since 2012 at the start of 2018/19; two get one in the year (June and January)."""
    councils = [CouncilFactory(name=f"Council {n}") for n in range(4)]
    ChallengeFactory(council=councils[0], visit_start=date(2011, 5, 1), visit_end=date(2011, 5, 4))
    ChallengeFactory(council=councils[1], visit_start=date(2018, 6, 4), visit_end=date(2018, 6, 7))
    ChallengeFactory(council=councils[2], visit_start=date(2019, 1, 14), visit_end=date(2019, 1, 17))
    return councils


def test_peer_challenges_delivered_counts_visits_ended_in_the_year_by_the_day(four_councils: Any) -> None:
    assert measures.evaluate("peer_challenges_delivered", START, END, date(2018, 6, 30)).value == 1  # type: ignore[union-attr]
    assert measures.evaluate("peer_challenges_delivered", START, END, date(2026, 1, 1)).value == 2  # type: ignore[union-attr]


def test_the_reduction_in_councils_without_a_corporate_peer_challenge(four_councils: Any) -> None:
    june = measures.evaluate("councils_without_corporate_reduction", START, END, date(2018, 6, 30))
    assert (
        june is not None
        and june.value == Decimal("25.0")
        and june.detail == "from 4 councils at the start of the year to 3"
    )
    year = measures.evaluate("councils_without_corporate_reduction", START, END, END)
    assert year is not None and year.value == Decimal("50.0")


def test_a_day_before_the_period_has_no_value_and_an_unknown_measure_none() -> None:
    assert measures.evaluate("peer_challenges_delivered", START, END, date(2018, 3, 31)) is None
    assert measures.evaluate("no_such_measure", START, END, END) is None


def test_display() -> None:
    assert measures.display(Decimal("1340000000"), "gbp") == "£1,340,000,000"
    assert measures.display(Decimal("48.5"), "percent") == "48.5%"
    assert measures.display(Decimal("50.0"), "percent") == "50%"
    assert measures.display(Decimal("71"), "count") == "71"


def test_every_measure_runs_on_an_empty_database() -> None:
    for key in measures.MEASURES:
        found = measures.evaluate(key, START, END, END)
        assert found is not None and found.value >= 0, key


def test_closing_a_quarter_records_each_computed_value_once_with_a_proposed_status(four_councils: Any) -> None:
    editor = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(editor)
    year = GrantYearFactory(year=2018)
    computed = DeliverableFactory(
        grant_year=year,
        method=Method.COMPUTED,
        computed_measure="councils_without_corporate_reduction",
        target_value=Decimal(50),
    )
    DeliverableFactory(grant_year=year)  # manual: closing leaves it alone
    with pytest.raises(ValidationError):
        services.quarter_close(actor=editor, grant_year=year, quarter=2, today=date(2018, 9, 30))
    assert services.quarter_close(actor=editor, grant_year=year, quarter=1, today=date(2018, 7, 1)) == 1
    q1 = QuarterlyUpdate.objects.get(deliverable=computed, quarter=1)
    assert q1.close_value == Decimal("25.0") and q1.status == rag.Rag.AMBER
    # Already closed: kept as recorded, even though the data has changed since.
    assert services.quarter_close(actor=editor, grant_year=year, quarter=1, today=date(2026, 1, 1)) == 0
    # The scheduler's job closes the rest: Q4 meets the target.
    assert services.quarters_close_due(today=date(2019, 4, 2)) == 3
    q4 = QuarterlyUpdate.objects.get(deliverable=computed, quarter=4)
    assert q4.close_value == Decimal("50.0") and q4.status == rag.Rag.GREEN
    assert QuarterlyUpdate.objects.filter(deliverable__method=Method.MANUAL).count() == 0


def test_summary_and_quarters() -> None:
    assert rag.summarise(["green"] * 50 + ["red"] * 2).headline == "50 of 52 targets fully achieved"
    assert [q.end for q in rag.quarters(START)] == [date(2018, 6, 30), date(2018, 9, 30), date(2018, 12, 31), END]
    assert rag.proposed_status(10, 20, final=False) == rag.Rag.AMBER
    assert rag.proposed_status(10, 20, final=True) == rag.Rag.RED


def test_the_scheduler_runs_the_quarter_close() -> None:
    from tiex.core.scheduler import JOBS

    assert "board_close_quarters" in JOBS
