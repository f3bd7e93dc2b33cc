"""The lifecycle's writes: who may, in what order, with what, and the audit trail."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tiex.core.models import AuditEvent
from tiex.library.models import ResourcePage
from tiex.peer_challenges import services_stage_documents as stage_documents
from tiex.peer_challenges import services_stages as services
from tiex.peer_challenges import services_timetable
from tiex.peer_challenges.models import Document, DocumentKind, Stage, StageStep
from tiex.peer_challenges.tests.factories import corporate_kind
from tiex.peer_challenges.tests.stages_helpers import advance, new_challenge, people, team

pytestmark = pytest.mark.django_db

PAST = date.today() - timedelta(days=200)


@pytest.fixture
def who() -> Any:
    return people()


def test_staff_record_an_enquiry_which_starts_at_its_first_stage_and_is_audited(who: Any) -> None:
    challenge = new_challenge(who, enquiry=date(2019, 1, 10))
    assert challenge.stage == Stage.ENQUIRY
    assert challenge.reference == "corporate-2019-northshire"
    assert StageStep.objects.get(challenge=challenge).owner == "Rhian Adviser"
    assert AuditEvent.objects.filter(action="peer_challenges.challenge.create", object_id=str(challenge.pk)).exists()
    again = new_challenge(who, enquiry=date(2019, 3, 1))
    assert again.reference == "corporate-2019-northshire-2"


def test_only_staff_record_an_enquiry_and_not_for_the_future(who: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.challenge_create(
            actor=who.super_user, council=who.council, kind=corporate_kind(), enquiry_date=date(2019, 1, 1)
        )
    with pytest.raises(ValidationError) as error:
        services.challenge_create(
            actor=who.staff, council=who.council, kind=corporate_kind(), enquiry_date=date.today() + timedelta(days=1)
        )
    assert "today or in the past" in str(error.value)


def test_the_visit_ends_on_or_after_it_starts_and_lasts_a_few_days(who: Any) -> None:
    challenge = new_challenge(who)
    with pytest.raises(ValidationError) as error:
        services.challenge_dates_agree(
            actor=who.staff, challenge=challenge, visit_start=PAST, visit_end=PAST - timedelta(days=1)
        )
    assert error.value.error_dict["visit_end"][0].message.startswith("The last day of the visit must be")
    with pytest.raises(ValidationError):
        services.challenge_dates_agree(
            actor=who.staff, challenge=challenge, visit_start=PAST, visit_end=PAST + timedelta(days=20)
        )
    with pytest.raises(PermissionDenied):
        services.challenge_dates_agree(actor=who.super_user, challenge=challenge, visit_start=PAST, visit_end=PAST)
    services.challenge_dates_agree(
        actor=who.staff, challenge=challenge, visit_start=PAST, visit_end=PAST + timedelta(days=3)
    )
    challenge.refresh_from_db()
    assert challenge.visit_end == PAST + timedelta(days=3)


def test_a_stage_is_completed_only_after_the_earlier_ones(who: Any) -> None:
    challenge = new_challenge(who)
    with pytest.raises(ValidationError) as error:
        services.stage_step_save(
            actor=who.staff,
            challenge=challenge,
            stage=Stage.TEAM,
            owner="",
            planned_date=None,
            note="",
            completed_date=PAST,
        )
    assert "Complete the earlier stages first: enquiry and invitation, scoping and date agreed" in str(error.value)


def test_stages_ask_for_what_they_produce(who: Any) -> None:
    challenge = new_challenge(who)
    step = {"owner": "", "planned_date": None, "note": "", "completed_date": PAST}
    services.stage_step_save(actor=who.staff, challenge=challenge, stage=Stage.ENQUIRY, **step)
    with pytest.raises(ValidationError, match="Agree the visit dates first"):
        services.stage_step_save(actor=who.staff, challenge=challenge, stage=Stage.SCOPING, **step)
    services.challenge_dates_agree(
        actor=who.staff, challenge=challenge, visit_start=PAST, visit_end=PAST + timedelta(days=3)
    )
    services.stage_step_save(actor=who.staff, challenge=challenge, stage=Stage.SCOPING, **step)
    with pytest.raises(ValidationError, match="Add the team"):
        services.stage_step_save(actor=who.staff, challenge=challenge, stage=Stage.TEAM, **step)
    team(challenge, who)
    services.stage_step_save(actor=who.staff, challenge=challenge, stage=Stage.TEAM, **step)
    with pytest.raises(ValidationError, match="Add the position statement first"):
        services.stage_step_save(actor=who.staff, challenge=challenge, stage=Stage.POSITION_STATEMENT, **step)
    challenge.refresh_from_db()
    assert challenge.stage == Stage.POSITION_STATEMENT


def test_the_council_publishes_and_publishing_completes_the_stage(
    who: Any, django_capture_on_commit_callbacks: Any
) -> None:
    visit_end = date.today() - timedelta(days=120)
    challenge = advance(new_challenge(who), who, through=Stage.REPORT, visit_end=visit_end)
    with pytest.raises(ValidationError, match="Add the action plan before publishing it"):
        stage_documents.document_publish(
            actor=who.super_user, challenge=challenge, kind=DocumentKind.ACTION_PLAN, document=None
        )
    report = Document.objects.get(challenge=challenge, kind=DocumentKind.REPORT)
    with pytest.raises(PermissionDenied):
        stage_documents.document_publish(
            actor=who.member, challenge=challenge, kind=DocumentKind.REPORT, document=report
        )
    with pytest.raises(PermissionDenied):
        stage_documents.document_publish(
            actor=who.outsider, challenge=challenge, kind=DocumentKind.REPORT, document=report
        )
    plan = stage_documents.document_add(
        actor=who.super_user,
        challenge=challenge,
        kind=DocumentKind.ACTION_PLAN,
        title="Plan",
        url="https://x.example/p",
    )
    with pytest.raises(ValidationError, match="Complete the earlier stages first: report published"):
        stage_documents.document_publish(
            actor=who.super_user, challenge=challenge, kind=DocumentKind.ACTION_PLAN, document=plan
        )
    with django_capture_on_commit_callbacks(execute=True):
        stage_documents.document_publish(
            actor=who.super_user,
            challenge=challenge,
            kind=DocumentKind.REPORT,
            document=report,
            published_on=visit_end + timedelta(days=60),
        )
    report.refresh_from_db()
    challenge.refresh_from_db()
    assert report.published_at is not None
    assert challenge.stage == Stage.ACTION_PLAN
    assert StageStep.objects.get(
        challenge=challenge, stage=Stage.REPORT_PUBLISHED
    ).completed_date == visit_end + timedelta(days=60)
    with pytest.raises(ValidationError, match="already published"):
        stage_documents.document_publish(
            actor=who.super_user, challenge=challenge, kind=DocumentKind.REPORT, document=report
        )
    assert AuditEvent.objects.filter(action="peer_challenges.document.publish").count() == 1
    # Public now, so the Exchange lists it in its "Peer challenge reports" collection; the draft plan is not.
    listed = ResourcePage.objects.filter(source_dataset="peer-challenges")
    assert [page.external_url for page in listed] == ["https://x.example/r"]


def test_publishing_stages_are_not_completed_by_hand(who: Any) -> None:
    challenge = advance(new_challenge(who), who, through=Stage.REPORT, visit_end=date.today() - timedelta(days=30))
    with pytest.raises(ValidationError, match="completed when the council publishes"):
        services.stage_step_save(
            actor=who.staff,
            challenge=challenge,
            stage=Stage.REPORT_PUBLISHED,
            owner="",
            planned_date=None,
            note="",
            completed_date=date.today(),
        )


def test_a_document_is_a_file_or_a_link_and_the_council_adds_only_its_own_kinds(
    who: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    challenge = new_challenge(who)
    with pytest.raises(ValidationError, match="Upload a file or give a link"):
        stage_documents.document_add(
            actor=who.staff, challenge=challenge, kind=DocumentKind.BACKGROUND, title="Nothing"
        )
    pdf = SimpleUploadedFile("statement.pdf", b"%PDF-1.4 position", content_type="application/pdf")
    document = stage_documents.document_add(
        actor=who.super_user, challenge=challenge, kind=DocumentKind.POSITION_STATEMENT, title="Position", file=pdf
    )
    assert document.file.name.endswith(".pdf") and document.published_at is None
    with pytest.raises(ValidationError):
        stage_documents.document_add(
            actor=who.staff,
            challenge=challenge,
            kind=DocumentKind.BACKGROUND,
            title="A program",
            file=SimpleUploadedFile("run.exe", b"MZ"),
        )
    with pytest.raises(PermissionDenied):
        stage_documents.document_add(
            actor=who.super_user,
            challenge=challenge,
            kind=DocumentKind.DRAFT_REPORT,
            title="Draft",
            url="https://x.example",
        )
    with pytest.raises(PermissionDenied):
        stage_documents.document_add(
            actor=who.member,
            challenge=challenge,
            kind=DocumentKind.BACKGROUND,
            title="Background",
            url="https://x.example",
        )


def test_the_timetable_falls_within_the_visit_and_counts_people_met(who: Any) -> None:
    from datetime import datetime

    from django.utils import timezone

    challenge = new_challenge(who)
    services.challenge_dates_agree(
        actor=who.staff, challenge=challenge, visit_start=PAST, visit_end=PAST + timedelta(days=3)
    )
    at = timezone.make_aware(datetime.combine(PAST + timedelta(days=1), datetime.min.time().replace(hour=9)))
    services_timetable.visit_session_add(
        actor=who.staff,
        challenge=challenge,
        starts_at=at,
        ends_at=None,
        kind="interview",
        title="The leader",
        people_met=1,
    )
    session = services_timetable.visit_session_add(
        actor=who.staff,
        challenge=challenge,
        starts_at=at,
        ends_at=None,
        kind="focus-group",
        title="Staff",
        people_met=12,
    )
    challenge.refresh_from_db()
    assert challenge.people_met == 13
    with pytest.raises(ValidationError, match="within the visit"):
        services_timetable.visit_session_add(
            actor=who.staff,
            challenge=challenge,
            starts_at=at + timedelta(days=10),
            ends_at=None,
            kind="interview",
            title="Late",
        )
    with pytest.raises(ValidationError, match="end after it starts"):
        services_timetable.visit_session_add(
            actor=who.staff, challenge=challenge, starts_at=at, ends_at=at, kind="interview", title="Zero"
        )
    services_timetable.visit_session_remove(actor=who.staff, session=session)
    challenge.refresh_from_db()
    assert challenge.people_met == 1


def test_the_super_user_shares_only_a_published_self_assessment_of_the_council(who: Any) -> None:
    from tiex.assessments.tests.factories import access_world_assessment  # noqa: F401

    challenge = new_challenge(who)
    with pytest.raises(PermissionDenied):
        stage_documents.self_assessment_attach(actor=who.member, challenge=challenge, assessment=None)
    stage_documents.self_assessment_attach(actor=who.super_user, challenge=challenge, assessment=None)
    assert AuditEvent.objects.filter(action="peer_challenges.self_assessment.attach").exists()


def test_every_stage_to_the_progress_review(who: Any) -> None:
    challenge = advance(
        new_challenge(who), who, through=Stage.PROGRESS_REVIEW_PUBLISHED, visit_end=date.today() - timedelta(days=400)
    )
    assert challenge.stage == Stage.PROGRESS_REVIEW_PUBLISHED
    assert StageStep.objects.filter(challenge=challenge, completed_date__isnull=False).count() == 12
    assert Document.objects.filter(challenge=challenge, published_at__isnull=False).count() == 3
