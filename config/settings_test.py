"""Settings for the test suite: the normal settings with fast, isolated services."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# One in-memory store behind every alias (same LOCATION), so that cache.clear() empties them all.
_TEST_CACHE: dict[str, object] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tiex-test"}
CACHES = {"default": _TEST_CACHE, "pages": _TEST_CACHE, "responses": _TEST_CACHE}
WHITENOISE_AUTOREFRESH = True
# Tests see every page rendered afresh; tiex/core/tests/test_response_cache.py turns the cache on.
PUBLIC_CACHE = False
# Nor is anything drawn again after a change (tiex/core/tests/test_refill.py turns it on).
PUBLIC_CACHE_REFILL = 0
# Background tasks run at once, in the test (tests that need the queue use the database backend).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []},
}

# pytest captures log records itself; no console handler bound to a stream pytest closes.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
    "loggers": {"django_tasks": {"level": "WARNING"}, "wagtail": {"level": "WARNING"}},
}
