"""The performance page's reads do not grow with the number of deliverables or updates."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tiex.board.rag import Rag
from tiex.board.tests.factories import DeliverableFactory, GrantYearFactory, QuarterlyUpdateFactory

pytestmark = pytest.mark.django_db


def _year(deliverables: int) -> None:
    year = GrantYearFactory(year=2018)
    for number in range(1, deliverables + 1):
        deliverable = DeliverableFactory(grant_year=year, number=number)
        for quarter in (1, 2, 3, 4):
            QuarterlyUpdateFactory(deliverable=deliverable, quarter=quarter, status=Rag.GREEN)


@pytest.mark.parametrize("deliverables", [5, 52])
def test_a_years_page_reads_in_a_fixed_number_of_queries(deliverables: int, django_assert_max_num_queries: Any) -> None:
    _year(deliverables)
    client = Client()
    with django_assert_max_num_queries(8):
        response = client.get("/board/performance/?year=2018")
    assert f"{deliverables} of {deliverables} targets fully achieved" in response.content.decode()


@pytest.mark.parametrize("reports", [1, 12])
def test_the_reports_pages_read_in_a_fixed_number_of_queries(reports: int, django_assert_max_num_queries: Any) -> None:
    from django.utils import timezone

    from tiex.board.tests.factories import BoardReportFactory

    for number in range(reports):
        report = BoardReportFactory(
            title=f"Report {number}",
            state="published",
            published_at=timezone.now(),
            sections=[{"heading": f"Section {n}", "text": f"[{n} things](/x/)"} for n in range(reports)],
        )
    client = Client()
    with django_assert_max_num_queries(8):
        listing = client.get("/board/reports/")
    assert len(re.findall(r'href="/board/reports/\d+/"', listing.content.decode())) == reports
    with django_assert_max_num_queries(8):
        page = client.get(f"/board/reports/{report.pk}/")
    assert page.content.decode().count("data-report-section=") == reports
