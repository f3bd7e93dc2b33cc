"""Starting, answering, the consensus, publishing and withdrawing."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tiex.accounts.tests.factories import UserFactory
from tiex.assessments import services
from tiex.assessments.models import ConsensusAnswer, Participant, Response, Status, Visibility
from tiex.assessments.tests.factories import indicator_spec, load, scaled_spec, start, team
from tiex.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_start_opens_the_assessment_and_emails_each_participant(django_capture_on_commit_callbacks) -> None:
    version = load(scaled_spec())
    organisation, lead, people = team()
    with django_capture_on_commit_callbacks(execute=True):
        assessment = start(
            version, organisation, lead, people, meeting_date=timezone.localdate() + datetime.timedelta(days=20)
        )
    assert assessment.status == Status.OPEN
    assert assessment.participants.count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(p.email for p in [lead, *people])
    assert f"/assessments/{assessment.pk}/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="assessment.start").count() == 1


def test_participants_must_belong_to_the_council() -> None:
    version = load(scaled_spec())
    organisation, lead, _ = team(members=0)
    with pytest.raises(ValidationError, match="members of the council"):
        start(version, organisation, lead, [UserFactory()])


def test_the_meeting_comes_after_answers_close() -> None:
    version = load(scaled_spec())
    organisation, lead, people = team()
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="meeting"):
        start(version, organisation, lead, people, closing_date=today + datetime.timedelta(days=5), meeting_date=today)


def test_a_scaled_answer_is_checked_against_the_scale_and_dimensions() -> None:
    version = load(scaled_spec())
    organisation, lead, people = team()
    assessment = start(version, organisation, lead, people)
    participant = Participant.objects.get(assessment=assessment, user=people[0])
    statement = version.statements.get(code="P1")
    response = services.response_save(
        participant=participant, statement=statement, values={"current": "2", "ambition": "4"}, comment=" Close. "
    )
    assert (response.values, response.comment) == ({"current": 2, "ambition": 4}, "Close.")
    services.response_save(participant=participant, statement=statement, values={"current": "3", "ambition": ""})
    assert Response.objects.get(pk=response.pk).values == {"current": 3}
    with pytest.raises(ValidationError, match="not a level"):
        services.response_save(participant=participant, statement=statement, values={"current": "9"})
    with pytest.raises(ValidationError, match="not asked"):
        services.response_save(participant=participant, statement=statement, values={"status": "1"})


def test_ticked_indicators_decide_an_outcome() -> None:
    version = load(indicator_spec())
    organisation, lead, people = team()
    assessment = start(version, organisation, lead, people)
    participant = Participant.objects.get(assessment=assessment, user=lead)
    outcome = version.statements.get(code="A1.a")
    assert services.response_save(participant=participant, statement=outcome, ticked=["A1", "A2"]).values == {
        "status": 3
    }
    assert services.response_save(participant=participant, statement=outcome, ticked=["PA1"]).values == {"status": 2}
    assert services.response_save(participant=participant, statement=outcome, ticked=["NA1"]).values == {"status": 1}
    with pytest.raises(ValidationError, match="own statements"):
        services.response_save(participant=participant, statement=outcome, ticked=["nope"])


def test_no_answers_after_closing() -> None:
    version = load(scaled_spec())
    organisation, lead, people = team()
    assessment = start(version, organisation, lead, people)
    services.assessment_close(actor=lead, assessment=assessment)
    participant = Participant.objects.get(assessment=assessment, user=lead)
    with pytest.raises(ValidationError, match="closed"):
        services.response_save(participant=participant, statement=version.statements.first(), values={"current": 1})


def test_consensus_publish_share_and_withdraw_are_audited() -> None:
    version = load(scaled_spec())
    organisation, lead, people = team()
    assessment = start(version, organisation, lead, people)
    with pytest.raises(ValidationError, match="consensus"):
        services.assessment_publish(actor=lead, assessment=assessment, visibility=Visibility.PUBLIC)
    p1 = version.statements.get(code="P1")
    services.consensus_save(
        actor=lead, assessment=assessment, answers={p1.pk: ({"current": 2, "ambition": 4}, "Agreed")}
    )
    assessment.refresh_from_db()
    assert assessment.status == Status.CLOSED
    assert ConsensusAnswer.objects.get(assessment=assessment).note == "Agreed"
    services.assessment_publish(actor=lead, assessment=assessment, visibility=Visibility.COUNCIL)
    services.assessment_publish(actor=lead, assessment=assessment, visibility=Visibility.PUBLIC)
    assert assessment.status == Status.PUBLISHED and assessment.visibility == Visibility.PUBLIC
    with pytest.raises(ValidationError, match="Withdraw"):
        services.consensus_save(actor=lead, assessment=assessment, answers={})
    services.assessment_withdraw(actor=lead, assessment=assessment)
    assert (assessment.status, assessment.visibility) == (Status.CLOSED, Visibility.COUNCIL)
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-4:] == ["assessment.consensus", "assessment.publish", "assessment.share", "assessment.withdraw"]


def test_the_consensus_rejects_other_frameworks_statements() -> None:
    version = load(scaled_spec())
    other = load(scaled_spec(slug="other"))
    organisation, lead, people = team()
    assessment = start(version, organisation, lead, people)
    with pytest.raises(ValidationError, match="not part"):
        services.consensus_save(
            actor=lead, assessment=assessment, answers={other.statements.first().pk: ({"current": 1}, "")}
        )


def test_a_statement_left_blank_is_not_an_answer() -> None:
    version = load(scaled_spec())
    organisation, lead, people = team()
    participant = Participant.objects.get(assessment=start(version, organisation, lead, people), user=lead)
    blank = services.response_save(
        participant=participant, statement=version.statements.first(), values={"current": ""}
    )
    assert blank is None and not Response.objects.exists()
