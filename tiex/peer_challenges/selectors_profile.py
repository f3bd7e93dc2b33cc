"""Reads for a council's profile: its peer challenges (past the enquiry, with their stage) and its
published reports, action plans and progress review reports, by challenge, in one query.

The profile renders both sections on every request (outside the councils' cached page, so a
publication or a new stage shows at once); reading them together keeps that to one query: the
council's challenges, each joined to its published documents (``FilteredRelation``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import FilteredRelation, Q
from django.utils import timezone

from tiex.peer_challenges import stages
from tiex.peer_challenges.models import PUBLISHABLE_DOCUMENT_KINDS, Challenge, Document, DocumentKind, Stage
from tiex.peer_challenges.selectors import CouncilChallenge
from tiex.peer_challenges.selectors_documents import ChallengeDocuments, PublishedDocument


@dataclass(frozen=True)
class CouncilProfile:
    challenges: list[CouncilChallenge]  # past the enquiry, newest first
    documents: list[ChallengeDocuments]  # challenges with published documents, newest visit first


def council_profile(*, council_pk: int) -> CouncilProfile:
    """Both peer challenge sections of the council's profile (one query)."""
    rows = (
        Challenge.objects.filter(council_id=council_pk, cancelled_at__isnull=True)
        .annotate(
            published=FilteredRelation(
                "documents",
                condition=Q(
                    documents__published_at__isnull=False,
                    documents__kind__in=[kind.value for kind in PUBLISHABLE_DOCUMENT_KINDS],
                ),
            )
        )
        .order_by("-visit_start", "-enquiry_date", "reference", "published__published_at", "published__pk")
        .values_list(
            "pk",
            "reference",
            "kind__name",
            "stage",
            "visit_start",
            "visit_end",
            "published__pk",
            "published__title",
            "published__kind",
            "published__url",
            "published__file",
            "published__published_at",
        )
    )
    storage = Document._meta.get_field("file").storage
    labels = dict(DocumentKind.choices)
    challenges: dict[int, CouncilChallenge] = {}
    documents: dict[int, ChallengeDocuments] = {}
    for pk, reference, kind_name, stage, start, end, doc_pk, title, kind, url, file, published_at in rows:
        if stage != Stage.ENQUIRY and pk not in challenges:
            challenges[pk] = CouncilChallenge(reference, kind_name, stages.label(stage), start)
        if doc_pk is None:
            continue
        entry = documents.setdefault(pk, ChallengeDocuments(reference, kind_name, start, end))
        entry.documents.append(
            PublishedDocument(
                title=title,
                kind_label=labels.get(kind, kind),
                href=url or (storage.url(file) if file else ""),
                published_on=timezone.localdate(published_at) if published_at else None,
            )
        )
    return CouncilProfile(challenges=list(challenges.values()), documents=list(documents.values()))
