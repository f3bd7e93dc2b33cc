"""The cache for rendered fragments and search results ("pages"), apart from the default cache.

The default cache holds what every worker must share (sign-in throttling counts, allauth's
rate limits, used two-factor codes): without Redis it is a database table (config/settings.py).
Rendered pages and search results are many, large and cheap to rebuild, so they stay in
each process's memory. ``page_cache`` resolves the "pages" alias on every use, as
``django.core.cache.cache`` does for the default one.
"""

from __future__ import annotations

from django.core.cache import caches
from django.utils.connection import ConnectionProxy

PAGE_CACHE_ALIAS = "pages"

page_cache = ConnectionProxy(caches, PAGE_CACHE_ALIAS)
