"""The browser tests' "peer-challenges-documents" seed (see tiex/peer_challenges/a11y_routes_documents.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone


def seed_documents(council: Any) -> Any:
    """A corporate challenge of ``council`` with a published report and two recommendations."""
    from tiex.peer_challenges.a11y_routes_documents import RECOMMENDATION_PK, REFERENCE
    from tiex.peer_challenges.models import DocumentKind
    from tiex.peer_challenges.tests.factories import ChallengeFactory, DocumentFactory, RecommendationFactory

    challenge = ChallengeFactory(
        council=council,
        reference=REFERENCE,
        visit_start=datetime.date(2026, 3, 10),
        visit_end=datetime.date(2026, 3, 13),
    )
    DocumentFactory(
        challenge=challenge,
        kind=DocumentKind.REPORT,
        title="Corporate peer challenge report",
        published_at=timezone.now(),
    )
    themes = list(challenge.kind.themes.all())
    RecommendationFactory(
        pk=RECOMMENDATION_PK,
        challenge=challenge,
        order=1,
        text="Agree a medium-term financial strategy that closes the budget gap.",
        theme=themes[3] if len(themes) > 3 else None,
    )
    RecommendationFactory(
        challenge=challenge, order=2, text="Give overview and scrutiny a forward work programme tied to the priorities."
    )
    return challenge
