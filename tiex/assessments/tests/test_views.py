"""The council's journey through the pages, without JavaScript (plain form posts)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tiex.assessments import services
from tiex.assessments.models import Assessment, ConsensusAnswer, Response, Status
from tiex.assessments.tests.factories import indicator_spec, load, scaled_spec, start, team
from tiex.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def scaled():
    version = load(scaled_spec())
    organisation, lead, people = team(members=2)
    return version, organisation, lead, people


def test_frameworks_are_public(scaled) -> None:
    _version, *_ = scaled
    assert Client().get("/assessments/").status_code == 200
    page = Client().get("/assessments/frameworks/test-scaled/")
    assert page.status_code == 200
    assert "We know our place." in page.content.decode() and "Reviews" in page.content.decode()
    assert Client().get("/assessments/frameworks/nope/").status_code == 404


def test_a_super_user_starts_an_assessment_and_participants_are_emailed(
    scaled, django_capture_on_commit_callbacks
) -> None:
    version, _organisation, lead, people = scaled
    client = client_for(lead)
    assert client.get("/assessments/start/").status_code == 200
    closing = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "version": str(version.pk),
        "participants": [str(lead.pk), str(people[0].pk)],
        "closing_date": closing.isoformat(),
        "meeting_date": (closing + datetime.timedelta(days=3)).isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/assessments/start/", data)
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/assessments/{assessment.pk}/"
    assert assessment.participants.count() == 2
    assert {message.to[0] for message in mail.outbox} == {lead.email, people[0].email}
    # The link is to the address the super-user is using (tiex/core/links.py), not a fixed default.
    assert f"http://testserver/assessments/{assessment.pk}/" in mail.outbox[0].body


def test_the_start_form_shows_errors(scaled) -> None:
    version, _organisation, lead, _people = scaled
    response = client_for(lead).post("/assessments/start/", {"version": str(version.pk), "closing_date": "2001-01-01"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose at least one participant" in text and "today or later" in text


def test_only_super_users_start(scaled) -> None:
    _, _, _, people = scaled
    assert client_for(people[0]).get("/assessments/start/").status_code == 403


def test_a_participant_answers_privately_page_by_page(scaled) -> None:
    version, organisation, lead, people = scaled
    assessment = start(version, organisation, lead, people)
    me, other = client_for(people[0]), client_for(people[1])
    page = me.get(f"/assessments/{assessment.pk}/answer/place/")
    assert page.status_code == 200 and "0 of 3" in page.content.decode()
    p1, p2 = version.statements.get(code="P1"), version.statements.get(code="P2")
    data = {
        f"s{p1.pk}-current": "2",
        f"s{p1.pk}-ambition": "4",
        f"s{p1.pk}-comment": "Mine only",
        f"s{p2.pk}-current": "3",
    }
    response = me.post(f"/assessments/{assessment.pk}/answer/place/", {**data, "continue": "1"})
    assert response["Location"] == f"/assessments/{assessment.pk}/answer/money/"
    assert Response.objects.get(participant__user=people[0], statement=p1).values == {"current": 2, "ambition": 4}
    # Save and return: the page shows the saved answers and the progress.
    again = me.get(f"/assessments/{assessment.pk}/answer/place/").content.decode()
    assert "2 of 3" in again and 'value="2" checked' in again and "Mine only" in again
    # Another participant sees none of it.
    theirs = other.get(f"/assessments/{assessment.pk}/answer/place/").content.decode()
    assert "Mine only" not in theirs and "checked" not in theirs
    overview = me.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "You have answered 2 of 3" in overview
    # Tampered values are refused and nothing on the page is saved.
    bad = me.post(f"/assessments/{assessment.pk}/answer/place/", {f"s{p1.pk}-current": "9", "return": "1"})
    assert bad.status_code == 400


def test_nobody_outside_the_assessment_reaches_the_answer_pages(scaled) -> None:
    version, organisation, lead, people = scaled
    assessment = start(version, organisation, lead, people[:1])
    _, outsider, _ = team()
    assert client_for(outsider).get(f"/assessments/{assessment.pk}/").status_code == 404
    assert client_for(outsider).get(f"/assessments/{assessment.pk}/answer/place/").status_code == 404
    # A council member who was not asked to take part sees the overview but cannot answer.
    assert client_for(people[1]).get(f"/assessments/{assessment.pk}/").status_code == 200
    assert client_for(people[1]).get(f"/assessments/{assessment.pk}/answer/place/").status_code == 404
    assert client_for(people[1]).get(f"/assessments/{assessment.pk}/disagreement/").status_code == 403


def _answer_all(assessment: Assessment, people: list[Any], version: Any, values: list[int]) -> None:
    for person, value in zip(people, values, strict=True):
        client = client_for(person)
        for code in ("place", "money"):
            data = {"return": "1"}
            for statement in version.statements.filter(section__code=code):
                data[f"s{statement.pk}-current"] = str(value)
                data[f"s{statement.pk}-ambition"] = "5"
                data[f"s{statement.pk}-comment"] = f"{person.full_name} says {value}"
            assert client.post(f"/assessments/{assessment.pk}/answer/{code}/", data).status_code == 302


def test_disagreement_consensus_publish_and_results(scaled) -> None:
    version, organisation, lead, people = scaled
    assessment = start(version, organisation, lead, people)
    _answer_all(assessment, [lead, *people], version, [1, 5, 2])
    client = client_for(lead)
    page = client.get(f"/assessments/{assessment.pk}/disagreement/").content.decode()
    assert "Who said what" in page and f"{people[0].full_name} says 5" in page
    # The consensus is pre-filled from the median (1, 2, 5 -> 2).
    p1 = version.statements.get(code="P1")
    form = client.get(f"/assessments/{assessment.pk}/consensus/").content.decode()
    assert f'id="s{p1.pk}-current"' in form and '<option value="2" selected>' in form
    assert client.post(f"/assessments/{assessment.pk}/consensus/", {"close": "1"}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.CLOSED
    data = {}
    for statement in version.statements.all():
        data[f"s{statement.pk}-current"] = "2"
        data[f"s{statement.pk}-ambition"] = "4"
        data[f"s{statement.pk}-note"] = "Agreed at the meeting"
    assert client.post(f"/assessments/{assessment.pk}/consensus/", data)["Location"].endswith("/publish/")
    assert ConsensusAnswer.objects.filter(assessment=assessment).count() == 3
    # Not published yet: the public cannot see the result.
    assert Client().get(f"/assessments/{assessment.pk}/results/").status_code == 404
    response = client.post(f"/assessments/{assessment.pk}/publish/", {"visibility": "public"})
    assert response["Location"] == f"/assessments/{assessment.pk}/results/"
    assert AuditEvent.objects.filter(action="assessment.publish").exists()
    result = Client().get(f"/assessments/{assessment.pk}/results/")
    text = result.content.decode()
    assert result.status_code == 200 and "<svg" in text and "Largest gap" in text
    assert "says" not in text  # nobody's own comments are published
    client.post(f"/assessments/{assessment.pk}/publish/", {"withdraw": "1"})
    assert Client().get(f"/assessments/{assessment.pk}/results/").status_code == 404


def test_anonymous_assessments_show_distributions_only(scaled) -> None:
    version, organisation, lead, people = scaled
    assessment = start(version, organisation, lead, people, anonymous=True)
    _answer_all(assessment, [lead, *people], version, [1, 5, 2])
    page = client_for(lead).get(f"/assessments/{assessment.pk}/disagreement/").content.decode()
    assert "Who said what" not in page and "says" not in page and "anonymously" in page


def test_indicator_frameworks_use_the_same_pages() -> None:
    version = load(indicator_spec())
    organisation, lead, people = team(members=1)
    assessment = start(version, organisation, lead, people)
    outcome = version.statements.get(code="A1.a")
    client = client_for(people[0])
    page = client.get(f"/assessments/{assessment.pk}/answer/A1/").content.decode()
    assert 'type="checkbox"' in page and "Owned at board level." in page
    client.post(f"/assessments/{assessment.pk}/answer/A1/", {f"s{outcome.pk}-ticked": ["A1", "A2"], "return": "1"})
    assert Response.objects.get(statement=outcome).values == {"status": 3}
    results = client.get(f"/assessments/{assessment.pk}/results/").content.decode()
    assert "Your own answers" in results


def test_the_service_is_linked_from_the_home_page_and_header() -> None:
    page = Client().get("/").content.decode()
    assert page.count('href="/assessments/"') == 2  # the header's section and the home page's list


def test_the_results_show_the_change_since_the_previous_round(scaled) -> None:
    version, organisation, lead, people = scaled
    rounds = []
    for current in (2, 4):
        assessment = start(version, organisation, lead, people)
        answers = {s.pk: ({"current": current, "ambition": 5}, "") for s in version.statements.all()}
        services.consensus_save(actor=lead, assessment=assessment, answers=answers)
        services.assessment_publish(actor=lead, assessment=assessment, visibility="council")
        rounds.append(assessment)
    page = client_for(people[0]).get(f"/assessments/{rounds[1].pk}/results/").content.decode()
    assert "Change since" in page and ">2.0<" in page  # 4.0 now, 2.0 before
    first = client_for(people[0]).get(f"/assessments/{rounds[0].pk}/results/").content.decode()
    assert "Change since" not in first


def test_downloads_of_the_agreed_result(scaled) -> None:
    version, organisation, lead, people = scaled
    assessment = start(version, organisation, lead, people)
    p1 = version.statements.get(code="P1")
    services.consensus_save(actor=lead, assessment=assessment, answers={p1.pk: ({"current": 2, "ambition": 4}, "=cmd")})
    assert Client().get(f"/assessments/{assessment.pk}/results.csv").status_code == 404
    assert client_for(people[0]).get(f"/assessments/{assessment.pk}/results.json").status_code == 404
    as_csv = client_for(lead).get(f"/assessments/{assessment.pk}/results.csv")
    assert as_csv.streaming
    content = as_csv.getvalue().decode()
    assert content.startswith("\ufeff")  # a byte-order mark, so that spreadsheets read UTF-8 (tiex/core/csv.py)
    lines = content.removeprefix("\ufeff").splitlines()
    assert lines[0] == "theme,statement,text,current,ambition,gap,note"
    assert lines[1].startswith("Understanding of place,P1,We know our place.,2,4,2,")
    assert "'=cmd" in lines[1]  # spreadsheet formulas are neutralised
    services.assessment_publish(actor=lead, assessment=assessment, visibility="public")
    as_json = Client().get(f"/assessments/{assessment.pk}/results.json")
    assert as_json.streaming and as_json["Content-Type"] == "application/json"
    data = json.loads(as_json.getvalue())
    assert data["statements"][0]["values"] == {"current": 2, "ambition": 4} and data["themes"][0]["gap"] == 2.0


def test_next_steps_list_exchange_resources_on_the_weak_themes(scaled) -> None:
    from tiex.library.tests.factories import make_resource

    version, organisation, lead, people = scaled
    make_resource("Knowing our place better", themes=("understanding-of-place",))
    assessment = start(version, organisation, lead, people)
    answers = {s.pk: ({"current": 5, "ambition": 5}, "") for s in version.statements.all()}
    answers[version.statements.get(code="P1").pk] = ({"current": 1, "ambition": 4}, "")
    services.consensus_save(actor=lead, assessment=assessment, answers=answers)
    page = client_for(lead).get(f"/assessments/{assessment.pk}/results/").content.decode()
    assert "Next steps" in page and "Knowing our place better" in page
    assert "for P1" in page


def test_the_front_page_tells_each_visitor_how_to_take_part(scaled, client) -> None:  # type: ignore[no-untyped-def]
    _version, _organisation, lead, people = scaled
    anonymous = client.get("/assessments/").content.decode()
    assert "Sign in</a> to take part" in anonymous and "Start a self-assessment" not in anonymous
    member = client_for(people[0]).get("/assessments/").content.decode()
    assert "Only a council's super-user can start a self-assessment" in member
    assert 'href="/assessments/start/"' not in member
    super_user = client_for(lead).get("/assessments/").content.decode()
    assert 'href="/assessments/start/"' in super_user and "Only a council" not in super_user


@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
def test_participants_are_told_truly_who_sees_their_answers(scaled, anonymous: bool) -> None:  # type: ignore[no-untyped-def]
    version, organisation, lead, people = scaled
    assessment = start(version, organisation, lead, people)
    if anonymous:
        Assessment.objects.filter(pk=assessment.pk).update(anonymous=True)
    page = client_for(people[0]).get(f"/assessments/{assessment.pk}/answer/place/").content.decode()
    assert "only you see them" not in page
    assert "Other participants never see your answers" in page
    if anonymous:
        assert "nor does the super-user" in page and "with your name" not in page
    else:
        assert "super-user sees them, with your name" in page
