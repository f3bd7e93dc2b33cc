"""The council profile's "Peer challenge reports" section (the councils app includes it). Adapter only."""

from __future__ import annotations

from django.template.loader import render_to_string

from tiex.peer_challenges import selectors_documents as selectors


def council_documents_html(*, council_pk: int) -> str:
    """The council's published peer challenge documents, by challenge: one query, rendered for each
    request (so a publication shows at once); empty when there are none."""
    challenges = selectors.council_published_documents(council_pk=council_pk)
    if not challenges:
        return ""
    return render_to_string("peer_challenges/documents_council_section.html", {"challenges": challenges})
