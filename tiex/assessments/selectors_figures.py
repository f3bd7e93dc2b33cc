"""Counts of self-assessments for other apps' figures (the board's computed targets): one query each."""

from __future__ import annotations

from datetime import date

from tiex.assessments.models import Assessment, Status


def published_between(start: date, end: date) -> int:
    """Self-assessments published (at any visibility: to the council, to everyone signed in or to
    the public) from ``start`` to ``end`` inclusive, by the local date of publication, and still published."""
    return Assessment.objects.filter(
        status=Status.PUBLISHED, published_at__date__gte=start, published_at__date__lte=end
    ).count()
