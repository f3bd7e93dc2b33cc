"""The lifecycle pages through the test client: forms, their errors, and who gets what."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tiex.peer_challenges.models import Challenge, Document, DocumentKind, Stage
from tiex.peer_challenges.tests.factories import corporate_kind
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


def test_staff_record_an_enquiry_with_errors_first(who: Any) -> None:
    staff = client_for(who.staff)
    assert staff.get("/peer-challenges/manage/new/").status_code == 200
    response = staff.post("/peer-challenges/manage/new/", {"enquiry_date": "2999-01-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Choose the council" in html and "Choose the kind of peer challenge" in html
    response = staff.post(
        "/peer-challenges/manage/new/",
        {"council": who.council.pk, "kind": "corporate", "enquiry_date": "2019-02-01", "regional_adviser": "Rhian"},
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/peer-challenges/{challenge.reference}/"
    page = staff.get(response["Location"]).content.decode()
    assert "Enquiry and invitation" in page and "In progress" in page
    assert client_for(who.super_user).get("/peer-challenges/manage/new/").status_code == 403


def test_visit_dates_and_stages_show_the_services_errors(who: Any) -> None:
    challenge = new_challenge(who)
    staff = client_for(who.staff)
    response = staff.post(
        f"/peer-challenges/{challenge.reference}/dates/", {"visit_start": "2025-06-10", "visit_end": "2025-06-09"}
    )
    assert response.status_code == 400
    assert "The last day of the visit must be the same as or after the first day" in response.content.decode()
    response = staff.post(
        f"/peer-challenges/{challenge.reference}/stages/team/",
        {"owner": "Me", "completed": "on", "completed_date": "2025-01-01"},
    )
    assert response.status_code == 400
    assert "Complete the earlier stages first" in response.content.decode()
    response = staff.post(
        f"/peer-challenges/{challenge.reference}/stages/enquiry/",
        {"owner": "Rhian", "note": "Invitation accepted", "completed": "on", "completed_date": "2025-01-01"},
    )
    assert response.status_code == 302
    assert "Invitation accepted" in staff.get(f"/peer-challenges/{challenge.reference}/").content.decode()
    assert client_for(who.member).get(f"/peer-challenges/{challenge.reference}/stages/enquiry/").status_code == 403
    assert client_for(who.outsider).get(f"/peer-challenges/{challenge.reference}/stages/enquiry/").status_code == 404
    assert staff.get(f"/peer-challenges/{challenge.reference}/stages/no-such-stage/").status_code == 404


def test_a_file_is_private_until_published(who: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    challenge = advance(new_challenge(who), who, through=Stage.FEEDBACK, visit_end=date.today() - timedelta(days=20))
    council = client_for(who.super_user)
    response = council.post(
        f"/peer-challenges/{challenge.reference}/documents/new/",
        {
            "kind": DocumentKind.REPORT,
            "title": "Peer challenge report",
            "file": SimpleUploadedFile("report.pdf", b"%PDF"),
        },
    )
    assert response.status_code == 302
    report = Document.objects.get(kind=DocumentKind.REPORT)
    path = f"/peer-challenges/{challenge.reference}/documents/{report.pk}/"
    private = client_for(who.peer_user).get(path)
    assert private.status_code == 200 and private["Cache-Control"] == "private, no-store"
    assert b"".join(private.streaming_content) == b"%PDF"  # read to the end: the test client then closes the file
    assert client_for(who.outsider).get(path).status_code == 404
    assert client_for(None).get(path).status_code == 404
    # The report stage (staff), then the council publishes.
    client_for(who.staff).post(
        f"/peer-challenges/{challenge.reference}/stages/report/",
        {"completed": "on", "completed_date": date.today().isoformat()},
    )
    response = council.post(
        f"/peer-challenges/{challenge.reference}/publish/report/",
        {"document": report.pk, "published_on": date.today().isoformat()},
    )
    assert response.status_code == 302, response.content.decode()
    response = client_for(None).get(path)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF"
    assert "Peer challenge report" in client_for(None).get(f"/peer-challenges/{challenge.reference}/").content.decode()


def test_publishing_without_a_document_says_what_to_do(who: Any) -> None:
    challenge = advance(
        new_challenge(who), who, through=Stage.REPORT_PUBLISHED, visit_end=date.today() - timedelta(days=60)
    )
    council = client_for(who.super_user)
    page = council.get(f"/peer-challenges/{challenge.reference}/publish/action-plan/")
    assert page.status_code == 200 and "There is no action plan to publish yet" in page.content.decode()
    response = council.post(f"/peer-challenges/{challenge.reference}/publish/action-plan/", {})
    assert response.status_code == 400
    assert "Add the action plan before publishing it" in response.content.decode()
    assert client_for(who.member).get(f"/peer-challenges/{challenge.reference}/publish/action-plan/").status_code == 403
    assert client_for(who.super_user).get(f"/peer-challenges/{challenge.reference}/publish/nothing/").status_code == 404


def test_the_timetable_and_its_errors(who: Any) -> None:
    challenge = advance(new_challenge(who), who, through=Stage.SCOPING, visit_end=date.today() - timedelta(days=5))
    staff = client_for(who.staff)
    path = f"/peer-challenges/{challenge.reference}/timetable/"
    data = {
        "day": challenge.visit_start.isoformat(),
        "starts": "09:30",
        "kind": "focus-group",
        "title": "Front-line staff",
        "people_met": "14",
    }
    assert staff.post(path, data).status_code == 302
    response = staff.post(path, {**data, "day": "2001-01-01"})
    assert response.status_code == 400 and "The session must fall within the visit" in response.content.decode()
    page = client_for(who.member).get(f"/peer-challenges/{challenge.reference}/").content.decode()
    assert "Front-line staff" in page and "14 people met" in page
    assert (
        "Front-line staff"
        not in client_for(who.outsider).get(f"/peer-challenges/{challenge.reference}/").content.decode()
    )


def test_the_super_user_shares_the_published_self_assessment_and_the_team_sees_it(who: Any) -> None:
    from tiex.accounts.services import organisation_for_council
    from tiex.assessments.tests.factories import access_world_assessment

    keys = access_world_assessment(
        organisation_for_council(council=who.council), {"super_a": who.super_user, "member_a": who.member}
    )
    challenge = advance(new_challenge(who), who, through=Stage.TEAM, visit_end=date.today() - timedelta(days=5))
    path = f"/peer-challenges/{challenge.reference}/self-assessment/"
    council = client_for(who.super_user)
    assert council.get(path).status_code == 200
    assert council.post(path, {}).status_code == 400
    assert council.post(path, {"assessment": keys["published_assessment"]}).status_code == 302
    who.council.control, who.council.control_year = "noc", 2023
    who.council.save(update_fields=["control", "control_year"])
    page = client_for(who.peer_user).get(f"/peer-challenges/{challenge.reference}/").content.decode()
    assert "shares its" in page and "Agreed level" in page
    # Beside the council's data: its type, place, size and control, and a link to the rest.
    type_name = who.council.get_type_display().lower()
    assert f"{who.council.name}, {type_name}" in page
    assert "no overall control after the 2023 elections" in page
    assert f"/councils/{who.council.gss_code}/" in page
    assert client_for(who.member).get(path).status_code == 403


def test_staff_list_with_overdue_flags_and_the_council_profile(who: Any) -> None:
    challenge = advance(new_challenge(who), who, through=Stage.REPORT, visit_end=date.today() - timedelta(days=100))
    new_challenge(who)
    page = client_for(who.staff).get("/peer-challenges/manage/?overdue=1").content.decode()
    assert "1 challenge" in page and "Publish the report" in page
    assert client_for(who.staff).get("/peer-challenges/manage/?page=9").status_code == 404
    assert client_for(who.member).get("/peer-challenges/manage/").status_code == 403
    profile = client_for(None).get(f"/councils/{who.council.gss_code}/").content.decode()
    assert "Peer challenges" in profile and f"/peer-challenges/{challenge.reference}/" in profile
    assert profile.count("/peer-challenges/corporate-") == 1  # the enquiry is not public


def test_a_stage_form_says_when_the_stage_usually_falls(who: Any) -> None:
    challenge = advance(new_challenge(who), who, through=Stage.TEAM, visit_end=date(2026, 3, 13))
    staff = client_for(who.staff)
    page = staff.get(f"/peer-challenges/{challenge.reference}/stages/position-statement/").content.decode()
    assert "Usually two to three weeks before the visit: 17 February 2026" in page
    page = staff.get(f"/peer-challenges/{challenge.reference}/stages/progress-review/").content.decode()
    assert "Usually about 10 months after the visit: 13 January 2027" in page
