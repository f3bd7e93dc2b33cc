"""Reads for the Shared Services Map. Partnerships are public data: everyone sees all of them.

Demo partnerships (``is_demo``) are listed like any other; pages say which they are.
Cumulative savings are summed from the ``Savings`` rows here or in tiex/partnerships/savings.py,
never stored.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from tiex.partnerships.models import Partnership, PartnershipCouncil


def _with_related(queryset: QuerySet[Partnership]) -> QuerySet[Partnership]:
    return queryset.select_related("lead_council").prefetch_related(
        Prefetch(
            "memberships", queryset=PartnershipCouncil.objects.select_related("council").order_by("council__name")
        ),
        "categories",
        "services",
        "other_partners",
        "benefit_tags",
        "savings",
    )


def partnership_list(*, include_demo: bool = True) -> QuerySet[Partnership]:
    """Every partnership, by name, with its councils, categories, partners, tags and savings prefetched."""
    queryset = Partnership.objects.all()
    if not include_demo:
        queryset = queryset.filter(is_demo=False)
    return _with_related(queryset).order_by("name", "reference")


def partnership_get(pk: int) -> Partnership | None:
    """One partnership with everything its page shows, or None."""
    return _with_related(Partnership.objects.filter(pk=pk)).first()
