"""For the access matrix (tiex/core/tests/access_world.py): council A's challenges, one whose report is
not published yet and one whose report is, each with a recommendation; path keys."""

from __future__ import annotations

from typing import Any

from django.utils import timezone


def access_world_documents(council_a: Any) -> dict[str, str]:
    from tiex.peer_challenges.models import DocumentKind
    from tiex.peer_challenges.tests.factories import ChallengeFactory, DocumentFactory, RecommendationFactory

    private = ChallengeFactory(council=council_a, reference="pc-access-private")
    DocumentFactory(challenge=private, kind=DocumentKind.REPORT, title="Draft report")
    public = ChallengeFactory(council=council_a, reference="pc-access-public")
    DocumentFactory(challenge=public, kind=DocumentKind.REPORT, title="Report", published_at=timezone.now())
    return {
        "pc_private": private.reference,
        "pc_private_rec": str(RecommendationFactory(challenge=private).pk),
        "pc_public": public.reference,
        "pc_public_rec": str(RecommendationFactory(challenge=public).pk),
    }
