"""Action plans: actions from a result's areas for improvement, for the council only, carried into the next round."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tiex.accounts.tests.factories import UserFactory
from tiex.assessments import services as assessments
from tiex.assessments.tests.factories import load, scaled_spec, start, team
from tiex.core.models import AuditEvent
from tiex.plans import selectors, services
from tiex.plans.models import Action

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def agreed():
    """A council's published (public) result where P1 is the area for improvement."""
    version = load(scaled_spec())
    organisation, lead, people = team(members=1)
    assessment = start(version, organisation, lead, people)
    answers = {s.pk: ({"current": 5, "ambition": 5}, "") for s in version.statements.all()}
    answers[version.statements.get(code="P1").pk] = ({"current": 1, "ambition": 4}, "")
    assessments.consensus_save(actor=lead, assessment=assessment, answers=answers)
    assessments.assessment_publish(actor=lead, assessment=assessment, visibility="public")
    return version, organisation, lead, people[0], assessment


def _action(organisation: Any, lead: Any, assessment: Any, **fields: Any) -> Action:
    return services.action_create(
        actor=lead,
        organisation=organisation,
        source_kind="assessment",
        source_id=assessment.pk,
        source_ref="P1",
        source_label="We know our place.",
        title=fields.pop("title", "Map the place's needs with partners"),
        **fields,
    )


def test_creating_and_changing_an_action_is_audited(agreed) -> None:
    _version, organisation, lead, _member, assessment = agreed
    action = _action(organisation, lead, assessment, owner="Head of policy")
    assert action.plan.organisation == organisation and action.status == "not-started"
    created = AuditEvent.objects.get(action="plan.action.create")
    assert created.after["title"] == "Map the place's needs with partners"
    services.action_update(
        actor=lead,
        action=action,
        title=action.title,
        owner="Chief executive",
        due_date=datetime.date(2027, 3, 31),
        status="in-progress",
        resource_ids=[],
    )
    changed = AuditEvent.objects.get(action="plan.action.change")
    assert changed.before["status"] == "not-started" and changed.after["status"] == "in-progress"
    assert changed.after["owner"] == "Chief executive"
    # Saving without a change records nothing.
    services.action_update(
        actor=lead,
        action=action,
        title=action.title,
        owner=action.owner,
        due_date=action.due_date,
        status=action.status,
        resource_ids=[],
    )
    assert AuditEvent.objects.filter(action="plan.action.change").count() == 1


def test_an_action_needs_words_and_a_known_status(agreed) -> None:
    _version, organisation, lead, _member, assessment = agreed
    with pytest.raises(ValidationError):
        _action(organisation, lead, assessment, title="   ")
    with pytest.raises(ValidationError):
        _action(organisation, lead, assessment, status="finished")
    assert not Action.objects.exists()


def test_the_super_user_adds_an_action_from_an_area_for_improvement_with_a_resource(agreed) -> None:
    from tiex.library.tests.factories import make_resource

    _version, _organisation, lead, member, assessment = agreed
    resource = make_resource("Knowing our place better", themes=("understanding-of-place",))
    client = client_for(lead)
    page = client.get(f"/assessments/{assessment.pk}/results/").content.decode()
    assert f"/assessments/{assessment.pk}/actions/new/?statement=P1" in page
    form = client.get(f"/assessments/{assessment.pk}/actions/new/?statement=P1").content.decode()
    assert "We know our place." in form and "Knowing our place better" in form
    response = client.post(
        f"/assessments/{assessment.pk}/actions/new/",
        {
            "statement": "P1",
            "title": "Map needs with partners",
            "owner": "Head of policy",
            "due_date": "2027-03-31",
            "status": "not-started",
            "resources": [str(resource.pk)],
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.source_kind, action.source_id, action.source_ref) == ("assessment", assessment.pk, "P1")
    assert list(action.resources.all()) == [resource]
    page = client.get(f"/assessments/{assessment.pk}/results/").content.decode()
    assert "Map needs with partners" in page and "Head of policy" in page
    # Errors are shown, and nothing is saved.
    bad = client.post(f"/assessments/{assessment.pk}/actions/new/", {"statement": "P1", "status": "not-started"})
    assert bad.status_code == 400 and "Say what the action is" in bad.content.decode()
    assert Action.objects.count() == 1
    # A member sees the actions but cannot add them.
    assert client_for(member).get(f"/assessments/{assessment.pk}/actions/new/?statement=P1").status_code == 403
    seen = client_for(member).get(f"/assessments/{assessment.pk}/results/").content.decode()
    assert "Map needs with partners" in seen


def test_the_plan_stays_inside_the_council_even_when_the_result_is_public(agreed) -> None:
    _version, organisation, lead, _member, assessment = agreed
    _action(organisation, lead, assessment, title="A confidential step")
    for client in (Client(), client_for(UserFactory())):
        page = client.get(f"/assessments/{assessment.pk}/results/")
        assert page.status_code == 200
        assert "A confidential step" not in page.content.decode() and "Action plan" not in page.content.decode()
    assert client_for(UserFactory()).get(f"/plans/{organisation.slug}/").status_code == 404


def test_the_plan_page_and_its_csv(agreed) -> None:
    _version, organisation, lead, member, assessment = agreed
    _action(organisation, lead, assessment, title="=HYPERLINK(1)", owner="Head of policy")
    page = client_for(member).get(f"/plans/{organisation.slug}/").content.decode()
    assert "Head of policy" in page
    response = client_for(member).get(f"/plans/{organisation.slug}/plan.csv")
    assert response["Content-Type"].startswith("text/csv") and response.streaming
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:4] == ["what", "owner", "due_date", "status"]
    assert rows[1][0] != "=HYPERLINK(1)" and rows[1][0].endswith("=HYPERLINK(1)")  # formulas neutralised
    assert rows[1][5] == "P1"


def test_the_super_user_changes_an_action(agreed) -> None:
    _version, organisation, lead, member, assessment = agreed
    action = _action(organisation, lead, assessment)
    assert client_for(member).get(f"/plans/actions/{action.pk}/").status_code == 403
    response = client_for(lead).post(
        f"/plans/actions/{action.pk}/", {"title": action.title, "owner": "", "due_date": "", "status": "done"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


def test_the_next_round_opens_with_the_plan(agreed) -> None:
    version, organisation, lead, member, assessment = agreed
    _action(organisation, lead, assessment, title="Carried into the next round")
    nxt = start(version, organisation, lead, [member])
    page = client_for(member).get(f"/assessments/{nxt.pk}/").content.decode()
    assert "The action plan from the previous round" in page and "Carried into the next round" in page
    # The first round's own overview has no earlier plan to show.
    assert "previous round" not in client_for(member).get(f"/assessments/{assessment.pk}/").content.decode()


def test_actions_are_listed_by_source() -> None:
    assert selectors.action_list_for_sources(kind="assessment", ids=[]) == []
