"""Staff change an agenda item (until its minutes are approved) and a member of the board."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.board import services_meetings
from tiex.board.models import AgendaItem, BoardMember
from tiex.board.tests.factories import BoardMemberFactory, MeetingFactory
from tiex.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor() -> Any:
    user = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(user)
    return user


@pytest.fixture
def staff(editor: Any) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def item(settings: Any, tmp_path: Any) -> AgendaItem:
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(date=date(2019, 5, 23))
    return services_meetings.item_add(
        actor=None,
        meeting=meeting,
        title="Monitoring report",
        discussion="50/52 targets fully achieved.",
        decisions=["The Board noted the report."],
        paper_file=SimpleUploadedFile("monitoring.pdf", b"%PDF-1.4 report"),
    )


def _url(item: AgendaItem) -> str:
    return f"/board/meetings/{item.meeting_id}/items/{item.pk}/"


def test_the_form_shows_the_item_as_recorded(staff: Client, item: AgendaItem) -> None:
    page = staff.get(_url(item)).content.decode()
    assert 'value="Monitoring report"' in page
    assert "The Board noted the report." in page
    assert "Remove papers" in page and "monitoring" in page


def test_staff_change_an_items_title_public_flag_decisions_and_papers(staff: Client, item: AgendaItem) -> None:
    [paper] = item.papers.all()
    response = staff.post(
        _url(item),
        {
            "title": "Monitoring and performance report",
            "presenter": "Head of Improvement",
            "discussion": "50/52.",
            "decisions": "The Board noted the report.\nThe Board agreed the plan.",
            "remove_papers": [str(paper.pk)],
            "paper_title": "Revised report",
            "paper_file": SimpleUploadedFile("revised.pdf", b"%PDF-1.4 revised"),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#agenda")
    item.refresh_from_db()
    assert (item.title, item.presenter, item.public) == (
        "Monitoring and performance report",
        "Head of Improvement",
        False,
    )
    assert [d.text for d in item.decisions.order_by("pk")] == [
        "The Board noted the report.",
        "The Board agreed the plan.",
    ]
    assert [p.title for p in item.papers.all()] == ["Revised report"]
    assert AuditEvent.objects.filter(action="board.item.update", object_id=str(item.pk)).exists()


def test_a_failed_post_is_a_400_with_an_error_summary_and_keeps_what_was_typed(staff: Client, item: AgendaItem) -> None:
    response = staff.post(
        _url(item), {"title": "", "discussion": "Typed with care.", "decisions": "One\nTwo", "public": "on"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Enter the item&#x27;s title" in page
    assert "Typed with care." in page and "One\nTwo" in page
    item.refresh_from_db()
    assert item.title == "Monitoring report"


def test_an_item_of_approved_minutes_cannot_change(staff: Client, item: AgendaItem) -> None:
    later = MeetingFactory(date=date(2019, 7, 11))
    services_meetings.minutes_approve(actor=None, meeting=item.meeting, at=later)
    assert staff.get(_url(item)).status_code == 400
    assert staff.get(f"/board/meetings/{item.meeting_id}/approve/").status_code == 400  # was a 500 (unbound form)
    response = staff.post(_url(item), {"title": "Changed", "public": "on"})
    assert response.status_code == 400 and "are approved" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Monitoring report"


def test_an_item_of_another_meeting_is_404(staff: Client, item: AgendaItem) -> None:
    other = MeetingFactory(date=date(2019, 9, 1))
    assert staff.get(f"/board/meetings/{other.pk}/items/{item.pk}/").status_code == 404


def test_others_may_not_change_items(item: AgendaItem, django_user_model: Any) -> None:
    client = Client()
    assert client.get(_url(item)).status_code == 302  # sign in
    client.force_login(django_user_model.objects.create_user(email="someone@example.org", password="x" * 16))
    assert client.post(_url(item), {"title": "Changed"}).status_code == 403


def test_staff_list_the_members_and_change_a_role(staff: Client) -> None:
    member = BoardMemberFactory(name="Cllr Kevin Bentley", authority="Essex County Council")
    BoardMemberFactory(name="Cllr Former", active=False)
    page = staff.get("/board/members/").content.decode()
    assert page.index("Cllr Kevin Bentley") < page.index("Cllr Former")
    assert f"/board/members/{member.pk}/" in page
    response = staff.post(
        f"/board/members/{member.pk}/",
        {"name": "Cllr Kevin Bentley", "role": "vice-chair", "authority": "Essex County Council", "active": "on"},
    )
    assert response.status_code == 302 and response["Location"] == "/board/members/"
    member.refresh_from_db()
    assert (member.role, member.active) == ("vice-chair", True)
    assert AuditEvent.objects.filter(action="board.member.update", object_id=str(member.pk)).exists()


def test_a_former_member_no_longer_sees_drafts(staff: Client, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user(email="cllr@example.org", password="x" * 16)
    member = BoardMemberFactory(name="Cllr Leaving", user=user)
    staff.post(f"/board/members/{member.pk}/", {"name": "Cllr Leaving", "role": "member"})
    member.refresh_from_db()
    assert member.active is False
    client = Client()
    client.force_login(user)
    assert client.get("/board/actions/").status_code == 403


def test_a_failed_member_post_is_a_400_and_keeps_what_was_typed(staff: Client) -> None:
    member = BoardMemberFactory(name="Cllr Kevin Bentley")
    response = staff.post(f"/board/members/{member.pk}/", {"name": "", "role": "chair", "authority": "Typed body"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Enter the member&#x27;s name" in page and "Typed body" in page
    assert BoardMember.objects.get(pk=member.pk).role == "member"


def test_others_may_not_see_the_members(django_user_model: Any) -> None:
    client = Client()
    client.force_login(django_user_model.objects.create_user(email="someone@example.org", password="x" * 16))
    assert client.get("/board/members/").status_code == 403
