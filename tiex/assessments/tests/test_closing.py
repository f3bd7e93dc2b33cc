"""Closing dates: answers close at the end of the closing day (UK time); the super-user extends or closes early."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tiex.assessments import closing, services
from tiex.assessments.models import Assessment, Participant, Response, Status
from tiex.assessments.tests.factories import load, scaled_spec, start, team
from tiex.core.models import AuditEvent

UTC = datetime.UTC
CLOSING = datetime.date(2030, 6, 14)  # British Summer Time: the day ends at 23:00 UTC
WINTER = datetime.date(2030, 1, 14)  # Greenwich Mean Time: the day ends at midnight UTC


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


# --- The pure rules -----------------------------------------------------------------------


def test_answers_close_at_the_end_of_the_closing_day_uk_time() -> None:
    assert closing.closes_at(CLOSING) == datetime.datetime(2030, 6, 15, tzinfo=ZoneInfo("Europe/London"))
    assert closing.closes_at(CLOSING) == at(2030, 6, 14, 23)
    assert not closing.is_past(CLOSING, at(2030, 6, 14, 22, 59, 59))
    assert closing.is_past(CLOSING, at(2030, 6, 14, 23))
    assert closing.closes_at(WINTER) == at(2030, 1, 15)
    assert not closing.is_past(WINTER, at(2030, 1, 14, 23, 59, 59))
    assert closing.is_past(WINTER, at(2030, 1, 15))


def test_today_is_the_uk_date() -> None:
    assert closing.uk_today(at(2030, 6, 14, 23, 30)) == datetime.date(2030, 6, 15)  # 00:30 BST
    assert closing.uk_today(at(2030, 1, 14, 23, 30)) == datetime.date(2030, 1, 14)
    with pytest.raises(ValueError, match="aware"):
        closing.is_past(CLOSING, datetime.datetime(2030, 6, 14))


# --- Through the pages --------------------------------------------------------------------


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def uk_today() -> datetime.date:
    return closing.uk_today(timezone.now())


DAY = datetime.timedelta(days=1)


@pytest.fixture
def open_assessment(db: Any) -> tuple[Any, Any, Any, Any]:
    """An open assessment whose member has answered P1; its closing date is set by each test."""
    version = load(scaled_spec())
    organisation, lead, (member,) = team(members=1)
    assessment = start(version, organisation, lead, [member])
    participant = Participant.objects.get(assessment=assessment, user=member)
    services.response_save(
        participant=participant,
        statement=version.statements.get(code="P1"),
        values={"current": 2, "ambition": 4},
        comment="Before closing",
    )
    return version, assessment, lead, member


def closing_on(assessment: Any, day: datetime.date) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(closing_date=day, meeting_date=None)
    assessment.refresh_from_db()


def _post_answers(client: Client, assessment: Any, version: Any, comment: str) -> Any:
    p1 = version.statements.get(code="P1")
    return client.post(
        f"/assessments/{assessment.pk}/answer/place/",
        {f"s{p1.pk}-current": "3", f"s{p1.pk}-ambition": "5", f"s{p1.pk}-comment": comment, "return": "1"},
    )


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_on_the_closing_day_participants_still_change_their_answers(open_assessment) -> None:  # type: ignore[no-untyped-def]
    version, assessment, _lead, member = open_assessment
    closing_on(assessment, uk_today())
    client = client_for(member)
    page = client.get(f"/assessments/{assessment.pk}/answer/place/").content.decode()
    assert f"Answers close at the end of {long_date(uk_today())} (UK time)" in page
    assert " disabled" not in page and "readonly" not in page
    response = _post_answers(client, assessment, version, "Changed in time")
    assert response.status_code == 302
    assert Response.objects.get(participant__user=member).comment == "Changed in time"


def test_after_the_closing_day_the_page_is_read_only_and_a_post_is_refused(open_assessment) -> None:  # type: ignore[no-untyped-def]
    version, assessment, _lead, member = open_assessment
    yesterday = uk_today() - DAY
    closing_on(assessment, yesterday)
    client = client_for(member)
    page = client.get(f"/assessments/{assessment.pk}/answer/place/").content.decode()
    assert f"Answers closed at the end of {long_date(yesterday)} (UK time)" in page
    assert "You can read your answers here but not change them" in page
    assert page.count(" disabled") == 2 * 2 * 5  # two statements x two dimensions x five levels
    assert "readonly" in page and "Save and" not in page
    refused = _post_answers(client, assessment, version, "Too late")
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "There is a problem" in body and "Your changes were not saved" in body
    assert "Too late" in body  # shown back to copy, never saved
    kept = Response.objects.get(participant__user=member)
    assert (kept.values, kept.comment) == ({"current": 2, "ambition": 4}, "Before closing")
    overview = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Answers are closed: you can no longer change them" in overview
    with pytest.raises(ValidationError, match=f"closed at the end of {long_date(yesterday)}"):
        services.response_save(
            participant=kept.participant, statement=version.statements.get(code="P2"), values={"current": 1}
        )


def test_the_super_user_extends_the_closing_date_and_answers_reopen(open_assessment) -> None:  # type: ignore[no-untyped-def]
    version, assessment, lead, member = open_assessment
    yesterday, later = uk_today() - DAY, uk_today() + 7 * DAY
    closing_on(assessment, yesterday)
    form = client_for(lead).get(f"/assessments/{assessment.pk}/closing-date/")
    assert form.status_code == 200 and "has passed" in form.content.decode()
    too_early = client_for(lead).post(
        f"/assessments/{assessment.pk}/closing-date/", {"closing_date": yesterday.isoformat(), "extend": "1"}
    )
    assert too_early.status_code == 400 and "today or later" in too_early.content.decode()
    done = client_for(lead).post(
        f"/assessments/{assessment.pk}/closing-date/",
        {"closing_date": later.isoformat(), "meeting_date": (later + DAY).isoformat(), "extend": "1"},
    )
    assert done.status_code == 302 and done["Location"] == f"/assessments/{assessment.pk}/"
    assert _post_answers(client_for(member), assessment, version, "After the extension").status_code == 302
    assessment.refresh_from_db()
    assert (assessment.closing_date, assessment.meeting_date) == (later, later + DAY)
    assert Response.objects.get(participant__user=member).comment == "After the extension"
    event = AuditEvent.objects.get(action="assessment.extend")
    assert event.before["closing_date"] == yesterday.isoformat() and event.after["closing_date"] == later.isoformat()
    assert event.actor_id == lead.pk


def test_only_the_super_user_changes_the_dates(open_assessment) -> None:  # type: ignore[no-untyped-def]
    _version, assessment, _lead, member = open_assessment
    before = assessment.closing_date
    denied = client_for(member).post(
        f"/assessments/{assessment.pk}/closing-date/", {"closing_date": "2099-01-01", "extend": "1"}
    )
    assert denied.status_code == 403
    assessment.refresh_from_db()
    assert assessment.closing_date == before


def test_the_super_user_closes_answers_early(open_assessment) -> None:  # type: ignore[no-untyped-def]
    version, assessment, lead, member = open_assessment
    closed = client_for(lead).post(f"/assessments/{assessment.pk}/closing-date/", {"close": "1"})
    assert closed.status_code == 302 and closed["Location"] == f"/assessments/{assessment.pk}/consensus/"
    refused = _post_answers(client_for(member), assessment, version, "Too late")
    assert refused.status_code == 400 and "agreeing the council&#x27;s answers" in refused.content.decode()
    assessment.refresh_from_db()
    with pytest.raises(ValidationError, match="cannot change"):
        services.assessment_extend(
            actor=lead, assessment=assessment, closing_date=uk_today() + 7 * DAY, meeting_date=None
        )
    assert assessment.status == Status.CLOSED
    assert AuditEvent.objects.filter(action="assessment.close").count() == 1
    assert Response.objects.get(participant__user=member).comment == "Before closing"


def test_the_meeting_cannot_come_before_the_new_closing_date(open_assessment) -> None:  # type: ignore[no-untyped-def]
    _version, assessment, lead, _member = open_assessment
    with pytest.raises(ValidationError, match="meeting"):
        services.assessment_extend(
            actor=lead, assessment=assessment, closing_date=uk_today() + 7 * DAY, meeting_date=uk_today() + DAY
        )


# --- Telling the team ---------------------------------------------------------------------


def _sent_to(assessment: Any) -> list[str]:
    return sorted(person.user.email for person in assessment.participants.select_related("user"))


def test_a_new_closing_date_is_e_mailed_to_the_team_in_uk_date_format(  # type: ignore[no-untyped-def]
    open_assessment, django_capture_on_commit_callbacks
) -> None:
    _version, assessment, lead, _member = open_assessment
    previous = assessment.closing_date
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        done = client_for(lead).post(
            f"/assessments/{assessment.pk}/closing-date/", {"closing_date": "2099-03-05", "extend": "1"}
        )

    assert done.status_code == 302 and len(callbacks) == 1
    assert sorted(message.to[0] for message in mail.outbox) == _sent_to(assessment)  # the lead takes part too
    assert all(len(message.to) == 1 for message in mail.outbox)
    message = mail.outbox[0]
    assert message.subject.endswith("self-assessment now close on 5 March 2099")
    assert f"has changed from {long_date(previous)} to 5 March 2099" in message.body
    assert "Answers now close at the end of 5 March 2099 (UK time)." in message.body
    assert f"http://testserver/assessments/{assessment.pk}/" in message.body
    assert "2099-03-05" not in message.body and "03/05/2099" not in message.body


def test_closing_answers_early_is_e_mailed_to_the_team_with_the_day_they_closed(  # type: ignore[no-untyped-def]
    open_assessment, django_capture_on_commit_callbacks
) -> None:
    _version, assessment, lead, _member = open_assessment
    closing_on(assessment, datetime.date(2099, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        closed = client_for(lead).post(f"/assessments/{assessment.pk}/closing-date/", {"close": "1"})

    assert closed.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == _sent_to(assessment)
    today = long_date(uk_today())
    message = mail.outbox[0]
    assert message.subject.endswith(f"self-assessment closed on {today}")
    assert f"has closed answers to {assessment.organisation.name}'s" in message.body
    assert f"early, on {today}. They were due to close at the end of 1 December 2099." in message.body


def test_no_e_mail_when_the_closing_date_stays_or_answers_had_already_closed(  # type: ignore[no-untyped-def]
    open_assessment, django_capture_on_commit_callbacks
) -> None:
    _version, assessment, lead, _member = open_assessment
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_extend(
            actor=lead,
            assessment=assessment,
            closing_date=assessment.closing_date,
            meeting_date=assessment.closing_date + DAY,  # only the meeting moves
        )
        closing_on(assessment, uk_today() - DAY)
        services.assessment_close(actor=lead, assessment=assessment)  # the closing day had ended

    assert assessment.status == Status.CLOSED
    assert mail.outbox == []
