"""The coverage page, its CSV, the yearly figures and the API: the same councils everywhere,
only public things in the API, 422 for unknown filters, and at most 8 queries at 1x and 10x."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from tiex.councils.models import CouncilType
from tiex.councils.tests.factories import ControlYearFactory, CouncilFactory
from tiex.peer_challenges.models import DocumentKind, Stage
from tiex.peer_challenges.tests.factories import (
    ChallengeFactory,
    DocumentFactory,
    FeedbackFactory,
    PeerFactory,
    StageStepFactory,
    TeamMemberFactory,
    finance_kind,
)

pytestmark = pytest.mark.django_db
PUBLISHED = datetime(2020, 1, 10, tzinfo=UTC)


def world(copies: int = 1) -> dict[str, object]:
    """Per copy: a London borough that changed control in 2024 and never had a challenge, one with a
    corporate challenge in 2019 (published report, a private draft, a peer, feedback), a district in
    the South East with a finance challenge only, and a county in enquiry."""
    found: dict[str, object] = {}
    for number in range(copies):
        never = CouncilFactory(
            name=f"Avonford {number}",
            type=CouncilType.LONDON_BOROUGH,
            region="London",
            control="lab",
            control_year=2025,
        )
        ControlYearFactory(council=never, year=2024, control="lab", control_changed=True)
        done = CouncilFactory(
            name=f"Brockley {number}",
            type=CouncilType.LONDON_BOROUGH,
            region="London",
            control="con",
            control_year=2025,
        )
        ControlYearFactory(council=done, year=2024, control="con", control_changed=True)
        challenge = ChallengeFactory(
            council=done,
            stage=Stage.REPORT_PUBLISHED,
            visit_start=date(2019, 6, 3),
            visit_end=date(2019, 6, 6),
            reference=f"cpc-2019-brockley-{number}",
        )
        StageStepFactory(challenge=challenge, stage=Stage.VISIT, completed_date=date(2019, 6, 3), note="Secret note")
        StageStepFactory(challenge=challenge, stage=Stage.REPORT_PUBLISHED, completed_date=date(2019, 8, 1))
        StageStepFactory(challenge=challenge, stage=Stage.POSITION_STATEMENT, completed_date=date(2019, 5, 20))
        DocumentFactory(challenge=challenge, title="The report", published_at=PUBLISHED)
        DocumentFactory(challenge=challenge, kind=DocumentKind.DRAFT_REPORT, title="Draft, private")
        TeamMemberFactory(
            challenge=challenge, peer=PeerFactory(council=never, full_name="Private Person", email="p@council.example")
        )
        FeedbackFactory(challenge=challenge, positive_impact=True, satisfied=False)
        finance = CouncilFactory(name=f"Cotswick {number}", region="South East")
        ChallengeFactory(
            council=finance,
            kind=finance_kind(),
            stage=Stage.ACTION_PLAN,
            visit_start=date(2021, 1, 11),
            visit_end=date(2021, 1, 14),
        )
        county = CouncilFactory(county_council=True, name=f"Dunshire {number}", region="South East")
        ChallengeFactory(council=county, stage=Stage.ENQUIRY, reference=f"enquiry-{number}")
        found.setdefault("challenge", challenge)
    return found


def test_the_page_the_csv_and_the_api_list_the_same_councils(client) -> None:
    world()
    query = "region=London&show=without"
    page = client.get(f"/peer-challenges/coverage/?{query}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Avonford 0" in html and "Brockley 0" not in html.split('id="list-heading"')[1].split("Share or")[0]
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/peer-challenges/coverage/download.csv?{query}").getvalue().decode("utf-8-sig"))
        )
    )
    api = client.get(f"/api/v1/peer-challenges/coverage?{query}").json()
    assert [row["name"] for row in rows] == [item["name"] for item in api["items"]] == ["Avonford 0"]
    assert api["without_count"] == 1 and api["matching"] == 2 and api["items"][0]["last_challenge"] is None

    everyone = client.get("/api/v1/peer-challenges/coverage").json()
    assert everyone["count"] == 4 and everyone["without_count"] == 3 and everyone["never_count"] == 3
    by_name = {item["name"]: item for item in everyone["items"]}
    assert by_name["Brockley 0"]["last_challenge"] == "2019-06-06"
    assert by_name["Cotswick 0"]["last_challenge"] is None  # a finance challenge is not corporate
    assert [item["name"] for item in everyone["items"] if item["on_target_list"]] == ["Avonford 0"]
    target = client.get("/api/v1/peer-challenges/coverage?since=2012&changed_control_since=2024&show=target").json()
    assert [item["name"] for item in target["items"]] == ["Avonford 0"] and target["target_count"] == 1


def test_the_last_challenge_date_links_to_that_challenges_page(client, django_assert_max_num_queries) -> None:
    found = world(3)
    challenge = found["challenge"]
    # An earlier corporate challenge of the same council: the latest one is linked, the count says two.
    ChallengeFactory(
        council=challenge.council,  # type: ignore[attr-defined]
        stage=Stage.PROGRESS_REVIEW_PUBLISHED,
        visit_start=date(2015, 3, 2),
        visit_end=date(2015, 3, 5),
        reference="cpc-2015-brockley-0",
    )
    client.get("/peer-challenges/coverage/")
    with django_assert_max_num_queries(8):  # one query for every council's last challenge, however many rows
        html = client.get("/peer-challenges/coverage/?region=London").content.decode()
    table = html.split('id="coverage-caption"')[1]
    for number in range(3):
        assert f'href="/peer-challenges/cpc-2019-brockley-{number}/">6 June 2019' in table
    assert "cpc-2015-brockley-0" not in table
    assert client.get("/peer-challenges/cpc-2019-brockley-0/").status_code == 200  # public


def test_filters_that_do_not_validate(client) -> None:
    world()
    page = client.get("/peer-challenges/coverage/?region=Narnia&since=12")
    assert page.status_code == 400
    assert "Choose a region from the list" in page.content.decode()
    assert client.get("/peer-challenges/coverage/download.csv?type=XX").status_code == 400
    for path in (
        "/api/v1/peer-challenges/coverage?region=Narnia",
        "/api/v1/peer-challenges/coverage?changed_control_since=twenty",
        "/api/v1/peer-challenges/coverage?show=everything",
        "/api/v1/peer-challenges?kind=Not+A+Slug",
        "/api/v1/peer-challenges?stage=enquiry",
        "/api/v1/peer-challenges?region=Narnia",
        "/api/v1/peer-challenges?year=20",
    ):
        response = client.get(path)
        assert response.status_code == 422, path
        assert "detail" in response.json()
    # Values of the documented form that no council or challenge has match nothing (the schema
    # says what a client may send; the data of the day does not refuse it).
    for path in (
        "/api/v1/peer-challenges?kind=nonsense",
        "/api/v1/peer-challenges?council=E99999999",
        "/api/v1/peer-challenges?region=Wales",
    ):
        response = client.get(path)
        assert response.status_code == 200 and response.json()["count"] == 0, path
    assert client.get("/api/v1/peer-challenges/coverage?region=Wales").json()["count"] == 0


def test_the_api_shows_only_what_is_public(client) -> None:
    challenge = world()["challenge"]
    listed = client.get("/api/v1/peer-challenges").json()
    assert listed["count"] == 2  # the enquiry is not public yet
    assert {item["kind"] for item in listed["items"]} == {"corporate", "finance"}
    filtered = client.get(
        f"/api/v1/peer-challenges?council={challenge.council.gss_code}&year=2019&region=London&kind=corporate"
    ).json()
    assert [item["reference"] for item in filtered["items"]] == ["cpc-2019-brockley-0"]
    detail = client.get(f"/api/v1/peer-challenges/{challenge.pk}")
    body = detail.content.decode()
    assert detail.status_code == 200
    assert [d["title"] for d in detail.json()["documents"]] == ["The report"]
    assert [s["stage"] for s in detail.json()["steps"]] == [Stage.VISIT, Stage.REPORT_PUBLISHED]
    for secret in ("Draft, private", "Private Person", "p@council.example", "Secret note", 'satisfied": false'):
        assert secret not in body
    enquiry = ChallengeFactory(stage=Stage.ENQUIRY)
    assert client.get(f"/api/v1/peer-challenges/{enquiry.pk}").status_code == 404


def test_the_yearly_figures(client) -> None:
    world()
    html = client.get("/peer-challenges/figures/").content.decode()
    assert "2019/20" in html and "2020/21" in html
    assert "Finance peer challenge" in html and "London" in html
    assert "100%" in html and "0%" in html  # positive impact, not satisfied


@pytest.mark.parametrize("copies", [1, 10])
def test_at_most_8_queries_at_1x_and_10x(client, django_assert_max_num_queries, copies) -> None:
    world(copies)
    for path in (
        "/peer-challenges/coverage/",
        "/peer-challenges/coverage/?region=London&show=target",
        "/peer-challenges/coverage/download.csv",
        "/api/v1/peer-challenges/coverage?since=2012&changed_control_since=2022",
        "/api/v1/peer-challenges",
        "/peer-challenges/figures/",
    ):
        client.get(path)  # warm the caches, as a running site has them
        with django_assert_max_num_queries(8):
            assert client.get(path).status_code == 200, path


def test_staff_reach_the_staff_pages_from_the_coverage_page(client) -> None:
    """The header's "Peer challenges" is the coverage page: staff find their list, the pool and the
    feedback there; a signed-in person finds their own challenges as a peer; the public neither."""
    from tiex.accounts.roles import Role
    from tiex.accounts.tests.factories import UserFactory, association, give_totp, member_of

    world()
    staff_links = ("/peer-challenges/manage/", "/peer-challenges/peers/", "/peer-challenges/feedback/")
    public = client.get("/peer-challenges/coverage/").content.decode()
    assert not any(link in public for link in (*staff_links, "/peer-challenges/mine/"))
    editor = member_of(association(), Role.EDITOR)
    give_totp(editor)
    client.force_login(editor)
    response = client.get("/peer-challenges/coverage/")
    assert response.status_code == 200
    staff = response.content.decode()
    assert all(f'href="{link}"' in staff for link in staff_links)
    client.force_login(UserFactory())
    someone = client.get("/peer-challenges/coverage/").content.decode()
    assert 'href="/peer-challenges/mine/"' in someone and "/peer-challenges/manage/" not in someone
