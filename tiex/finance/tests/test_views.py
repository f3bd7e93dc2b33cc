"""The profile's Finances section, the directory's finance filter and sort, the downloads, the API
and the peer challenge coverage column."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from tiex.councils.models import ComparatorKind, CouncilType
from tiex.councils.tests.factories import ClusterLabelFactory, ComparatorLinkFactory, CouncilFactory
from tiex.finance.tests.factories import add_outturns, falling

pytestmark = pytest.mark.django_db


@pytest.fixture
def kent():  # type: ignore[no-untyped-def]
    kent = CouncilFactory(name="Kent", county_council=True, gss_code="E10900016", la_code="KEN")
    add_outturns(kent, refresh=False)
    for index, scale in enumerate((1, 2, 3)):
        other = CouncilFactory(name=f"County {index}", county_council=True)
        add_outturns(other, falling(scale), refresh=False)
        ComparatorLinkFactory(
            council=kent, neighbour=other, kind=ComparatorKind.DFE_STATISTICAL_NEIGHBOURS, rank=index + 1
        )
    CouncilFactory(name="No Returns", county_council=True)
    ClusterLabelFactory(council=kent, kind=ComparatorKind.SIMILARITY_COMPOSITE, label="South East; urban")
    from tiex.finance.services import finance_summaries_refresh

    finance_summaries_refresh()
    return kent


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


def test_the_profile_shows_the_years_chart_table_and_comparators(client: Client, kent) -> None:  # type: ignore[no-untyped-def]
    page = text(client.get("/councils/E10900016/"))
    assert 'id="finances">Finances, 2015-16 to 2017-18' in page
    assert "not its audited accounts" in page and "provisional" in page
    assert 'aria-labelledby="finance-chart-title finance-chart-desc"' in page
    # The table: £ million to one place; the ratio (160,563 + 37,213) / 883,349 = 22.4%.
    assert "£883.3m" in page and "22.4%" in page
    # Changes over the period, as worked in test_indicators: -3.0% and +7.2%.
    assert "usable reserves changed by <strong>-3.0%</strong>" in page
    assert "unallocated reserves by <strong>+7.2%</strong>" in page
    # Each group named with its size: 4 other counties (one without returns), 3 neighbours.
    assert "Same type of council" in page and "4 councils" in page
    assert "Children&#x27;s services statistical neighbours (DfE)" in page and "3 councils" in page
    # The neighbours' reserves ratio: 21 / 110 = 19.1% for each, so median and quartiles 19.1%.
    assert 'median 19.1% <span class="govuk-!-display-block">middle half 19.1% to 19.1%</span>' in page
    assert "of 3 with figures" in page
    assert "/api/v1/councils/E10900016/finances" in page


def test_a_council_without_returns_says_so(client: Client, kent) -> None:  # type: ignore[no-untyped-def]
    other = CouncilFactory(name="Elsewhere")
    page = text(client.get(f"/councils/{other.code}/"))
    assert "No revenue outturn return is recorded for Elsewhere" in page


def test_the_profile_reads_two_queries_for_its_finances(client: Client, kent, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    other = CouncilFactory(name="Elsewhere")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        client.get(f"/councils/{other.code}/")
    from tiex.councils.selectors import page_cache

    page_cache().clear()
    with django_assert_max_num_queries(len(without.captured_queries) + 1):
        client.get("/councils/E10900016/")


def test_the_directory_filters_and_sorts_by_an_indicator(client: Client, kent) -> None:  # type: ignore[no-untyped-def]
    page = text(client.get("/councils/?finance_indicator=unallocated-change&finance_max=-25"))
    assert "3 councils" in page
    assert "Kent" not in page.split("results-count")[1].split("Download this list")[0]
    assert "Change in unallocated reserves over the years on record: at most -25.0%" in page
    assert '(to 2016-17):</dt> <dd class="govuk-!-display-inline govuk-!-margin-left-0">-40.0%' in page
    ordered = text(client.get("/councils/?finance_sort=-reserves-ratio&type=CTY"))
    names = [name for name in ("Kent", "County 0", "No Returns") if name in ordered]
    assert ordered.index(">Kent<") < ordered.index(">County 0<") < ordered.index(">No Returns<"), names
    assert client.get("/councils/?finance_min=lots").status_code == 400
    assert client.get("/councils/?finance_sort=colour").status_code == 400


def test_the_downloads_carry_the_indicators(client: Client, kent) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/councils/download.csv?finance_indicator=reserves-change&finance_max=-25")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 3
    assert {row["finance_last_year"] for row in rows} == {"2016-17"}
    assert float(rows[0]["finance_reserves_change"]) == pytest.approx(-30.0)
    response = client.get("/councils/download.json?finance_sort=reserves-ratio&type=CTY")
    data = json.loads(b"".join(response.streaming_content))
    assert data["items"][0]["finance"]["last_year"] == "2016-17"
    assert data["items"][-1]["finance"] is None


def test_the_api_lists_filters_and_answers_finances(client: Client, kent) -> None:  # type: ignore[no-untyped-def]
    listed = client.get("/api/v1/councils?finance_indicator=unallocated-change&finance_max=-25").json()
    assert listed["count"] == 3
    assert listed["items"][0]["finance"]["unallocated_change"] == pytest.approx(-40.0)
    assert client.get("/api/v1/councils?finance_indicator=colour").status_code == 422
    assert client.get("/api/v1/councils?finance_min=nan").status_code == 422
    answer = client.get("/api/v1/councils/E10900016/finances").json()
    assert [year["financial_year"] for year in answer["years"]] == ["2015-16", "2016-17", "2017-18"]
    assert answer["years"][2]["status"] == "provisional outturn"
    assert answer["years"][2]["source_file"] == "RS_2017-18_data_by_LA.xlsx"
    assert answer["years"][2]["unallocated_reserves_end"] == 37213.0
    assert answer["indicators"]["reserves_ratio"] == pytest.approx(22.3893, abs=1e-4)
    assert "not audited accounts" in answer["caveat"]
    assert answer["source"]["licence"] == "OGL v3.0"
    assert client.get("/api/v1/councils/KEN/finances").json()["council"]["code"] == "E10900016"
    assert client.get("/api/v1/councils/E99999999/finances").status_code == 404
    empty = client.get("/api/v1/councils/" + CouncilFactory(type=CouncilType.UNITARY).code + "/finances").json()
    assert (empty["years"], empty["indicators"]) == ([], None)


def test_the_peer_challenge_coverage_shows_reserves_beside_each_council(client: Client, kent) -> None:  # type: ignore[no-untyped-def]
    page = text(client.get("/peer-challenges/coverage/"))
    assert "Reserves (revenue outturn)" in page
    assert "22.4% of spending" in page  # Kent
    assert "unallocated -40.0%, 2015-16 to 2016-17" in page
    assert "Unallocated down a quarter or more" in page
