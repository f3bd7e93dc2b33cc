"""Kept public pages drawn again after a change, before a visitor asks for them (decision 0015).

Every committed write of content moves the site's state (tiex.core.site_state), which makes
every kept public response (tiex.core.response_cache) unreachable at once; without this, the
first visitor of each page after a change waits for its whole render. So:

* **What is popular.** The response cache calls ``record()`` for each anonymous request it
  answers from, or keeps in, the cache: a dictionary increment in a small counter per process
  (at most ``MAX_TRACKED`` addresses), merged into a list in the shared cache tier (the most
  requested ``MAX_SHARED`` addresses, by scheme, host and full path) every
  ``FLUSH_SECONDS`` or when the counter is full. Only addresses whose answer was kept are
  counted, so only anonymous GETs of cacheable addresses, never the accounts pages, the admin
  or anything signed in, can ever be drawn again.
* **When.** After the state moves (``site_state._bump``, after the writer's transaction has
  committed) ``schedule()`` queues the task ``tiex.core.tasks.refill_public_pages`` on the
  "background" queue, at most one waiting at a time (a marker in the shared tier), and only
  when that queue is worked by a separate process (django-tasks' database backend, which
  `tiex serve` runs a worker for): never in the writer's own request.
* **How.** The task takes the ``TIEX_PUBLIC_CACHE_REFILL`` most requested addresses and asks
  each one through the project's own middleware chain, as a visitor with no cookies and no
  ``Authorization`` header would (``tiex.refill`` in the request's environment marks it, so
  it is not counted as a visit). The response cache renders it under the new state and keeps
  it in the shared tier, where every web worker finds it.

The old copy is never served after the state has moved (no stale-while-revalidate): until
the task has drawn an address, its next visitor renders it, as before. Without a task worker,
nothing is drawn and the site behaves as it did before this module, only slower on the
first view after a change.
"""

from __future__ import annotations

import io
import logging
import sys
import threading
import time
from collections import Counter
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, StreamingHttpResponse

from config.gunicorn import QUEUED_BACKENDS, background_backend
from tiex.core import response_cache

logger = logging.getLogger(__name__)

MAX_TRACKED = 500
MAX_SHARED = 200
FLUSH_SECONDS = 30.0
POPULAR_KEY = "tiex:popular:"
PENDING_KEY = "tiex:refill-pending:"
# How long a queued refill blocks another from being queued: with no worker to run the queue,
# at most one task is added per this many seconds of writes.
PENDING_SECONDS = 300
POPULAR_SECONDS = 7 * 24 * 3600
# The WSGI environment's mark of a refill request (no HTTP header can set a key without HTTP_).
MARK = "tiex.refill"

Address = tuple[str, str, str]  # scheme, host, full path with its query

_lock = threading.Lock()
_counts: Counter[Address] = Counter()
_last_flush = time.monotonic()


def _limit() -> int:
    return int(getattr(settings, "PUBLIC_CACHE_REFILL", 0)) if getattr(settings, "PUBLIC_CACHE", False) else 0


def record(request: HttpRequest) -> None:
    """Count one anonymous visit of a kept address (called by the response cache)."""
    if _limit() < 1 or request.META.get(MARK):
        return
    global _last_flush
    address = (request.scheme or "http", request.get_host(), request.get_full_path())
    with _lock:
        _counts[address] += 1
        due = len(_counts) >= MAX_TRACKED or time.monotonic() - _last_flush >= FLUSH_SECONDS
        if not due:
            return
        counts = Counter(_counts)
        _counts.clear()
        _last_flush = time.monotonic()
    _merge(counts)


def flush() -> None:
    """Merge this process's counts into the shared list now (tests, the benchmark)."""
    global _last_flush
    with _lock:
        counts = Counter(_counts)
        _counts.clear()
        _last_flush = time.monotonic()
    if counts:
        _merge(counts)


def _merge(counts: Counter[Address]) -> None:
    shared = response_cache._shared()
    if shared is None:
        return
    key = POPULAR_KEY + response_cache._scope()
    try:
        known = shared.get(key)
        if isinstance(known, dict):
            counts.update({address: count for address, count in known.items() if isinstance(count, int)})
        shared.set(key, dict(counts.most_common(MAX_SHARED)), POPULAR_SECONDS)
    except Exception:  # counting visits must never fail a page
        logger.warning("could not record the popular public addresses", exc_info=True)


def popular(limit: int) -> list[Address]:
    """The ``limit`` most requested kept addresses, most requested first."""
    shared = response_cache._shared()
    known: Any = None
    if shared is not None:
        try:
            known = shared.get(POPULAR_KEY + response_cache._scope())
        except Exception:
            logger.warning("could not read the popular public addresses", exc_info=True)
    counts: Counter[Address] = Counter(known if isinstance(known, dict) else {})
    with _lock:
        counts.update(_counts)
    return [address for address, _count in counts.most_common(limit) if drawable(address)]


def drawable(address: Address) -> bool:
    """Whether an address may be drawn again: only http(s) paths the response cache may keep."""
    scheme, host, full_path = address
    return (
        scheme in ("http", "https")
        and bool(host)
        and full_path.startswith("/")
        and not (urlsplit(full_path).path.startswith(response_cache.EXCLUDED_PREFIXES))
    )


def _queued() -> bool:
    """Whether "background" tasks run in another process (a queue a worker works through)."""
    return background_backend(getattr(settings, "TASKS", {})) in QUEUED_BACKENDS


def schedule() -> None:
    """Queue a refill after the state moved, unless one is waiting already (see the docstring)."""
    if _limit() < 1 or not _queued():
        return
    from tiex.core import tasks

    shared = response_cache._shared()
    try:
        if shared is not None and not shared.add(PENDING_KEY + response_cache._scope(), 1, PENDING_SECONDS):
            return
        tasks.refill_public_pages.enqueue()
    except Exception:  # a write has committed: never fail it for this
        logger.warning("could not queue the refill of the public response cache", exc_info=True)


def refill(limit: int | None = None) -> int:
    """Draw the most requested public addresses again under the current state; the number kept."""
    limit = _limit() if limit is None else limit
    if limit < 1:
        return 0
    shared = response_cache._shared()
    if shared is not None:
        try:  # a write from now on queues another refill
            shared.delete(PENDING_KEY + response_cache._scope())
        except Exception:
            logger.warning("could not clear the refill marker", exc_info=True)
    handler = BaseHandler()
    handler.load_middleware()
    kept = 0
    for address in popular(limit):
        try:
            kept += draw(handler, address)
        except Exception:
            logger.warning("could not draw %s again", address, exc_info=True)
    return kept


def environ_for(address: Address) -> dict[str, Any]:
    """The WSGI environment of an anonymous GET of ``address``: no cookies, no credentials."""
    scheme, host, full_path = address
    parts = urlsplit(full_path)
    name, _, port = host.rpartition(":") if host.rsplit(":", 1)[-1].isdigit() else (host, "", "")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(parts.path).decode("iso-8859-1"),
        "QUERY_STRING": parts.query,
        "SERVER_NAME": name or host,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_USER_AGENT": "tiex-refill",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        MARK: True,
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and scheme == "https":
        environ[proxy_header[0]] = proxy_header[1]
    return environ


def draw(handler: BaseHandler, address: Address) -> int:
    """Ask for one address through the middleware chain; 1 if it was rendered afresh with a 200
    (the response cache then keeps it, as it would for a visitor)."""
    response = handler.get_response(WSGIRequest(environ_for(address)))
    if isinstance(response, StreamingHttpResponse):
        # The cache keeps a stream once it has gone out whole (WSGI: never async).
        for _chunk in response.streaming_content:  # type: ignore[union-attr]
            pass
    # Not response.close(): it sends request_finished, which closes the task's database connection.
    return int(response.status_code == 200 and response.get(response_cache.STATUS_HEADER) == "miss")
