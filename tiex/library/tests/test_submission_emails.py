"""The submitter's e-mails link to the address the site is used at (tiex/core/links.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.core.context import request_context
from django.core import mail
from django.test import Client, RequestFactory, override_settings

from tiex.library import services
from tiex.library.models import ResourcePage
from tiex.library.tests.factories import CouncilFactory, council_member, editor
from tiex.library.tests.test_submissions import FORM

pytestmark = pytest.mark.django_db

SERVED = "127.0.0.1:8101"


@override_settings(BASE_URL="http://127.0.0.1:8000")
def test_moderation_e_mails_link_to_the_served_address(exchange: Any, django_capture_on_commit_callbacks: Any) -> None:
    council = CouncilFactory(name="Leicestershire")
    member = council_member(council, email="member@example.org")
    client = Client(HTTP_HOST=SERVED)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/exchange/submit/", {**FORM, "council": str(council.pk)})
    assert response.status_code == 302
    page = ResourcePage.objects.get(title=FORM["title"])
    [received] = mail.outbox
    assert re.findall(r"https?://\S+", received.body) == [
        f"http://{SERVED}/exchange/submissions/{page.pk}/",
        f"http://{SERVED}/exchange/submissions/",
    ]

    # An editor approves while using the site at its served address: the "published" e-mail agrees.
    request = RequestFactory(HTTP_HOST=SERVED).get("/admin/")
    with request_context(request), django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(user=editor(), page=page)
    published = mail.outbox[-1]
    assert "published" in published.subject
    assert f"http://{SERVED}/exchange/" in published.body and ":8000" not in published.body
