"""The session store reads the row with kept SQL and answers as Django's database store does."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from tiex.core.session_store import SessionStore

pytestmark = pytest.mark.django_db


def test_the_project_uses_it() -> None:
    assert settings.SESSION_ENGINE == "tiex.core.session_store"


def test_a_saved_session_loads_and_each_key_reads_its_own_row() -> None:
    first, second = SessionStore(), SessionStore()
    first["who"], second["who"] = "first", "second"
    first.save()
    second.save()
    assert SessionStore(first.session_key)["who"] == "first"
    assert SessionStore(second.session_key)["who"] == "second"
    assert DjangoStore(second.session_key)["who"] == "second"  # the same rows as Django's own store


def test_an_expired_or_unknown_session_is_empty_and_loses_its_key() -> None:
    store = SessionStore()
    store["who"] = "someone"
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    for key in (store.session_key, "no-such-session-key-at-all-0000", "x' OR '1'='1"):
        again = SessionStore(key)
        assert again.load() == {}
        assert again.session_key is None
