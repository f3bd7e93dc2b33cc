"""The Shared Services Map API, mounted at /api/v1/partnerships (see docs/api.md).

No operations yet: the list (with the map's filters and totals) and the detail go
through tiex.partnerships.selectors, as the pages do.
"""

from __future__ import annotations

from ninja import Router

router = Router()
