"""Meetings: who sees drafts, public papers, actions carried until closed, minutes approved at a later meeting."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.board import selectors_meetings, services_meetings
from tiex.board.models import Action, ActionStatus, Meeting
from tiex.board.tests.factories import BoardMemberFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor() -> Any:
    user = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(user)
    return user


@pytest.fixture
def meetings(settings: Any, tmp_path: Any) -> tuple[Meeting, Meeting]:
    settings.MEDIA_ROOT = tmp_path
    may = MeetingFactory(date=date(2019, 5, 23))
    july = MeetingFactory(date=date(2019, 7, 11))
    chair = BoardMemberFactory(name="Cllr Chair", role="chair")
    services_meetings.attendance_record(actor=None, meeting=may, present=[chair], apologies=[])
    public = services_meetings.item_add(
        actor=None,
        meeting=may,
        title="Monitoring and performance report",
        discussion="50/52 targets fully achieved.",
        decisions=["The Board noted the report."],
        paper_file=SimpleUploadedFile("monitoring.pdf", b"%PDF-1.4 report"),
    )
    private = services_meetings.item_add(
        actor=None,
        meeting=may,
        title="Confidential item",
        public=False,
        paper_file=SimpleUploadedFile("secret.pdf", b"%PDF-1.4 secret"),
    )
    services_meetings.action_add(
        actor=None, item=public, text="Talk to councils that changed control.", owner="Gary Hughes"
    )
    services_meetings.action_add(actor=None, item=private, text="Research public notices.", owner="Officers")
    return may, july


def test_the_public_sees_public_items_and_papers_but_not_drafts(meetings: Any) -> None:
    may, _ = meetings
    page = Client().get(f"/board/meetings/{may.pk}/").content.decode()
    assert "Monitoring and performance report" in page
    assert "Confidential item" not in page and "Draft minutes" not in page and "Cllr Chair" not in page
    public_paper = may.items.get(number=1).papers.get()
    private_paper = may.items.get(number=2).papers.get()
    response = Client().get(f"/board/meetings/{may.pk}/papers/{public_paper.pk}/")
    # Read to the end: the test client then closes the file.
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 report"  # type: ignore[attr-defined]
    assert Client().get(f"/board/meetings/{may.pk}/papers/{private_paper.pk}/").status_code == 404


def test_a_member_of_the_board_sees_drafts_and_the_open_actions(meetings: Any, django_user_model: Any) -> None:
    may, _ = meetings
    councillor = django_user_model.objects.create_user(email="cllr@example.org", password="a-long-password-1")
    client = Client()
    client.force_login(councillor)
    assert client.get("/board/actions/").status_code == 403
    BoardMemberFactory(name="Cllr Linked", user=councillor)
    page = client.get(f"/board/meetings/{may.pk}/").content.decode()
    assert "Confidential item" in page and "Draft minutes" in page and "Cllr Chair" in page
    assert "Research public notices." in client.get("/board/actions/").content.decode()


def test_an_open_action_is_carried_until_closed_and_approval_freezes_the_minutes(meetings: Any, editor: Any) -> None:
    may, july = meetings
    september = MeetingFactory(date=date(2019, 9, 19))
    assert len(selectors_meetings.matters_arising(july)) == 2
    action = Action.objects.get(text="Research public notices.")
    services_meetings.action_update(
        actor=editor, action=action, status=ActionStatus.DONE, closed_on=date(2019, 7, 11), today=date(2019, 7, 11)
    )
    assert len(selectors_meetings.matters_arising(july)) == 2  # closed at that meeting: still reported there
    assert [a.text for a in selectors_meetings.matters_arising(september)] == ["Talk to councils that changed control."]
    client = Client()
    client.force_login(editor)
    assert client.post(f"/board/meetings/{may.pk}/approve/", {"at": ""}).status_code == 400
    response = client.post(f"/board/meetings/{may.pk}/approve/", {"at": str(july.pk)})
    assert response.status_code == 302
    may.refresh_from_db()
    assert may.minutes_approved_on == date(2019, 7, 11) and "50/52 targets fully achieved." in may.minutes_text
    public = Client().get(f"/board/meetings/{may.pk}/").content.decode()
    assert "Approved at the meeting of 11 July 2019" in public and "The Board noted the report." in public


def test_staff_record_a_meeting_an_item_and_an_action(editor: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    member = BoardMemberFactory(name="Cllr Present")
    client = Client()
    client.force_login(editor)
    assert client.post("/board/meetings/new/", {"title": "Board", "day": ""}).status_code == 400
    response = client.post(
        "/board/meetings/new/", {"title": "Board", "day": "2019-09-19", "venue": "Smith Square", "present": [member.pk]}
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(date=date(2019, 9, 19))
    assert meeting.attendance.get().member == member
    response = client.post(
        f"/board/meetings/{meeting.pk}/items/new/",
        {"title": "Chair's report", "public": "on", "paper_file": SimpleUploadedFile("report.exe", b"MZ")},
    )
    assert response.status_code == 400 and "Upload a PDF" in response.content.decode()
    response = client.post(
        f"/board/meetings/{meeting.pk}/items/new/", {"title": "Chair's report", "decisions": "Noted.\n"}
    )
    assert response.status_code == 302
    item = meeting.items.get()
    response = client.post(
        f"/board/meetings/{meeting.pk}/items/{item.pk}/actions/new/",
        {"text": "Write to the minister.", "owner": "Chair"},
    )
    assert response.status_code == 302 and item.actions.get().status == ActionStatus.OPEN


def test_a_paper_can_be_a_resource_published_in_the_exchange(editor: Any) -> None:
    from tiex.library.tests.factories import make_resource

    resource = make_resource("Peer challenge annual report")
    meeting = MeetingFactory(date=date(2019, 9, 19))
    client = Client()
    client.force_login(editor)
    url = f"/board/meetings/{meeting.pk}/items/new/"
    wrong = client.post(url, {"title": "Annual report", "paper_resource": "/exchange/no-such-resource/"})
    assert wrong.status_code == 400
    response = client.post(
        url, {"title": "Annual report", "public": "on", "paper_resource": f"/exchange/{resource.slug}/"}
    )
    assert response.status_code == 302
    paper = meeting.items.get().papers.get()
    assert paper.resource_id == resource.pk and paper.title == "Peer challenge annual report"
    opened = Client().get(f"/board/meetings/{meeting.pk}/papers/{paper.pk}/")
    assert opened.status_code == 302 and opened["Location"] == resource.url
