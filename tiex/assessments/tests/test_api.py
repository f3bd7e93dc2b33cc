"""The self-assessment API: frameworks, and published results only to those who may see them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tiex.assessments import services
from tiex.assessments.models import Participant
from tiex.assessments.tests.factories import indicator_spec, load, scaled_spec, start, team

pytestmark = pytest.mark.django_db


def test_frameworks_list_and_detail() -> None:
    load(scaled_spec())
    load(indicator_spec())
    answer = Client().get("/api/v1/frameworks").json()
    assert answer["count"] == 2
    assert {item["slug"] for item in answer["items"]} == {"test-scaled", "test-caf"}
    detail = Client().get("/api/v1/frameworks/test-caf").json()
    assert detail["kind"] == "indicators" and detail["latest_version"] == "1.0"
    assert [s["code"] for s in detail["sections"]] == ["A", "A1"] and detail["sections"][1]["parent"] == "A"
    assert detail["statements"][0]["indicators"][0] == {
        "code": "NA1",
        "text": "Not discussed at board.",
        "group": "not-achieved",
    }
    assert [level["label"] for level in detail["scale"]] == ["Not achieved", "Partially achieved", "Achieved"]
    assert Client().get("/api/v1/frameworks/nope").status_code == 404
    assert Client().get("/api/v1/frameworks/Bad_Slug").status_code == 422


def test_unknown_parameters_are_refused() -> None:
    assert Client().get("/api/v1/assessments?framwork=x").status_code == 422
    assert Client().get("/api/v1/assessments?limit=0").status_code == 422


def _published(visibility: str) -> tuple[Any, Any, Any]:
    version = load(scaled_spec())
    organisation, lead, people = team(members=1)
    assessment = start(version, organisation, lead, people)
    p1 = version.statements.get(code="P1")
    participant = Participant.objects.get(assessment=assessment, user=people[0])
    services.response_save(participant=participant, statement=p1, values={"current": 1}, comment="private words")
    services.consensus_save(
        actor=lead, assessment=assessment, answers={p1.pk: ({"current": 2, "ambition": 4}, "Agreed")}
    )
    services.assessment_publish(actor=lead, assessment=assessment, visibility=visibility)
    return assessment, lead, people[0]


def test_a_public_result_by_theme_and_statement() -> None:
    assessment, _, _ = _published("public")
    listing = Client().get(f"/api/v1/assessments?framework=test-scaled&council={assessment.council.gss_code}").json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == assessment.pk
    detail = Client().get(f"/api/v1/assessments/{assessment.pk}")
    assert detail.status_code == 200
    data = detail.json()
    place = next(theme for theme in data["themes"] if theme["code"] == "place")
    assert place["means"] == {"current": 2.0, "ambition": 4.0} and place["gap"] == 2.0
    p1 = next(row for row in data["statements"] if row["code"] == "P1")
    assert (p1["values"], p1["gap"], p1["note"]) == ({"current": 2, "ambition": 4}, 2, "Agreed")
    assert "private words" not in detail.content.decode()


def test_council_only_results_stay_in_the_council() -> None:
    assessment, _lead, member = _published("council")
    assert Client().get(f"/api/v1/assessments/{assessment.pk}").status_code == 404
    assert Client().get("/api/v1/assessments").json()["count"] == 0
    _, outsider, _ = team()
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/api/v1/assessments/{assessment.pk}").status_code == 404
    client.force_login(member)
    assert client.get(f"/api/v1/assessments/{assessment.pk}").status_code == 200


def test_drafts_are_never_in_the_api() -> None:
    version = load(scaled_spec())
    organisation, lead, people = team(members=1)
    assessment = start(version, organisation, lead, people)
    client = Client()
    client.force_login(lead)
    assert client.get(f"/api/v1/assessments/{assessment.pk}").status_code == 404
