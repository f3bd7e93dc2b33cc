from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.board.models import QuarterlyUpdate
from tiex.board.rag import Rag
from tiex.board.tests.factories import DeliverableFactory, GrantYearFactory, QuarterlyUpdateFactory
from tiex.core.csv import BYTE_ORDER_MARK

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor() -> Any:
    user = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(user)
    return user


def _year_with_two() -> Any:
    year = GrantYearFactory(year=2018)
    done = DeliverableFactory(grant_year=year, number=1, title='=HYPERLINK("x")')
    QuarterlyUpdateFactory(deliverable=done, quarter=4, status=Rag.GREEN)
    missed = DeliverableFactory(grant_year=year, number=2, title="Workforce strategy", programme="workforce")
    QuarterlyUpdateFactory(deliverable=missed, quarter=4, status=Rag.RED, commentary="Delayed")
    return year


def test_the_public_page_shows_the_summary_by_programme_and_the_meaning_of_each_status() -> None:
    _year_with_two()
    response = Client().get("/board/performance/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "1 of 2 targets fully achieved" in text
    assert "means at risk or missed" in text and "means complete" in text
    assert "Workforce: 0 of 1 target fully achieved" in text


def test_an_unpublished_year_is_hidden_from_the_public_but_not_from_staff(editor: Any) -> None:
    _year_with_two()
    GrantYearFactory(year=2019, published=False)
    assert Client().get("/board/performance/?year=2019").status_code == 404
    assert Client().get("/board/performance/?year=nonsense").status_code == 404
    staff = Client()
    staff.force_login(editor)
    response = staff.get("/board/performance/?year=2019")
    assert response.status_code == 200 and "Not published" in response.content.decode()


def test_the_csv_is_streamed_and_neutralises_formulas() -> None:
    _year_with_two()
    response = Client().get("/board/performance/download.csv?year=2018")
    assert response.streaming
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert text.startswith(BYTE_ORDER_MARK + "grant_year,number,")
    assert "'=HYPERLINK" in text
    assert ",red," in text


def test_the_json_agrees_with_the_page() -> None:
    _year_with_two()
    response = Client().get("/board/performance/download.json?year=2018")
    assert response.streaming and response["Content-Type"] == "application/json"
    data = json.loads(response.getvalue())
    assert data["summary"]["headline"] == "1 of 2 targets fully achieved"
    assert data["status_meaning"] == {"green": "complete", "amber": "in progress", "red": "at risk or missed"}
    assert [item["status"] for item in data["deliverables"]] == ["green", "red"]


def test_staff_record_a_quarterly_update_with_evidence(editor: Any) -> None:
    year = GrantYearFactory(year=2018)
    deliverable = DeliverableFactory(grant_year=year, number=3)
    client = Client()
    client.force_login(editor)
    url = "/board/manage/years/2018/deliverables/3/q2/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"status": "purple"})
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()
    bad_link = client.post(url, {"status": "amber", "evidence_links": "not a link"})
    assert bad_link.status_code == 400
    response = client.post(
        url, {"status": "amber", "commentary": "Half way", "evidence_links": "https://www.local.gov.uk/report\n"}
    )
    assert response.status_code == 302
    update = QuarterlyUpdate.objects.get(deliverable=deliverable, quarter=2)
    assert update.status == "amber" and update.evidence_links == ["https://www.local.gov.uk/report"]
    assert update.updated_by == editor
    page = Client().get("/board/performance/2018/3/").content.decode()
    assert "Half way" in page and "https://www.local.gov.uk/report" in page


def test_others_may_not_record_updates(django_user_model: Any) -> None:
    GrantYearFactory(year=2018)
    DeliverableFactory(number=1)
    anonymous = Client().get("/board/manage/years/2018/deliverables/1/q1/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/account/login/")
    someone = Client()
    someone.force_login(
        django_user_model.objects.create_user(email="someone@example.org", password="x-long-password-1")
    )
    assert someone.get("/board/manage/years/2018/deliverables/1/q1/").status_code == 403


def test_staff_add_a_computed_deliverable_which_needs_a_measure_and_a_number(editor: Any) -> None:
    GrantYearFactory(year=2018)
    client = Client()
    client.force_login(editor)
    data = {
        "number": "1",
        "title": "Peer challenges",
        "programme": "improvement",
        "measure": "Challenges delivered",
        "target": "At least 70",
        "owner": "Peer challenge team",
        "method": "computed",
    }
    assert client.post("/board/manage/years/2018/deliverables/new/", data).status_code == 400
    data.update(computed_measure="peer_challenges_delivered", target_value="70")
    response = client.post("/board/manage/years/2018/deliverables/new/", data)
    assert response.status_code == 302
    page = client.get("/board/performance/2018/1/").content.decode()
    assert "Live value" in page and "against a target of 70" in page


def test_a_grant_year_is_a_financial_year(editor: Any) -> None:
    client = Client()
    client.force_login(editor)
    data = {
        "year": "2019",
        "department": "MHCLG",
        "amount_gbp": "19200000",
        "period_start": "2019-04-01",
        "period_end": "2020-03-30",
    }
    response = client.post("/board/manage/years/new/", data)
    assert response.status_code == 400 and "31 March 2020" in response.content.decode()
    data["period_end"] = "2020-03-31"
    assert client.post("/board/manage/years/new/", data).status_code == 302
    page = client.get("/board/performance/?year=2019").content.decode()
    assert "£19,200,000" in page
