"""How the council's action plan names an action that came from a peer challenge's recommendation.

Registered with ``tiex.plans.sources`` in ``apps.ready``: the plan shows "Corporate peer
challenge, March 2019" and links to the challenge's recommendations (the source's page the
council's members, who alone see the plan, may always open).
"""

from __future__ import annotations

from django.urls import reverse

from tiex.peer_challenges.models import Challenge
from tiex.plans.sources import Source


def describe_challenges(ids: list[int]) -> dict[int, Source]:
    """Challenge id -> its label and the address of its page (one query)."""
    rows = Challenge.objects.filter(pk__in=ids).values_list("pk", "reference", "kind__name", "visit_start")
    found = {}
    for pk, reference, kind_name, visit_start in rows:
        when = f", {visit_start:%B %Y}" if visit_start else ""
        href = reverse("peer_challenges:detail", args=[reference])
        found[pk] = Source(label=f"{kind_name}{when}", href=href)
    return found
