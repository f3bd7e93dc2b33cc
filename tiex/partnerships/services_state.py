"""The one write of the partnerships' state (models_state.py): a new token.

Call ``state_bump()`` inside the transaction of any write that changes what the map, its
downloads or a council profile show of partnerships: the token changes with the write, or
not at all when it is rolled back.
"""

from __future__ import annotations

import uuid

from django.utils import timezone

from tiex.partnerships.models_state import PartnershipsState

STATE_PK = 1


def state_bump() -> None:
    """Give the partnerships' state a new random token (one or two queries)."""
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    if not PartnershipsState.objects.filter(pk=STATE_PK).update(**values):
        PartnershipsState.objects.create(pk=STATE_PK, **values)
