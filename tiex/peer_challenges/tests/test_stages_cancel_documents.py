"""Cancelling a challenge, removing or replacing a document before it is published, the stages'
completion dates in order, and feedback once per person as a database constraint."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client

from tiex.core.models import AuditEvent
from tiex.peer_challenges import reminders, selectors, stages
from tiex.peer_challenges import services_stage_documents as documents
from tiex.peer_challenges import services_stages as services
from tiex.peer_challenges.models import Document, DocumentKind, Feedback, FeedbackFrom, Stage
from tiex.peer_challenges.tests.factories import PeerFactory, corporate_kind
from tiex.peer_challenges.tests.stages_helpers import advance, new_challenge, people

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def who() -> Any:
    corporate_kind()
    return people()


def test_staff_cancel_a_challenge_with_a_reason_and_it_leaves_the_overdue_list(who: Any) -> None:
    late = advance(new_challenge(who), who, through=Stage.REPORT, visit_end=date.today() - timedelta(days=120))
    assert [item.reference for item in selectors.overdue_steps(today=date.today())] == [late.reference]
    staff = client_for(who.staff)
    path = f"/peer-challenges/{late.reference}/cancel/"
    assert client_for(who.super_user).get(path).status_code == 403
    assert client_for(who.stranger).get(path).status_code == 404
    assert staff.get(path).status_code == 200
    response = staff.post(path, {"reason": "  "})
    assert response.status_code == 400 and "Enter why the challenge is cancelled" in response.content.decode()

    response = staff.post(path, {"reason": "The council withdrew its invitation after the elections"})
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.cancelled_at is not None and late.cancelled_reason.startswith("The council withdrew")
    event = AuditEvent.objects.get(action="peer_challenges.challenge.cancel")
    assert event.after["reason"].startswith("The council withdrew")
    page = client_for(who.member).get(f"/peer-challenges/{late.reference}/").content.decode()
    assert "Cancelled on" in page and "withdrew its invitation" in page and "Overdue:" not in page
    assert selectors.overdue_steps(today=date.today()) == []
    assert reminders.reminders_send_due(today=date.today()) == 0
    listing = staff.get("/peer-challenges/manage/").content.decode()
    assert "Cancelled" in listing
    assert late.reference not in staff.get("/peer-challenges/manage/?overdue=1").content.decode()
    assert client_for(None).get(f"/peer-challenges/{late.reference}/").status_code == 404  # not public any more
    with pytest.raises(ValidationError, match="already cancelled"):
        services.challenge_cancel(actor=who.staff, challenge=late, reason="Again")
    with pytest.raises(ValidationError, match="cancelled, so its stages cannot change"):
        services.check_can_complete(late, Stage.REPORT_PUBLISHED, date.today(), date.today())
    with pytest.raises(PermissionDenied):
        services.challenge_cancel(actor=who.super_user, challenge=new_challenge(who), reason="No")


def test_a_document_is_removed_or_replaced_until_it_is_published(
    who: Any, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    challenge = new_challenge(who)
    statement = documents.document_add(
        actor=who.super_user,
        challenge=challenge,
        kind=DocumentKind.POSITION_STATEMENT,
        title="Position statement, draft",
        file=SimpleUploadedFile("draft.pdf", b"%PDF-1 draft"),
    )
    old_file = statement.file.name
    council = client_for(who.super_user)
    replace = f"/peer-challenges/{challenge.reference}/documents/{statement.pk}/replace/"
    assert client_for(who.member).get(replace).status_code == 403
    assert client_for(who.outsider).get(replace).status_code == 404
    assert council.get(replace).status_code == 200
    # Neither a file nor a link: the error, and the title typed is kept.
    response = council.post(replace, {"kind": DocumentKind.POSITION_STATEMENT, "title": "Position statement, final"})
    html = response.content.decode()
    assert (
        response.status_code == 400 and "Upload a file or give a link" in html and "Position statement, final" in html
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = council.post(
            replace,
            {
                "kind": DocumentKind.POSITION_STATEMENT,
                "title": "Position statement, final",
                "url": "https://northshire.example.org/final.pdf",
            },
        )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.title, statement.url, statement.file.name) == (
        "Position statement, final",
        "https://northshire.example.org/final.pdf",
        "",
    )
    assert not (tmp_path / old_file).exists()  # the old file is deleted once the change is committed
    assert AuditEvent.objects.filter(action="peer_challenges.document.replace").count() == 1

    # Staff remove a background document; the council cannot remove staff's draft report.
    background = documents.document_add(
        actor=who.staff, challenge=challenge, kind=DocumentKind.BACKGROUND, title="Budget", url="https://x.example/b"
    )
    draft = documents.document_add(
        actor=who.staff, challenge=challenge, kind=DocumentKind.DRAFT_REPORT, title="Draft", url="https://x.example/d"
    )
    staff = client_for(who.staff)
    remove = f"/peer-challenges/{challenge.reference}/documents/{background.pk}/remove/"
    assert "Remove Budget?" in staff.get(remove).content.decode()
    assert staff.post(remove).status_code == 302
    assert not Document.objects.filter(pk=background.pk).exists()
    assert council.get(f"/peer-challenges/{challenge.reference}/documents/{draft.pk}/remove/").status_code == 403
    page = council.get(f"/peer-challenges/{challenge.reference}/").content.decode()
    assert f"/documents/{statement.pk}/remove/" in page and f"/documents/{draft.pk}/remove/" not in page
    assert AuditEvent.objects.filter(action="peer_challenges.document.remove").count() == 1


def test_a_published_document_or_one_a_completed_stage_rests_on_stays(who: Any) -> None:
    challenge = advance(
        new_challenge(who), who, through=Stage.REPORT_PUBLISHED, visit_end=date.today() - timedelta(days=200)
    )
    report = challenge.documents.get(kind=DocumentKind.REPORT)
    with pytest.raises(ValidationError, match="published"):
        documents.document_remove(actor=who.staff, document=report)
    with pytest.raises(ValidationError, match="published"):
        documents.document_replace(actor=who.staff, document=report, title="New", url="https://x.example/n")
    staff = client_for(who.staff)
    response = staff.get(f"/peer-challenges/{challenge.reference}/documents/{report.pk}/remove/")
    assert response.status_code == 302  # back to the page, which says why
    statement = challenge.documents.get(kind=DocumentKind.POSITION_STATEMENT)
    response = staff.post(f"/peer-challenges/{challenge.reference}/documents/{statement.pk}/remove/")
    assert response.status_code == 400
    assert "Position statement shared is complete with this document" in response.content.decode()
    assert Document.objects.filter(pk=statement.pk).exists()


def test_a_later_stage_is_never_completed_before_an_earlier_one(who: Any) -> None:
    assert stages.date_order_problem(Stage.TEAM, date(2025, 1, 1), {Stage.SCOPING: date(2025, 2, 1)}) == (
        "Team assembled cannot be completed before scoping and date agreed, completed on 1 February 2025"
    )
    assert stages.date_order_problem(Stage.TEAM, date(2025, 3, 1), {Stage.POSITION_STATEMENT: date(2025, 2, 1)}) == (
        "Team assembled cannot be completed after position statement shared, completed on 1 February 2025"
    )
    assert stages.date_order_problem(Stage.TEAM, date(2025, 2, 1), {Stage.SCOPING: date(2025, 2, 1)}) is None

    challenge = new_challenge(who, enquiry=date.today() - timedelta(days=100))
    staff = client_for(who.staff)
    enquiry_done = (date.today() - timedelta(days=10)).isoformat()
    staff.post(
        f"/peer-challenges/{challenge.reference}/stages/enquiry/",
        {"owner": "Rhian", "completed": "on", "completed_date": enquiry_done},
    )
    earlier = (date.today() - timedelta(days=20)).isoformat()
    services.challenge_dates_agree(
        actor=who.staff,
        challenge=challenge,
        visit_start=date.today() + timedelta(days=30),
        visit_end=date.today() + timedelta(days=33),
    )
    response = staff.post(
        f"/peer-challenges/{challenge.reference}/stages/scoping/",
        {"owner": "Sam", "note": "Scope agreed with the chief executive", "completed": "on", "completed_date": earlier},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and "cannot be completed before enquiry and invitation" in html
    assert "Scope agreed with the chief executive" in html  # nothing typed is lost
    assert 'href="#id_completed_date' in html
    # Moving the enquiry's date after the scoping's is refused the other way round.
    services.stage_step_save(
        actor=who.staff,
        challenge=challenge,
        stage=Stage.SCOPING,
        owner="Sam",
        planned_date=None,
        note="",
        completed_date=date.today() - timedelta(days=5),
    )
    with pytest.raises(ValidationError, match="cannot be completed after scoping and date agreed"):
        services.stage_step_save(
            actor=who.staff,
            challenge=challenge,
            stage=Stage.ENQUIRY,
            owner="Rhian",
            planned_date=None,
            note="",
            completed_date=date.today() - timedelta(days=2),
        )


def test_feedback_once_per_person_per_challenge_is_a_database_constraint(who: Any) -> None:
    challenge = new_challenge(who)
    peer = PeerFactory()
    Feedback.objects.create(
        challenge=challenge, given_by=FeedbackFrom.PEER, peer=peer, positive_impact=True, satisfied=True
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(
            challenge=challenge, given_by=FeedbackFrom.PEER, peer=peer, positive_impact=False, satisfied=False
        )
    Feedback.objects.create(
        challenge=challenge, given_by=FeedbackFrom.COUNCIL, user=who.super_user, positive_impact=True, satisfied=True
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(
            challenge=challenge,
            given_by=FeedbackFrom.COUNCIL,
            user=who.super_user,
            positive_impact=True,
            satisfied=True,
        )
    # Council feedback of the demo (no user) is not constrained; another super-user answers too.
    Feedback.objects.create(challenge=challenge, given_by=FeedbackFrom.COUNCIL, positive_impact=True, satisfied=True)
    Feedback.objects.create(
        challenge=challenge, given_by=FeedbackFrom.COUNCIL, user=who.member, positive_impact=True, satisfied=True
    )


def test_the_staff_feedback_figures_download_is_a_streamed_neutralised_csv(who: Any) -> None:
    import csv
    import io

    from tiex.peer_challenges.tests.factories import ChallengeFactory, FeedbackFactory

    challenge = ChallengeFactory(visit_start=date(2019, 6, 3), visit_end=date(2019, 6, 6))
    FeedbackFactory(challenge=challenge, positive_impact=True, satisfied=False, comments="=HYPERLINK(1)")
    assert client_for(who.super_user).get("/peer-challenges/feedback/download.csv").status_code == 403
    response = client_for(who.staff).get("/peer-challenges/feedback/download.csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="peer-challenge-feedback.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffyear,financial_year,councils_answering")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [
        {
            "year": "2019",
            "financial_year": "2019/20",
            "councils_answering": "1",
            "councils_positive_impact": "1",
            "councils_positive_impact_share": "1.000",
            "councils_satisfied": "0",
            "councils_satisfied_share": "0.000",
            "peers_answering": "0",
            "peers_positive_impact": "0",
            "peers_positive_impact_share": "",
            "peers_satisfied": "0",
            "peers_satisfied_share": "",
        }
    ]
    page = client_for(who.staff).get("/peer-challenges/feedback/").content.decode()
    assert 'href="/peer-challenges/feedback/download.csv"' in page


def test_a_streamed_csv_neutralises_formulas() -> None:
    from tiex.core.csv import csv_streaming_response

    response = csv_streaming_response("x.csv", ["a", "b"], iter([("=1+1", "@x"), ("plain", 3)] * 600))
    text = b"".join(response.streaming_content).decode("utf-8")
    lines = text.removeprefix("\ufeff").splitlines()
    assert lines[0] == "a,b" and lines[1] == "'=1+1,'@x" and lines[2] == "plain,3" and len(lines) == 1201
