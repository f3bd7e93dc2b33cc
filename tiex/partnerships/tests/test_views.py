"""The map page (/shared-services/) and each partnership's page."""

from __future__ import annotations

import re

import pytest

from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships.tests.factories import (
    OtherPartnerFactory,
    PartnershipFactory,
    SavingsFactory,
    ServiceCategoryFactory,
)
from tiex.partnerships.tests.worlds import build_world

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_page_shows_totals_for_the_latest_year_the_list_the_map_slot_and_downloads(client):
    north = CouncilFactory(name="Northam", region="North West")
    south = CouncilFactory(name="Southam", region="South East")
    legal = PartnershipFactory(name="Anglia legal", councils=[north, south], start_year=2012)
    SavingsFactory(partnership=legal, financial_year=None, amount_gbp=1_200_000_000)
    SavingsFactory(partnership=legal, financial_year=2018, amount_gbp=140_000_000, evidence="none")
    demo = PartnershipFactory(name="Demo waste", councils=[south], is_demo=True, start_year=2017)
    SavingsFactory(partnership=demo, financial_year=2018, amount_gbp=59_600_000, status="expected")
    PartnershipFactory(name="Ended before", councils=[north], start_year=2010, end_year=2015)

    response = client.get("/shared-services/")

    assert response.status_code == 200
    text = text_of(response)
    assert "In 2018/19" in text
    assert "Partnerships 2 " in text and "Councils involved 2 " in text
    assert "Savings in 2018/19 £199.6m" in text
    assert "Cumulative savings £1.4bn" in text
    # Achieved and evidenced: the earlier years only (1,200m of 1,399.6m).
    assert "86% of the cumulative savings (£1.2bn)" in text
    assert "3 partnerships" in text  # the list: every one matching, the ended one too
    html = response.content.decode()
    assert f'href="/shared-services/{legal.pk}/"' in html
    assert "Demo</strong>" in html
    # Four columns, so the list fits the results column on a desktop screen: the status is a
    # second line under the kind.
    assert ">Kind and status</th>" in html and ">Status</th>" not in html
    assert 'Shared service<span class="tiex-ssm-list__status">Operational</span>' in html
    assert "data-ssm-map" in html and 'data-data-url="/shared-services/download.geojson"' in html
    assert 'href="/shared-services/download.csv"' in html
    assert response.context["filter_query"] == ""
    # The growth table beside the chart.
    assert "<svg" in html and "growth-caption" in html
    assert "2018/19 2 £199.6m £1.4bn" in text


def test_filters_narrow_totals_list_and_links_and_every_state_is_a_url(client):
    north = CouncilFactory(name="Northam", region="North West")
    south = CouncilFactory(name="Southam", region="South East")
    a = PartnershipFactory(name="Northern legal", councils=[north])
    SavingsFactory(partnership=a, amount_gbp=1_000_000)
    b = PartnershipFactory(name="Southern waste", councils=[south])
    SavingsFactory(partnership=b, amount_gbp=2_000_000)

    response = client.get("/shared-services/?region=North+West&kind=shared_service")

    text, html = text_of(response), response.content.decode()
    assert "Northern legal" in text and "Southern waste" not in text
    assert "Savings in 2018/19 £1m" in text
    assert "Region: North West Remove" in text
    assert response.context["filter_query"] == "region=North+West&kind=shared_service"
    assert 'href="/shared-services/download.csv?region=North+West&amp;kind=shared_service"' in html
    assert 'href="/api/v1/partnerships?region=North+West&amp;kind=shared_service"' in html
    assert '<option value="North West" selected>' in html


def test_bad_filters_give_an_error_summary_not_a_crash(client):
    response = client.get("/shared-services/?kind=nonsense&year=18&region=Atlantis&council=E99999999&page=x")
    assert response.status_code == 400
    text = text_of(response)
    assert "There is a problem" in text
    assert "Choose a kind of partnership from the list" in text
    assert "Enter a financial year as its starting year, for example 2018 for 2018/19" in text
    assert "Choose a region from the list" in text
    assert "No council has the code E99999999" in text
    assert "Choose a page from the list of pages" in text
    assert 'href="#filter-kind"' in response.content.decode()
    assert client.get("/shared-services/?year=1900").status_code == 400
    assert client.get("/shared-services/?q=%00").status_code == 400
    assert client.get("/shared-services/?kind=joint_committee&kind=shared_service").status_code == 400


def test_pages_of_the_list(client):
    for number in range(30):
        PartnershipFactory(name=f"Partnership {number:02d}")
    response = client.get("/shared-services/?kind=shared_service&page=2")
    text, html = text_of(response), response.content.decode()
    assert "30 partnerships" in text
    assert "Partnership 25" in text and "Partnership 24" not in text
    assert 'href="/shared-services/?kind=shared_service"' in html  # page 1 keeps the filters
    assert client.get("/shared-services/?page=3").status_code == 404


def test_the_page_says_when_nothing_matches(client):
    assert "No partnerships match" in text_of(client.get("/shared-services/"))


@pytest.mark.parametrize("scale", [1, 10])
def test_the_page_takes_at_most_8_queries(client, django_assert_max_num_queries, scale):
    """The filters' vocabulary (councils, categories) and the map's council places and basemap are
    kept under the data version, so only the first visitor after an import reads them (4 more)."""
    world = build_world(scale)
    with django_assert_max_num_queries(12):
        assert client.get("/shared-services/?kind=shared_service").status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get(f"/shared-services/?region=North+West&category={world['top_category']}")
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/shared-services/").status_code == 200


def test_a_partnership_page(client):
    successor = CouncilFactory(name="New Unitary", gss_code="E06000901", unitary=True)
    former = CouncilFactory(name="Old Borough", gss_code="E07000902", former=True)
    former.successors.add(successor)
    lead = CouncilFactory(name="Northshire", gss_code="E07000901")
    finance = ServiceCategoryFactory(label="Finance")
    partnership = PartnershipFactory(
        name="Northshire building control",
        lead_council=lead,
        councils=[former],
        categories=[ServiceCategoryFactory(label="Revenues", parent=finance)],
        benefit_tags=["resilience"],
        benefits="Cover for absences.",
        contact_email="team@example.org",
        is_demo=True,
        start_year=2014,
    )
    OtherPartnerFactory(partnership=partnership, name="Northshire Fire and Rescue Service", kind="fire")
    SavingsFactory(partnership=partnership, financial_year=None, amount_gbp=1_000_000)
    SavingsFactory(partnership=partnership, financial_year=2018, amount_gbp=250_000, confirmed_by_name="J Smith")
    SavingsFactory(partnership=partnership, financial_year=2019, amount_gbp=300_000, status="expected")

    response = client.get(f"/shared-services/{partnership.pk}/")
    text = text_of(response)

    assert "Demo data" in text
    assert "Northshire (lead council)" in text
    assert "Old Borough (former council, now part of New Unitary )" in text
    assert 'href="/councils/E06000901/"' in response.content.decode()
    assert "Northshire Fire and Rescue Service (fire and rescue)" in text
    assert "Finance: Revenues" in text
    assert "Operational, since 2014" in text
    assert "Resilience" in text and "Cover for absences." in text and "team@example.org" in text
    assert "Savings to date: £1,550,000" in text
    assert "Earlier years £1,000,000 Achieved Council return Not recorded £1,000,000" in text
    assert "2018/19 £250,000 Achieved Council return J Smith £1,250,000" in text
    assert "2019/20 £300,000 Expected Council return Not recorded £1,550,000" in text


def test_a_partnership_without_savings_gives_the_reason(client):
    partnership = PartnershipFactory(no_savings_reason="Set up for resilience.")
    assert "No savings figure: Set up for resilience." in text_of(client.get(f"/shared-services/{partnership.pk}/"))


def test_no_such_partnership_is_404(client):
    assert client.get("/shared-services/999/").status_code == 404
    assert client.get("/shared-services/9999999999999999999999/").status_code == 404


def test_the_page_leads_to_partner_finding_and_staff_to_their_pages(client):
    from tiex.accounts.roles import Role
    from tiex.accounts.tests.factories import association, give_totp, member_of

    html = client.get("/shared-services/").content.decode()
    assert 'href="/shared-services/interests/"' in html and "you will be asked to sign in" in html
    assert 'href="/shared-services/refresh/"' not in html
    editor = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(editor)
    client.force_login(editor)
    html = client.get("/shared-services/").content.decode()
    assert 'href="/shared-services/refresh/"' in html and 'href="/shared-services/quality/"' in html
    assert "you will be asked to sign in" not in html
