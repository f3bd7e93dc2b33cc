"""The council profile's peer challenge sections (the councils app includes them). Adapter only."""

from __future__ import annotations

from django.template.loader import render_to_string

from tiex.peer_challenges import selectors_documents as selectors
from tiex.peer_challenges import selectors_profile


def council_profile_sections(*, council_pk: int) -> dict[str, str]:
    """The council profile's two peer challenge sections, rendered (one query for both,
    selectors_profile.py): "council_challenges" (its challenges and their stage) and
    "peer_challenge_documents" (its published documents; empty when there are none)."""
    found = selectors_profile.council_profile(council_pk=council_pk)
    documents = (
        render_to_string("peer_challenges/documents_council_section.html", {"challenges": found.documents})
        if found.documents
        else ""
    )
    challenges = render_to_string("peer_challenges/_council_challenges.html", {"council_challenges": found.challenges})
    return {"council_challenges": challenges, "peer_challenge_documents": documents}


def council_documents_html(*, council_pk: int) -> str:
    """The council's published peer challenge documents, by challenge: one query, rendered for each
    request (so a publication shows at once); empty when there are none."""
    challenges = selectors.council_published_documents(council_pk=council_pk)
    if not challenges:
        return ""
    return render_to_string("peer_challenges/documents_council_section.html", {"challenges": challenges})
