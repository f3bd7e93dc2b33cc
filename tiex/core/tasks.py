"""Background tasks of the core app."""

from __future__ import annotations

from django_tasks import task

from tiex.core import refill


@task(backend="background")
def refill_public_pages() -> int:
    """Draw the most requested public pages again after a change (tiex.core.refill); the number drawn."""
    return refill.refill()
