"""The finances shown beside the comparison with similar councils (results page, printed report and
comparison API) are tiex/finance's own figures: the councils' FinanceSummary values, and the group's
median and quartiles as the council profile's finance section computes them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tiex.assessments import services
from tiex.assessments.tests.factories import load, scaled_spec, start, team
from tiex.councils.tests.factories import CouncilFactory
from tiex.finance import indicators as ind
from tiex.finance import profile
from tiex.finance import selectors as finance_selectors
from tiex.finance.models import FinanceSummary
from tiex.finance.services import finance_summaries_refresh
from tiex.finance.tests.factories import add_outturns

pytestmark = pytest.mark.django_db


def _publish(version: Any, council: Any, current: int) -> Any:
    organisation, lead, people = team(council=council, members=1)
    assessment = start(version, organisation, lead, people)
    answers = {s.pk: ({"current": current, "ambition": 5}, "") for s in version.statements.all()}
    services.consensus_save(actor=lead, assessment=assessment, answers=answers)
    services.assessment_publish(actor=lead, assessment=assessment, visibility="public")
    return assessment


def _years(number: int) -> dict[str, tuple[Any, ...]]:
    """Two years whose indicators differ from council to council (£ thousand)."""
    return {
        "2015-16": ("revised outturn", 100, 40, 20, 18 + number, 10, 9),
        "2016-17": ("outturn", 100 + 10 * number, 44 + number, 18 + number, 15 + 2 * number, 9, 6 + number),
    }


@pytest.fixture
def councils() -> tuple[Any, Any, list[Any]]:
    version = load(scaled_spec())
    home = CouncilFactory(name="Home", type="CTY")
    add_outturns(home, refresh=False)  # Kent's published figures
    peers = [CouncilFactory(name=f"Peer {number}", type="CTY") for number in range(6)]
    for number, peer in enumerate(peers[:5]):
        add_outturns(peer, _years(number), refresh=False)  # the sixth has no returns
    CouncilFactory(name="Different type", type="MD")
    finance_summaries_refresh()
    return version, home, peers


def _expected(home: Any, peers: list[Any]) -> list[tuple[str, float | None, ind.Spread | None]]:
    """(indicator, the council's value, the group's spread) straight from FinanceSummary."""
    stored = {row.council_id: row for row in FinanceSummary.objects.all()}
    found = []
    for indicator in profile.COMPARED:
        field = finance_selectors.INDICATOR_FIELDS[indicator]
        own = getattr(stored[home.pk], field)
        spread = ind.spread(getattr(stored[peer.pk], field) for peer in peers if peer.pk in stored)
        found.append((indicator.value, own, spread))
    return found


def _text(html: str) -> str:
    return " ".join(html.split())


def test_the_results_page_shows_the_councils_finances_beside_the_groups(councils) -> None:  # type: ignore[no-untyped-def]
    version, home, peers = councils
    for number, peer in enumerate(peers):
        _publish(version, peer, 1 + number % 5)
    mine = _publish(version, home, 2)
    page = _text(Client().get(f"/assessments/{mine.pk}/results/?group=same-type").content.decode())
    assert 'id="comparison-finances">Finances beside the group' in page
    assert "(Home: 2015-16 to 2017-18, the latest year provisional outturn)" in page
    assert "5 of the 6 councils in the group have returns" in page
    # The profile's own comparison of the same council and group: the same texts.
    table = finance_selectors.summaries()
    _columns, rows = profile.comparison(
        table[home.la_code], [profile.GroupInput("same-type", "Same type", "", [p.la_code for p in peers])], table
    )
    for (indicator, own, spread), row in zip(_expected(home, peers), rows, strict=True):
        assert row.indicator == indicator and spread is not None
        change = row.is_change
        numeric = '<td class="govuk-table__cell govuk-table__cell--numeric">'
        low, high = (profile.percent(value, change=change) for value in (spread.lower_quartile, spread.upper_quartile))
        cell = (
            f'<th scope="row" class="govuk-table__header">{row.name}</th> '
            f"{numeric}{profile.percent(own, change=change)}</td> "
            f"{numeric}{profile.percent(spread.median, change=change)}</td> "
            f"{numeric}{low} to {high}</td> {numeric}{spread.count}</td>"
        )
        assert cell in page, indicator
        assert (row.text, row.cells[0].median, row.cells[0].count) == (  # type: ignore[union-attr]
            profile.percent(own, change=change),
            profile.percent(spread.median, change=change),
            spread.count,
        )
    # Kent's worked figures (docs/finance.md): 4.2% unallocated, +7.2% change in unallocated reserves.
    assert ">4.2%</td>" in page and ">+7.2%</td>" in page
    # The printed report shows the same table.
    report = _text(Client().get(f"/assessments/{mine.pk}/report/?group=same-type").content.decode())
    assert "Finances beside the group" in report and ">+7.2%</td>" in report


def test_the_comparison_api_gives_the_same_figures(councils) -> None:  # type: ignore[no-untyped-def]
    _version, home, peers = councils
    url = f"/api/v1/frameworks/test-scaled/comparison?council={home.gss_code}&group=same-type"
    finance = Client().get(url).json()["finance"]
    assert (finance["first_year"], finance["last_year"], finance["last_status"]) == (
        "2015-16",
        "2017-18",
        "provisional outturn",
    )
    assert (finance["members"], finance["with_figures"]) == (6, 5)
    for (indicator, own, spread), item in zip(_expected(home, peers), finance["indicators"], strict=True):
        assert spread is not None
        assert item["indicator"] == indicator and item["council"] == pytest.approx(own)
        assert (item["n"], item["median"]) == (spread.count, pytest.approx(spread.median))
        assert (item["lower_quartile"], item["upper_quartile"]) == (
            pytest.approx(spread.lower_quartile),
            pytest.approx(spread.upper_quartile),
        )
    assert finance["indicators"][1]["council"] == pytest.approx(37213 / 883349 * 100)  # unallocated ratio


def test_without_any_returns_nothing_is_shown(councils) -> None:  # type: ignore[no-untyped-def]
    version, _home, peers = councils
    other = CouncilFactory(name="Elsewhere", type="UA")
    mine = _publish(version, other, 3)
    page = Client().get(f"/assessments/{mine.pk}/results/?group=same-type").content.decode()
    assert "Compared with similar councils" in page and "Finances beside the group" not in page
    url = f"/api/v1/frameworks/test-scaled/comparison?council={other.gss_code}&group=same-type"
    assert Client().get(url).json()["finance"] is None
    # A council with no returns of its own still sees its group's (Home and the five peers with returns).
    own = Client().get(f"/api/v1/frameworks/test-scaled/comparison?council={peers[5].gss_code}&group=same-type")
    finance = own.json()["finance"]
    assert finance["first_year"] == "" and (finance["members"], finance["with_figures"]) == (6, 6)
    assert finance["indicators"][0]["council"] is None
