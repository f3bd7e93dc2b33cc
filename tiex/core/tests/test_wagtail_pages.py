"""No route shows Wagtail's default page ("Welcome to your new Wagtail site!")."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Page, Site

WELCOME = "Welcome to your new Wagtail site"

pytestmark = pytest.mark.django_db


def test_pages_root_sends_readers_to_the_home_page(client: Client) -> None:
    response = client.get("/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert WELCOME not in client.get("/pages/", follow=True).content.decode()


def test_a_page_with_no_content_of_its_own_is_not_found(client: Client) -> None:
    root = Site.objects.get(is_default_site=True).root_page
    root.add_child(instance=Page(title="Empty", slug="empty"))
    response = client.get("/pages/empty/")
    assert response.status_code == 404
    assert "Empty" not in response.content.decode().split("<main", 1)[-1]


def test_the_default_page_no_longer_bears_wagtails_welcome_title() -> None:
    assert not Page.objects.filter(title__startswith=WELCOME).exists()
    assert Site.objects.get(is_default_site=True).root_page.title == "tiex"
