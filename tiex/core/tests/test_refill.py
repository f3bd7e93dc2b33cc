"""Kept public pages drawn again after a change (tiex/core/refill.py, decision 0015)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from tiex.core import refill, site_state, tasks
from tiex.core.page_cache import page_cache
from tiex.core.response_cache import STATUS_HEADER
from tiex.councils.tests.factories import CouncilFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tiex.core.tests.response_cache_urls")]


@pytest.fixture(autouse=True)
def _cache_and_refill_on(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache and the refill on; the test settings' "background" tasks run at once, as if a
    worker had picked the task up the moment it was queued."""
    settings.PUBLIC_CACHE = True
    settings.PUBLIC_CACHE_REFILL = 10
    monkeypatch.setattr(refill, "_queued", lambda: True)
    page_cache.clear()
    refill._counts.clear()


def committed(capture: Any, name: str) -> None:
    """A write as a request or task makes it: its transaction commits, the state moves, and
    what runs after the commit (the bump, and so the refill) runs."""
    with capture(execute=True), transaction.atomic():
        CouncilFactory(name=name)
    bump = site_state._bumper("default")
    connection.run_on_commit = [entry for entry in connection.run_on_commit if entry[1] is not bump]


def visit(path: str, times: int = 1, **extra: Any) -> None:
    client = Client()
    for _ in range(times):
        client.get(path, **extra)
    refill.flush()


def test_after_a_change_the_next_anonymous_visit_is_a_hit_with_the_new_content(
    django_capture_on_commit_callbacks: Any,
) -> None:
    committed(django_capture_on_commit_callbacks, "Alpha")
    visit("/names/", times=2)
    committed(django_capture_on_commit_callbacks, "Beta")
    after = Client().get("/names/")
    assert after[STATUS_HEADER] == "hit"
    body = after.content.decode()
    assert "<li>Alpha</li>" in body and "<li>Beta</li>" in body


def test_a_streamed_download_is_drawn_again_whole(django_capture_on_commit_callbacks: Any) -> None:
    committed(django_capture_on_commit_callbacks, "Gamma")
    visit("/names.csv")
    committed(django_capture_on_commit_callbacks, "Delta")
    after: Any = Client().get("/names.csv")
    assert after[STATUS_HEADER] == "hit" and b"".join(after.streaming_content) == b"Delta\r\nGamma\r\n"


def test_the_most_requested_addresses_come_first_and_the_refill_is_not_a_visit() -> None:
    visit("/names/?page=2")
    visit("/names/", times=3)
    assert [path for _scheme, _host, path in refill.popular(10)] == ["/names/", "/names/?page=2"]
    assert refill.refill() == 0  # both kept under the current state already: answered as hits
    refill.flush()
    assert dict(refill._counts) == {}
    assert [path for _scheme, _host, path in refill.popular(1)] == ["/names/"]


@pytest.mark.parametrize("path", ["/form/", "/session/", "/message/", "/private/", "/missing/", "/marked/"])
def test_an_address_whose_answer_is_not_kept_is_never_counted(path: str) -> None:
    visit(path, times=2)
    assert refill.popular(10) == []


def test_visitors_with_a_session_or_credentials_are_never_counted() -> None:
    visit("/names/", HTTP_AUTHORIZATION="Bearer x")
    with_session = Client()
    with_session.cookies["sessionid"] = "anything"
    with_session.get("/names/")
    refill.flush()
    assert refill.popular(10) == []


def test_private_addresses_are_never_drawn_even_if_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    listed = [
        ("http", "testserver", "/account/email/"),
        ("http", "testserver", "/admin/names/"),
        ("http", "testserver", "/healthz"),
        ("ftp", "testserver", "/names/"),
        ("http", "testserver", "names/"),
    ]
    assert not [address for address in listed if refill.drawable(address)]
    drawn: list[Any] = []

    def draw(handler: Any, address: Any) -> int:
        drawn.append(address)
        return 1

    monkeypatch.setattr(refill, "draw", draw)
    refill._merge(refill.Counter(dict.fromkeys(listed, 5)))
    assert refill.refill() == 0 and drawn == []


def test_a_drawn_request_is_an_anonymous_get_with_no_cookie_or_credentials() -> None:
    environ = refill.environ_for(("https", "example.org:8443", "/names/caf%C3%A9?q=a%20b"))
    assert environ["REQUEST_METHOD"] == "GET" and environ[refill.MARK] is True
    assert environ["PATH_INFO"] == "/names/café".encode().decode("iso-8859-1")
    assert environ["QUERY_STRING"] == "q=a%20b" and environ["SERVER_PORT"] == "8443"
    assert not {name for name in environ if name in ("HTTP_COOKIE", "HTTP_AUTHORIZATION")}


def test_with_the_cache_off_nothing_is_counted_queued_or_drawn(
    settings: Any, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.PUBLIC_CACHE = False
    queued: list[int] = []
    monkeypatch.setattr(tasks, "refill_public_pages", SimpleNamespace(enqueue=lambda: queued.append(1)))
    visit("/names/", times=2)
    committed(django_capture_on_commit_callbacks, "Epsilon")
    assert queued == [] and refill.popular(10) == [] and refill.refill() == 0


def test_without_a_task_worker_the_first_visit_after_a_change_renders_the_new_content(
    django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refill, "_queued", lambda: False)  # tasks run in the request: none queued
    queued: list[int] = []
    monkeypatch.setattr(tasks, "refill_public_pages", SimpleNamespace(enqueue=lambda: queued.append(1)))
    visit("/names/", times=2)
    committed(django_capture_on_commit_callbacks, "Zeta")
    after = Client().get("/names/")
    assert queued == [] and after[STATUS_HEADER] == "miss" and "<li>Zeta</li>" in after.content.decode()


def test_one_refill_waits_at_a_time(django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    queued: list[int] = []
    monkeypatch.setattr(tasks, "refill_public_pages", SimpleNamespace(enqueue=lambda: queued.append(1)))
    committed(django_capture_on_commit_callbacks, "Eta")
    committed(django_capture_on_commit_callbacks, "Theta")
    assert queued == [1]
    refill.refill()  # the worker takes it: a later change queues the next
    committed(django_capture_on_commit_callbacks, "Iota")
    assert queued == [1, 1]
