"""Sign-in throttling counts are shared by every worker: without Redis, the default cache is a
database table, and `check --deploy` warns when it is a per-process cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.test import Client, override_settings

from tiex.accounts.checks import check_throttle_cache_is_shared
from tiex.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TABLE = "tiex_cache_test"
DATABASE_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": TABLE}
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
TOO_MANY = "Too many failed login attempts"


@pytest.fixture
def cache_table() -> Iterator[None]:
    with override_settings(CACHES={"default": DATABASE_CACHE}):
        call_command("createcachetable", verbosity=0)
        yield
        caches["default"].clear()


def _fail(times: int) -> str:
    """Wrong passwords from one address, as one worker serves them (a fresh cache connection)."""
    content = ""
    for n in range(times):
        response = Client().post(
            "/account/login/", {"login": "alice@example.org", "password": f"guess-{n}"}, REMOTE_ADDR="203.0.113.9"
        )
        content = response.content.decode()
    return content


def test_two_cache_instances_on_one_table_see_the_same_count(cache_table: None) -> None:
    worker_a, worker_b = DatabaseCache(TABLE, {}), DatabaseCache(TABLE, {})
    worker_a.add("count", 0)
    worker_a.incr("count")
    worker_b.incr("count")
    assert worker_a.get("count") == worker_b.get("count") == 2


def test_failed_sign_ins_on_two_workers_add_up_to_one_lockout(cache_table: None) -> None:
    UserFactory(email="alice@example.org")
    with override_settings(CACHES={"default": DATABASE_CACHE}):  # worker 1: its own cache connection
        assert TOO_MANY not in _fail(3)
    with override_settings(CACHES={"default": DATABASE_CACHE}):  # worker 2: another connection, same table
        assert TOO_MANY not in _fail(2)
        assert TOO_MANY in _fail(1), "the sixth attempt should be refused: five is the limit across workers"


def test_per_process_caches_would_each_count_alone() -> None:
    """What the shared table prevents: two workers with in-memory caches each allow five."""
    UserFactory(email="alice@example.org")
    for worker in ("worker-1", "worker-2"):
        with override_settings(CACHES={"default": {"BACKEND": LOCMEM, "LOCATION": f"throttle-{worker}"}}):
            assert TOO_MANY not in _fail(5)
            caches["default"].clear()


def test_deploy_check_warns_when_the_throttle_cache_is_per_process() -> None:
    with override_settings(CACHES={"default": {"BACKEND": LOCMEM}}):
        [warning] = check_throttle_cache_is_shared()
    assert warning.id == "tiex.accounts.W003"
    assert "per process" in warning.msg
    with override_settings(CACHES={"default": DATABASE_CACHE}):
        assert check_throttle_cache_is_shared() == []
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}
    with override_settings(CACHES={"default": redis}):
        assert check_throttle_cache_is_shared() == []


def test_migrate_creates_the_cache_table() -> None:
    from django.db import connection

    table = "tiex_cache_made_by_migrate"
    assert table not in connection.introspection.table_names()
    with override_settings(CACHES={"default": {**DATABASE_CACHE, "LOCATION": table}}):
        call_command("migrate", verbosity=0)
    assert table in connection.introspection.table_names()
    with connection.schema_editor() as editor:
        editor.execute(f"DROP TABLE {table}")
