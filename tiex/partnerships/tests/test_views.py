"""The placeholder pages: every partnership by name, and each partnership's page."""

from __future__ import annotations

import pytest

from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships.tests.factories import OtherPartnerFactory, PartnershipFactory, SavingsFactory

pytestmark = pytest.mark.django_db


def test_the_index_lists_every_partnership_with_a_link_to_its_page(client, django_assert_max_num_queries):
    first = PartnershipFactory(name="Anglia revenues partnership", councils=[CouncilFactory(), CouncilFactory()])
    PartnershipFactory(name="Demo legal shared service", is_demo=True)

    with django_assert_max_num_queries(10):
        response = client.get("/shared-services/")

    text = response.content.decode()
    assert response.status_code == 200
    assert "2 partnerships." in text
    assert f'href="/shared-services/{first.pk}/"' in text
    assert "Demo legal shared service" in text


def test_the_index_says_when_there_are_none(client):
    assert "No partnerships have been recorded yet." in client.get("/shared-services/").content.decode()


def test_a_partnership_page_shows_councils_partners_and_savings_to_date_as_the_sum_of_the_years(client):
    lead = CouncilFactory(name="Northshire", gss_code="E07000901")
    former = CouncilFactory(name="Old Borough", gss_code="E07000902", former=True)
    partnership = PartnershipFactory(name="Northshire building control", lead_council=lead, councils=[former])
    OtherPartnerFactory(partnership=partnership, name="Northshire Fire and Rescue Service", kind="fire")
    SavingsFactory(partnership=partnership, financial_year=None, amount_gbp=1_000_000)
    SavingsFactory(partnership=partnership, financial_year=2018, amount_gbp=250_000)

    text = client.get(f"/shared-services/{partnership.pk}/").content.decode()

    assert "Northshire (lead council)" in text.replace("</a>", "")
    assert "Old Borough</a> (former council)" in text
    assert "Northshire Fire and Rescue Service (fire and rescue)" in text
    assert "£1,250,000" in text
    assert "2018/19" in text and "Earlier years" in text


def test_a_partnership_without_savings_gives_the_reason(client):
    partnership = PartnershipFactory(no_savings_reason="Set up for resilience.")
    assert (
        "No savings figure: Set up for resilience."
        in client.get(f"/shared-services/{partnership.pk}/").content.decode()
    )


def test_no_such_partnership_is_404(client):
    assert client.get("/shared-services/999/").status_code == 404
