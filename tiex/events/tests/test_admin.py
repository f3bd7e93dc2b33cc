"""Staff keep events, sessions and speakers in the staff admin; after the event they link a
session to the Exchange case studies that came from it."""

from __future__ import annotations

import pytest
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.events.tests.factories import SessionFactory
from tiex.library.tests.factories import make_resource

pytestmark = pytest.mark.django_db


def test_an_editor_keeps_events_and_links_a_session_to_a_case_study(client: Client) -> None:
    editor = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(editor)
    client.force_login(editor)
    for model in ("event", "session", "speaker"):
        assert client.get(f"/admin/snippets/events/{model}/").status_code == 200, model
    session = SessionFactory(title="Heat networks")
    resource = make_resource("How we built a heat network")
    edit = client.get(f"/admin/snippets/events/session/edit/{session.pk}/")
    assert edit.status_code == 200 and "How we built a heat network" in edit.content.decode()
    session.resources.add(resource)
    page = Client().get(f"/events/{session.event.slug}/sessions/{session.pk}/").content.decode()
    assert "Case studies that came from this session" in page and "How we built a heat network" in page
