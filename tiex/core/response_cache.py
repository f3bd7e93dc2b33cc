"""Whole responses kept for visitors who are not signed in, until the site's state moves.

A public page or API answer seen by someone with no session depends only on its address,
the site's data and the day; rendering it again for every visitor is most of what a page
costs. ``PublicResponseCacheMiddleware`` keeps the response under a key made of the host, the
full path and query, and today's date, with the site's state token (tiex.core.site_state: one
query) beside it, and answers the next request for that address from it while the token is
unchanged. It sits near the top of ``MIDDLEWARE``, after the HTTPS redirect and static files
and before the session: a response is kept with the headers every middleware below it gave
the render (the content security policy, frame and referrer policies), and a kept response is
answered without running them (decision 0017), as a visitor with no session needs none of them.

A request is answered from, or kept in, the cache only when all of these hold:

* GET or HEAD, ``TIEX_PUBLIC_CACHE`` on, not under ``EXCLUDED_PREFIXES`` (accounts, the
  staff admin, health, static files), and the view is not marked ``never_public_cache``;
* the visitor sends no session cookie, no messages cookie and no ``Authorization`` header:
  whoever is signed in (or has a message waiting) always gets a fresh page;

and a response is kept only when it is a 200 that used no CSRF token (a form that posts), wrote
nothing to the session, added no message, set no cookie, varies on nothing but the cookie
(``Vary: Cookie`` says the page read the empty session), has no ``Content-Encoding``, is not
``private`` or ``no-store``, and is under ``MAX_BODY_BYTES``. A kept page is served with the
content security policy's nonce it was rendered with (in the page and in the policy): a nonce
guards against script injected into the page, and anything injected into the content makes a
new render with a new, unguessable nonce, so reusing one render's nonce for that render's
copies gives away nothing (decision 0012). That makes a kept page the same bytes every time, so
it is kept gzipped too and served so to browsers that accept it (``Vary: Accept-Encoding``): no
page kept has a CSRF token or anything else secret in it, so compression reveals nothing
(BREACH).
Streamed downloads are kept as their chunks while they stream and replayed
streamed.

Entries live in each process's memory ("pages" cache) and in the shared "responses" cache
(files under ``var/cache/responses``, or Redis), so a new worker starts warm; they expire after
``TIEX_PUBLIC_CACHE_SECONDS`` whatever the token says. docs/decisions/0012-public-response-cache.md

Each address answered from, or kept in, the cache is counted (``tiex.core.refill``), and
after a change a background task draws the most requested ones again under the new state,
so their first visitor after a change finds them kept (docs/decisions/0015).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_vary_headers

from tiex.core import refill, site_state
from tiex.core.page_cache import page_cache

logger = logging.getLogger(__name__)

EXCLUDED_PREFIXES = ("/account/", "/admin/", "/bench/", "/documents/", "/healthz", "/media/", "/static/")
MAX_BODY_BYTES = 8 * 1024 * 1024
# Kept pages of at least this size are kept gzipped as well, for browsers that accept it.
GZIP_MIN_BYTES = 1024
GZIP_LEVEL = 6
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
KEY_PREFIX = "tiex:response:"
SHARED_ALIAS = "responses"
# The header a kept response is served with, for operators and tests ("hit" or "miss").
STATUS_HEADER = "X-Tiex-Cache"

V = TypeVar("V", bound=Callable[..., Any])


def never_public_cache(view: V) -> V:
    """Mark a view whose public answer must never be kept (it reads something beyond its address)."""
    view.tiex_never_public_cache = True  # type: ignore[attr-defined]
    return view


@dataclass(frozen=True)
class Kept:
    state: str
    status: int
    headers: tuple[tuple[str, str], ...]
    chunks: tuple[bytes, ...]
    streaming: bool
    gzipped: bytes | None = None


def eligible(request: HttpRequest) -> bool:
    """Whether this request may be answered from, or kept in, the cache."""
    if not getattr(settings, "PUBLIC_CACHE", False) or request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith(EXCLUDED_PREFIXES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or getattr(settings, "MESSAGES_COOKIE_NAME", "messages") in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def key_for(request: HttpRequest) -> str:
    today = timezone.localdate().isoformat()
    raw = f"{_scope()}\n{request.get_host()}\n{request.get_full_path()}\n{today}"
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _keepable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    # A visitor with no session cookie reads an empty session (the middleware above reads it to
    # tell who is signed in), the same for every such visitor; a view that writes to it is kept out.
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "added_new", False):
        return False
    # The session middleware says "Vary: Cookie" when a page read the (empty) session: every visitor
    # this cache answers sends no session cookie, so that is the same page for all of them.
    if _varies(response) or response.has_header("Content-Encoding"):
        return False
    directives = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return not ({"private", "no-store", "no-cache"} & directives)


def _varies(response: HttpResponseBase) -> bool:
    """Whether the response varies on anything but the cookie (see ``_keepable``)."""
    named = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))}
    return bool(named - {"", "cookie"})


def _headers(response: HttpResponseBase) -> tuple[tuple[str, str], ...]:
    return tuple((name, value) for name, value in response.items() if name.lower() != "content-length")


def _gzipped(body: bytes) -> bytes | None:
    if len(body) < GZIP_MIN_BYTES:
        return None
    packed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    return packed if len(packed) < len(body) * 0.9 else None


SKIPPED_FOLDERS = frozenset({"__pycache__", "tests", "static", "migrations", "node_modules"})


def _newest_mtime(folder: str) -> float:
    newest = 0.0
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIPPED_FOLDERS:
                    newest = max(newest, _newest_mtime(entry.path))
            elif entry.name.endswith((".py", ".html", ".txt", ".toml")):
                newest = max(newest, entry.stat().st_mtime)
    return newest


def _code_version() -> str:
    """When the code or templates last changed: a deploy (or an edit, once the server restarts)
    never serves a page rendered by the code before it. Read once per process (a few ms)."""
    root = Path(settings.BASE_DIR)
    folders = [root / "tiex", root / "templates", root / "config"]
    return f"{max(_newest_mtime(str(folder)) for folder in folders if folder.is_dir()):.0f}"


@functools.cache
def _scope() -> str:
    """The database a process serves and its code's version: two sites on one machine, or two
    versions of the code, never share an entry."""
    database = settings.DATABASES["default"]
    raw = f"{database.get('ENGINE')}|{database.get('HOST')}|{database.get('PORT')}|{database.get('NAME')}"
    return hashlib.sha256(f"{raw}|{_code_version()}".encode()).hexdigest()[:16]


def _shared() -> BaseCache | None:
    return caches[SHARED_ALIAS] if SHARED_ALIAS in settings.CACHES else None


def _store(key: str, kept: Kept) -> None:
    seconds = settings.PUBLIC_CACHE_SECONDS
    page_cache.set(key, kept, seconds)
    shared = _shared()
    if shared is None:
        return
    try:
        shared.set(key, kept, seconds)
    except Exception:  # a busy database must never fail the page that was rendered
        logger.warning("could not keep a public response in the shared cache", exc_info=True)


def _find(key: str, state: str) -> Kept | None:
    kept = page_cache.get(key)
    if isinstance(kept, Kept) and kept.state == state:
        return kept
    shared = _shared()
    if shared is None:
        return None
    try:
        kept = shared.get(key)
    except Exception:
        logger.warning("could not read the shared cache", exc_info=True)
        return None
    if isinstance(kept, Kept) and kept.state == state:
        page_cache.set(key, kept, settings.PUBLIC_CACHE_SECONDS)
        return kept
    return None


def _replay(request: HttpRequest, kept: Kept) -> HttpResponseBase:
    response: HttpResponseBase
    if kept.streaming:
        response = StreamingHttpResponse(iter(kept.chunks), status=kept.status)
    elif kept.gzipped is not None and ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(kept.gzipped, status=kept.status)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(b"".join(kept.chunks), status=kept.status)
    for name, value in kept.headers:
        response[name] = value
    if not kept.streaming:
        response["Content-Length"] = str(len(response.content))
    if kept.gzipped is not None:
        patch_vary_headers(response, ["Accept-Encoding"])
    response[STATUS_HEADER] = "hit"
    return response


def _keep_streaming(key: str, state: str, response: StreamingHttpResponse) -> None:
    """Keep a streamed body as it goes out, if it ends whole and small enough."""
    status, headers = response.status_code, _headers(response)
    source: Iterator[bytes] = iter(response.streaming_content)  # type: ignore[arg-type]  # WSGI: never async

    def relay() -> Iterator[bytes]:
        chunks: list[bytes] = []
        size = 0
        for chunk in source:
            data = chunk if isinstance(chunk, bytes) else bytes(chunk)
            if size <= MAX_BODY_BYTES:
                chunks.append(data)
                size += len(data)
            yield data
        if size <= MAX_BODY_BYTES:
            _store(key, Kept(state, status, headers, tuple(chunks), True))

    response.streaming_content = relay()


class PublicResponseCacheMiddleware:
    """Answers visitors who are not signed in from kept responses (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if eligible(request):
            key, state = key_for(request), site_state.token()
            kept = _find(key, state)
            if kept is not None:
                refill.record(request)
                return _replay(request, kept)
            request._tiex_public_cache = (key, state)  # type: ignore[attr-defined]
        response = self.get_response(request)
        pending = getattr(request, "_tiex_public_cache", None)
        if pending is None:
            return response
        key, state = pending
        response[STATUS_HEADER] = "miss"
        if not _keepable(request, response):
            return response
        if isinstance(response, StreamingHttpResponse):
            _keep_streaming(key, state, response)
        elif isinstance(response, HttpResponse) and len(response.content) <= MAX_BODY_BYTES:
            body = response.content
            gzipped = _gzipped(body)
            _store(key, Kept(state, response.status_code, _headers(response), (body,), False, gzipped))
            if gzipped is not None:
                patch_vary_headers(response, ["Accept-Encoding"])
        else:
            return response
        refill.record(request)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if getattr(view_func, "tiex_never_public_cache", False):
            request._tiex_public_cache = None  # type: ignore[attr-defined]
        return None
