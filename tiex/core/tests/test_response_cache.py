"""The public response cache (tiex/core/response_cache.py) and the site state it is keyed on."""

from __future__ import annotations

import gzip
import re
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client

from tiex.core import site_state
from tiex.core.page_cache import page_cache
from tiex.core.response_cache import STATUS_HEADER
from tiex.councils.models import Council
from tiex.councils.tests.factories import CouncilFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tiex.core.tests.response_cache_urls")]


@pytest.fixture(autouse=True)
def _cache_on(settings: Any) -> None:
    settings.PUBLIC_CACHE = True
    page_cache.clear()


def organisation(name: str) -> Council:
    return CouncilFactory(name=name)


def committed(capture: Any, name: str) -> Council:
    """A write as a request or task makes it: its transaction commits (and the state moves)."""
    with capture(execute=True), transaction.atomic():
        made = organisation(name)
    # The test's own transaction never commits: drop what ran, as a real commit empties the list.
    bump = site_state._bumper("default")
    connection.run_on_commit = [entry for entry in connection.run_on_commit if entry[1] is not bump]
    return made


def nonce_of(body: str) -> str:
    return re.search(r'nonce="([^"]+)"', body).group(1)  # type: ignore[union-attr]


def test_a_second_visit_is_answered_from_the_cache_with_one_query(django_assert_num_queries: Any) -> None:
    organisation("Alpha")
    client = Client()
    first = client.get("/names/")
    assert first[STATUS_HEADER] == "miss" and "<li>Alpha</li>" in first.content.decode()
    with django_assert_num_queries(1):  # the state token, nothing else
        second = client.get("/names/")
    assert second[STATUS_HEADER] == "hit"
    assert second.content.decode().replace(nonce_of(second.content.decode()), "N") == first.content.decode().replace(
        nonce_of(first.content.decode()), "N"
    )


def test_a_kept_page_names_the_nonce_it_was_rendered_with_in_its_policy() -> None:
    client = Client()
    first = client.get("/names/")
    second = client.get("/names/")
    assert second[STATUS_HEADER] == "hit"
    nonce = nonce_of(second.content.decode())
    assert nonce == nonce_of(first.content.decode())
    assert f"'nonce-{nonce}'" in second["Content-Security-Policy"]


def test_a_kept_page_is_answered_before_the_rest_of_the_stack_with_all_its_headers() -> None:
    client = Client()
    first = client.get("/names/")
    second = client.get("/names/")
    assert second[STATUS_HEADER] == "hit"
    # Answered before the session middleware and everything after it ran...
    assert hasattr(first.wsgi_request, "session") and not hasattr(second.wsgi_request, "session")
    # ...with the headers they gave the page when it was rendered.
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert second[name] == first[name], name
    assert second["Content-Length"] == str(len(second.content))


def test_a_page_that_reads_the_empty_session_is_kept_one_that_varies_otherwise_is_not() -> None:
    client = Client()
    first = client.get("/who/")
    assert "Cookie" in first["Vary"] and first.content == b"signed in: False"
    assert client.get("/who/")[STATUS_HEADER] == "hit"
    client.get("/by-language/", HTTP_ACCEPT_LANGUAGE="cy")
    other = client.get("/by-language/", HTTP_ACCEPT_LANGUAGE="en")
    assert other[STATUS_HEADER] == "miss" and other.content == b"en"


def test_a_new_render_has_a_new_nonce(django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    before = nonce_of(client.get("/names/").content.decode())
    committed(django_capture_on_commit_callbacks, "Epsilon")
    after = client.get("/names/")
    assert after[STATUS_HEADER] == "miss" and nonce_of(after.content.decode()) != before
    assert f"'nonce-{nonce_of(after.content.decode())}'" in after["Content-Security-Policy"]


def test_a_kept_page_is_served_gzipped_to_browsers_that_accept_it() -> None:
    for number in range(60):
        organisation(f"Council number {number:03d}")
    client = Client()
    first = client.get("/names/")
    assert "Accept-Encoding" in first["Vary"]
    plain = client.get("/names/")
    packed = client.get("/names/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain[STATUS_HEADER] == packed[STATUS_HEADER] == "hit"
    assert not plain.has_header("Content-Encoding") and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content == first.content
    assert len(packed.content) < len(plain.content) and "Accept-Encoding" in packed["Vary"]


def test_a_committed_write_shows_at_once(django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    assert "Beta" not in client.get("/names/").content.decode()
    assert client.get("/names/")[STATUS_HEADER] == "hit"
    committed(django_capture_on_commit_callbacks, "Beta")
    fresh = client.get("/names/")
    assert fresh[STATUS_HEADER] == "miss" and "<li>Beta</li>" in fresh.content.decode()


def test_a_transaction_moves_the_state_once_and_a_rollback_not_at_all(django_capture_on_commit_callbacks: Any) -> None:
    before = site_state.generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        organisation("One")
        organisation("Two")
        Council.objects.filter(name="One").delete()
    assert len(callbacks) == 1 and site_state.generation() == before + 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                organisation("Three")
                raise RuntimeError("undo")
        except RuntimeError:
            pass
    assert callbacks == [] and site_state.generation() == before + 1


def test_bookkeeping_writes_do_not_move_the_state(
    django_capture_on_commit_callbacks: Any, django_user_model: Any
) -> None:
    user = django_user_model.objects.create_user(email="someone@example.org", password="a long password 1")
    before = site_state.generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        user.save(update_fields=["last_login"])
        from django.contrib.sessions.backends.db import SessionStore

        SessionStore().create()
    assert callbacks == [] and site_state.generation() == before


UNKEPT = ["/form/", "/session/", "/message/", "/private/", "/missing/", "/marked/", "/admin/names/"]


@pytest.mark.parametrize("path", UNKEPT)
def test_what_must_not_be_kept_is_rendered_every_time(path: str) -> None:
    client = Client()
    client.get(path)
    assert client.get(path).get(STATUS_HEADER) != "hit"


def test_anyone_with_a_session_or_credentials_gets_a_fresh_page() -> None:
    Client().get("/names/")
    assert Client().get("/names/")[STATUS_HEADER] == "hit"
    with_session = Client()
    with_session.cookies["sessionid"] = "anything"
    assert STATUS_HEADER not in with_session.get("/names/")
    assert STATUS_HEADER not in Client(HTTP_AUTHORIZATION="Bearer x").get("/names/")
    with_message = Client()
    with_message.cookies["messages"] = "anything"
    assert STATUS_HEADER not in with_message.get("/names/")


def test_the_query_string_and_host_are_part_of_the_address() -> None:
    client = Client()
    client.get("/names/?a=1")
    assert client.get("/names/?a=2")[STATUS_HEADER] == "miss"
    assert client.get("/names/?a=1")[STATUS_HEADER] == "hit"
    assert client.get("/names/?a=1", HTTP_HOST="127.0.0.1")[STATUS_HEADER] == "miss"


def test_a_streamed_download_is_kept_as_it_streams_and_replayed_streamed(
    django_capture_on_commit_callbacks: Any,
) -> None:
    committed(django_capture_on_commit_callbacks, "Gamma")
    client = Client()
    first = client.get("/names.csv")
    assert first.streaming and b"".join(first.streaming_content) == b"Gamma\r\n"
    second = client.get("/names.csv")
    assert second[STATUS_HEADER] == "hit" and second.streaming
    assert b"".join(second.streaming_content) == b"Gamma\r\n"
    assert second["Content-Disposition"] == 'attachment; filename="names.csv"'
    committed(django_capture_on_commit_callbacks, "Delta")
    assert b"".join(client.get("/names.csv").streaming_content) == b"Delta\r\nGamma\r\n"


def test_off_by_setting(settings: Any) -> None:
    settings.PUBLIC_CACHE = False
    client = Client()
    client.get("/names/")
    assert STATUS_HEADER not in client.get("/names/")


def test_a_new_worker_finds_what_another_kept(settings: Any) -> None:
    """The in-process tier starts empty in a new worker; the shared tier still has the page."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "worker"},
        "responses": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
    }
    client = Client()
    assert client.get("/names/")[STATUS_HEADER] == "miss"
    page_cache.clear()  # as a new worker's memory
    assert client.get("/names/")[STATUS_HEADER] == "hit"
    caches["responses"].clear()  # both gone: rendered again
    page_cache.clear()
    assert client.get("/names/")[STATUS_HEADER] == "miss"
