"""The printable report of an agreed result: who sees it and what it holds (printing itself: the browser test
tiex/core/tests/browser/test_report_print.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tiex.assessments import services
from tiex.assessments.models import Participant
from tiex.assessments.tests.factories import load, scaled_spec, start, team
from tiex.plans.models import Action
from tiex.plans.services import plan_ensure

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def agreed() -> tuple[Any, Any, Any, Any]:
    version = load(scaled_spec())
    organisation, lead, (member,) = team(members=1)
    assessment = start(version, organisation, lead, [member])
    participant = Participant.objects.get(assessment=assessment, user=member)
    p1 = version.statements.get(code="P1")
    services.response_save(participant=participant, statement=p1, values={"current": 1}, comment="My private view")
    services.consensus_save(
        actor=lead,
        assessment=assessment,
        answers={s.pk: ({"current": 2, "ambition": 4}, f"Note on {s.code}") for s in version.statements.all()},
    )
    Action.objects.create(
        plan=plan_ensure(organisation=organisation),
        title="Refresh the place narrative",
        source_kind="assessment",
        source_id=assessment.pk,
        source_ref="P1",
        source_label=p1.text,
        created_by=lead,
    )
    return assessment, organisation, lead, member


def test_the_report_is_seen_by_exactly_those_who_see_the_agreed_result(agreed) -> None:  # type: ignore[no-untyped-def]
    assessment, _organisation, lead, member = agreed
    url = f"/assessments/{assessment.pk}/report/"
    assert Client().get(url).status_code == 404  # not published
    assert client_for(member).get(url).status_code == 404  # a participant sees only their own answers until then
    assert client_for(lead).get(url).status_code == 200
    services.assessment_publish(actor=lead, assessment=assessment, visibility="signed-in")
    assert Client().get(url).status_code == 404
    assert client_for(member).get(url).status_code == 200
    services.assessment_publish(actor=lead, assessment=assessment, visibility="public")
    public = Client().get(url).content.decode()
    assert "Results by statement" in public and "Note on P1" in public
    assert "Refresh the place narrative" not in public and "Action plan" not in public  # members only
    assert "My private view" not in public


def test_the_report_holds_the_cover_result_next_steps_and_action_plan(agreed) -> None:  # type: ignore[no-untyped-def]
    assessment, organisation, lead, _member = agreed
    services.assessment_publish(actor=lead, assessment=assessment, visibility="public")
    page = client_for(lead).get(f"/assessments/{assessment.pk}/report/?group=same-region").content.decode()
    for expected in (
        "Test transformation: self-assessment report",
        organisation.council.name,
        "version 1.0",
        "Published",
        "Answers closed",
        "<svg",
        "Results by theme",
        "Compared with similar councils",
        ">Next steps</h2>",
        'href="http://testserver/exchange/?theme=',  # absolute, so the printed address can be typed in
        "Refresh the place narrative",
        "Save as PDF",
        'id="report-statements-caption"',
    ):
        assert expected in page, expected
    # Each results section has a real heading and is named by it; the table's scroll region inside
    # is named by the table's caption, so no two landmarks share a name.
    for heading_id, caption_id, heading in (
        ("report-themes", "report-themes-caption", "Results by theme"),
        ("report-statements", "report-statements-caption", "Results by statement"),
    ):
        assert f'<h2 class="govuk-heading-l" id="{heading_id}">{heading}</h2>' in page
        assert page.count(f'aria-labelledby="{heading_id}"') == 1
        assert page.count(f'aria-labelledby="{caption_id}"') == 1
        assert f'id="{caption_id}">{heading}' not in page
    assert 'value="same-region" selected' in page
    results = client_for(lead).get(f"/assessments/{assessment.pk}/results/?group=same-region").content.decode()
    assert f'href="/assessments/{assessment.pk}/report/?group=same-region"' in results
    assert "Print or save as PDF" in results
