"""A council member submits a case study; editors ask for changes and publish; everyone is told."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tiex.accounts.roles import Role
from tiex.core.models import AuditEvent
from tiex.library import services
from tiex.library.models import ResourcePage
from tiex.library.tests.factories import CouncilFactory, UserFactory, council_member, editor

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Online self-assessment for grab rails",
    "summary": "Residents ask for minor adaptations online; waits fell from 11 weeks to 3.",
    "body": "## What we did\nAn online form routes simple requests to the installer.\n\n- Designed with residents",
    "themes": ["digital-and-technology"],
    "service_areas": ["adult-social-care"],
    "date_month": "3",
    "date_year": "2024",
    "evidence_level": "compared",
    "saving_amount": "140000",
    "saving_period": "per-year",
    "saving_status": "expected",
    "benefits": "Waits down from 11 weeks to 3",
    "contact_name": "Fiona Marsh",
    "contact_email": "fiona@example.org",
    "confirm": "on",
}


@pytest.fixture
def council(exchange):  # type: ignore[no-untyped-def]
    return CouncilFactory(name="Leicestershire")


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _submit(client: Client, council: Any, django_capture_on_commit_callbacks: Any, **changes: Any) -> ResourcePage:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/exchange/submit/", {**FORM, "council": str(council.pk), **changes})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ResourcePage.objects.get(title=FORM["title"])
    assert response["Location"] == f"/exchange/submissions/{page.pk}/"
    return page


def test_submit_review_change_and_publish(council, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    member = council_member(council, email="member@example.org")
    client = _login(member)
    assert client.get("/exchange/submit/").status_code == 200

    page = _submit(client, council, django_capture_on_commit_callbacks)
    assert not page.live
    assert page.owner == member and page.submitted_by_council == council
    assert [c.pk for c in page.councils.all()] == [council.pk]
    assert "<h2>What we did</h2>" in page.body
    assert [m.to for m in mail.outbox] == [["member@example.org"]]
    assert "received your case study" in mail.outbox[0].subject
    status = client.get(f"/exchange/submissions/{page.pk}/").content.decode()
    assert "In review" in status
    assert "In review" in client.get("/exchange/submissions/").content.decode()
    # Not in search while it is a draft.
    assert FORM["title"] not in client.get("/exchange/", {"q": "grab rails"}).content.decode()

    staff = editor()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_request_changes(user=staff, page=page, comment="Please add the cost of the installer.")
    assert mail.outbox[-1].to == ["member@example.org"]
    assert "Changes requested" in mail.outbox[-1].subject
    assert "cost of the installer" in mail.outbox[-1].body
    status = client.get(f"/exchange/submissions/{page.pk}/").content.decode()
    assert "Changes requested" in status and "cost of the installer" in status

    edit_form = client.get(f"/exchange/submissions/{page.pk}/edit/")
    assert edit_form.status_code == 200
    assert "Online self-assessment for grab rails" in edit_form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/exchange/submissions/{page.pk}/edit/",
            {**FORM, "council": str(council.pk), "summary": "Now with the installer's cost: £40 a job."},
        )
    assert response.status_code == 302
    assert "received your case study" in [m for m in mail.outbox if m.to == ["member@example.org"]][-1].subject
    assert "In review" in client.get(f"/exchange/submissions/{page.pk}/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(user=staff, page=page)
    page.refresh_from_db()
    assert page.live
    assert page.summary == "Now with the installer's cost: £40 a job."
    assert "published" in mail.outbox[-1].subject
    assert page.url in mail.outbox[-1].body
    # Received, changes requested, received again, published: one each (the editors' e-mails are tested below).
    assert len([m for m in mail.outbox if m.to == ["member@example.org"]]) == 4
    assert page.slug in Client().get("/exchange/", {"q": "grab rails"}).content.decode()

    actions = list(
        AuditEvent.objects.filter(object_type="library.resourcepage", object_id=str(page.pk))
        .order_by("occurred_at", "id")
        .values_list("action", flat=True)
    )
    for expected in ("resource.create", "resource.submit", "resource.request_changes", "resource.resubmit"):
        assert expected in actions
    assert "resource.approve" in actions and "resource.publish" in actions


def test_editors_get_one_email_per_submission_in_our_words(council, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    staff = editor(email="editor@example.org", full_name="Eda Editor")
    member = council_member(council, email="member@example.org", full_name="Mo Member")
    page = _submit(_login(member), council, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["editor@example.org", "member@example.org"]
    for message in mail.outbox:
        for wagtail_words in ("moderation stage", "submitted to", "notification preferences", "workflow"):
            assert wagtail_words not in message.body and wagtail_words not in message.subject
    [to_editor] = [m for m in mail.outbox if m.to == ["editor@example.org"]]
    assert to_editor.subject == f"Case study to review: {FORM['title']}"
    assert "Mo Member from Leicestershire has sent a case study" in to_editor.body
    assert f"/admin/pages/{page.pk}/edit/" in to_editor.body
    assert "approve it to publish it, or request changes" in to_editor.body
    # Changes asked for and made: the editors hear once more, that the changes are made.
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_request_changes(user=staff, page=page, comment="Add the cost.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _login(member).post(f"/exchange/submissions/{page.pk}/edit/", {**FORM, "council": str(council.pk)})
    assert sorted(m.to[0] for m in mail.outbox) == ["editor@example.org", "member@example.org"]
    assert "made the changes you asked for" in next(m.body for m in mail.outbox if m.to == ["editor@example.org"])


def test_a_member_of_another_council_cannot_see_the_draft(council, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    page = _submit(_login(council_member(council)), council, django_capture_on_commit_callbacks)
    for outsider in (council_member(CouncilFactory()), UserFactory(), council_member(council)):
        client = _login(outsider)
        assert client.get(f"/exchange/submissions/{page.pk}/").status_code == 404
        assert client.get(f"/exchange/submissions/{page.pk}/edit/").status_code == 404
        assert client.get(f"/exchange/{page.slug}/").status_code == 404
        assert client.get(f"/api/v1/resources/{page.pk}").status_code == 404
        assert FORM["title"] not in client.get("/exchange/submissions/").content.decode()
    assert Client().get(f"/exchange/{page.slug}/").status_code == 404


def test_the_councils_super_user_sees_all_its_submissions(council, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    page = _submit(_login(council_member(council, full_name="Sam Sender")), council, django_capture_on_commit_callbacks)
    client = _login(council_member(council, Role.SUPER_USER))
    listing = client.get("/exchange/submissions/").content.decode()
    assert FORM["title"] in listing and "Sent by others at your council" in listing and "Sam Sender" in listing
    assert client.get(f"/exchange/submissions/{page.pk}/").status_code == 200
    draft = client.get(f"/exchange/{page.slug}/")
    assert draft.status_code == 200 and "This is not published" in draft.content.decode()
    # Only the submitter changes it.
    assert client.get(f"/exchange/submissions/{page.pk}/edit/").status_code == 404


def test_an_editor_can_publish_from_the_staff_admin(council, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    member = council_member(council, email="member@example.org")
    page = _submit(_login(member), council, django_capture_on_commit_callbacks)
    task_state = page.current_workflow_state.current_task_state
    client = _login(editor())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "Thank you"}
        )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    # Our e-mails with public links, and not Wagtail's admin ones, reach the submitter.
    to_member = [m for m in mail.outbox if m.to == ["member@example.org"]]
    assert [m.subject.split(":")[0] for m in to_member] == [
        "We have received your case study",
        "Your case study is published",
    ]


def test_the_form_shows_errors(council) -> None:  # type: ignore[no-untyped-def]
    client = _login(council_member(council))
    response = client.post("/exchange/submit/", {"council": str(council.pk), "saving_amount": "lots"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    for message in ("Enter a title", "Describe what you did", "Enter the year", "Enter the amount as a number"):
        assert message in html
    assert not ResourcePage.objects.exists()


def test_people_without_a_council_cannot_submit(exchange) -> None:  # type: ignore[no-untyped-def]
    client = _login(UserFactory())
    assert client.get("/exchange/submit/").status_code == 403
    assert Client().get("/exchange/submit/").status_code == 302  # to sign in


def test_an_id_too_large_for_the_database_is_not_found(council) -> None:  # type: ignore[no-untyped-def]
    client = _login(council_member(council))
    for path in ("/exchange/submissions/99999999999999999999/", "/exchange/submissions/99999999999999999999/edit/"):
        assert client.get(path).status_code == 404
    assert client.get("/exchange/submissions/9223372036854775807/").status_code == 404  # the largest id: no such row


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "\u200b\u200b\u200b"),  # zero-width spaces
        ("title", "\u202e\u2066\u2069"),  # right-to-left override and isolates
        ("title", "\ufeff \u200d"),
        ("summary", "\u200b"),
        ("contact_name", "\u2060\u200b"),
    ],
)
def test_text_of_only_invisible_characters_is_refused(council, field: str, value: str) -> None:  # type: ignore[no-untyped-def]
    client = _login(council_member(council))
    response = client.post("/exchange/submit/", {**FORM, "council": str(council.pk), field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "only invisible characters" in html or "Enter a" in html
    assert not ResourcePage.objects.filter(submitted_by_council=council).exists()


def test_bidirectional_overrides_are_taken_out_of_text(council, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = _login(council_member(council))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/exchange/submit/",
            {
                **FORM,
                "council": str(council.pk),
                "title": "\u202e" + FORM["title"] + "\u202c",
                "contact_name": "Fiona \u2067Marsh\u2069",
            },
        )
    assert response.status_code == 302
    page = ResourcePage.objects.get(submitted_by_council=council)
    assert page.title == FORM["title"]
    assert page.contact_name == "Fiona Marsh"


def test_the_model_refuses_invisible_titles_from_the_admin_and_files(exchange, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    from tiex.core.importing import ImportFailed
    from tiex.library.resource_csv import import_resources

    data = services.ResourceData(title="\u200b\u200b", summary="What happened.")
    with pytest.raises(ValidationError, match="only invisible characters"):
        services.resource_create(actor=None, data=data)
    page = services.resource_create(actor=None, data=services.ResourceData(title="Real \u202etitle", summary="S"))
    assert page.title == "Real title"  # stripped by the model's clean, as the admin's form is
    source = tmp_path / "resources.csv"
    source.write_text("title,type,summary\n\u200b\u200b,case-study,What happened.\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="only invisible characters"):
        import_resources(source)
