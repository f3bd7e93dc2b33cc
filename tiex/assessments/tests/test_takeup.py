"""The association's take-up view: councils that started, completed and published, by region, type and control."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.assessments import services, takeup
from tiex.assessments.models import Assessment
from tiex.assessments.tests.factories import load, scaled_spec, start, team
from tiex.councils.tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_counting_each_council_once_and_telling_demo_apart() -> None:
    seen = [
        takeup.Seen(1, frozenset({"started"}), False),
        takeup.Seen(1, frozenset({"started", "completed", "published"}), False),  # a second round
        takeup.Seen(2, frozenset({"started", "completed"}), True),
        takeup.Seen(3, frozenset({"started", "completed", "published"}), True),
        takeup.Seen(3, frozenset({"started"}), False),  # a real round too: not "demo only" once started
    ]
    counts = takeup.count_stages(seen)
    assert counts == takeup.Counts(
        started=3, started_demo=1, completed=3, completed_demo=2, published=2, published_demo=1
    )


@pytest.fixture
def world() -> dict[str, Any]:
    version = load(scaled_spec())
    councils = {
        "london_lab": CouncilFactory(region="London", type="LBO", control="lab"),
        "london_con": CouncilFactory(region="London", type="LBO", control="con"),
        "se_noc": CouncilFactory(region="South East", type="NMD", control="noc"),
        "blank": CouncilFactory(region="", type="UA", control=""),
    }
    leads = {}
    for key, council in councils.items():
        organisation, lead, people = team(council=council, members=1)
        leads[key] = (organisation, lead, people)
    statement = version.statements.get(code="P1")

    def run(key: str, stage: str, demo: bool = False) -> Assessment:
        organisation, lead, people = leads[key]
        assessment = start(version, organisation, lead, people, demo=demo)
        if stage in ("completed", "published"):
            services.consensus_save(actor=lead, assessment=assessment, answers={statement.pk: ({"current": 2}, "")})
        if stage == "published":
            services.assessment_publish(actor=lead, assessment=assessment, visibility="council")
        return assessment

    run("london_lab", "published")
    run("london_lab", "started")  # a second round: still one council
    run("london_con", "completed")
    run("se_noc", "started")
    run("blank", "published", demo=True)
    return {"version": version, "leads": leads}


def test_take_up_by_region_type_and_control(world) -> None:  # type: ignore[no-untyped-def]
    result = takeup.take_up(framework=world["version"].framework)
    assert result.total == takeup.Counts(4, 1, 3, 1, 2, 1)
    by = {b.key: {g.label: g.counts for g in b.groups} for b in result.breakdowns}
    assert list(by["region"]) == ["London", "South East", "Not recorded"]
    assert by["region"]["London"] == takeup.Counts(2, 0, 2, 0, 1, 0)
    assert by["region"]["Not recorded"] == takeup.Counts(1, 1, 1, 1, 1, 1)
    assert by["type"]["London borough"].started == 2
    assert by["type"]["Unitary authority"].published_demo == 1
    assert by["control"]["Labour"] == takeup.Counts(1, 0, 1, 0, 1, 0)
    assert by["control"]["Conservative"] == takeup.Counts(1, 0, 1, 0, 0, 0)
    assert by["control"]["No overall control"] == takeup.Counts(1, 0, 0, 0, 0, 0)


def test_only_association_staff_see_the_take_up_page_and_csv(world) -> None:  # type: ignore[no-untyped-def]
    url = "/assessments/frameworks/test-scaled/take-up/"
    _organisation, lead, (member,) = world["leads"]["london_lab"]
    assert Client().get(url).status_code == 302  # to sign in
    assert client_for(lead).get(url).status_code == 403
    assert client_for(member).get("/assessments/frameworks/test-scaled/take-up.csv").status_code == 403
    editor = member_of(association(), Role.EDITOR)
    give_totp(editor)
    page = client_for(editor).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Take-up: Test transformation" in text and "By political control" in text and "of which demo" in text
    framework_page = client_for(editor).get("/assessments/frameworks/test-scaled/").content.decode()
    assert url in framework_page
    assert url not in client_for(lead).get("/assessments/frameworks/test-scaled/").content.decode()
    download = client_for(editor).get("/assessments/frameworks/test-scaled/take-up.csv")
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv") and download.streaming
    rows = list(csv.reader(io.StringIO(download.getvalue().decode("utf-8-sig"))))
    assert rows[0] == takeup.CSV_HEADER
    assert rows[1] == ["all", "All councils", "4", "1", "3", "1", "2", "1"]
    assert ["region", "London", "2", "0", "2", "0", "1", "0"] in rows
    assert client_for(editor).get("/assessments/frameworks/nope/take-up/").status_code == 404


def test_public_counts_use_the_one_suppression_rule() -> None:
    four = takeup.scoring.public_count(4, about="have started")
    assert four.suppressed and four.value is None
    assert four.reason == "Fewer than 5 councils have started, so no figure is shown."
    assert takeup.scoring.public_count(5, about="have started") == takeup.scoring.PublicCount(5, "")
    # The same rule (and wording) as the comparison with similar councils.
    assert takeup.scoring.group_distribution([1.0] * 4).reason == takeup.scoring.suppression_reason(4)


def test_the_framework_page_shows_take_up_totals_suppressed_below_five(world) -> None:  # type: ignore[no-untyped-def]
    page = Client().get("/assessments/frameworks/test-scaled/").content.decode()
    assert "Councils that have started: not shown. Fewer than 5 councils have started" in page
    assert "These figures include demonstration assessments." in page
    assert "London" not in page  # never a breakdown in public
    version = world["version"]
    organisation, lead, people = team(council=CouncilFactory(region="London"), members=1)
    start(version, organisation, lead, people)
    page = Client().get("/assessments/frameworks/test-scaled/").content.decode()
    assert "Councils that have started: 5" in page
    assert "Councils that have published a result: not shown." in page
