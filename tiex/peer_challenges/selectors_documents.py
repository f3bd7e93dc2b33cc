"""Reads for the documents area: a challenge's recommendations, who may see and change them, and the
council's published documents (its profile section).

Who sees recommendations: they come from the report, so they are public once the challenge's
report is published (a ``Document`` of kind ``report`` with ``published_at`` set); before that
only association staff and the council's own members see them (``peer_challenge.view_private``).
Association staff and the council's super-users record them (``peer_challenge.manage`` or
``peer_challenge.council_act``); only those who change the council's action plan (its
super-users, ``plan.manage``) turn them into actions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from tiex.accounts.permissions import can
from tiex.peer_challenges.models import (
    PUBLISHABLE_DOCUMENT_KINDS,
    Challenge,
    Document,
    DocumentKind,
    KindTheme,
    Recommendation,
)
from tiex.peer_challenges.permissions import (
    PEER_CHALLENGE_COUNCIL_ACT,
    PEER_CHALLENGE_MANAGE,
    PEER_CHALLENGE_VIEW_PRIVATE,
)
from tiex.plans import selectors as plans


def challenge_get(*, reference: str) -> Challenge | None:
    return Challenge.objects.select_related("council", "kind").filter(reference=reference).first()


def report_published(*, challenge: Challenge) -> bool:
    return Document.objects.filter(challenge=challenge, kind=DocumentKind.REPORT, published_at__isnull=False).exists()


def may_view_private(*, user: Any, challenge: Challenge) -> bool:
    return can(user, PEER_CHALLENGE_VIEW_PRIVATE, challenge)


def may_record(*, user: Any, challenge: Challenge) -> bool:
    """Association staff and the council's super-users record the report's recommendations."""
    return can(user, PEER_CHALLENGE_MANAGE, challenge) or can(user, PEER_CHALLENGE_COUNCIL_ACT, challenge)


def may_act(*, user: Any, challenge: Challenge) -> bool:
    """Those who change the council's action plan (its super-users) turn recommendations into actions."""
    return plans.may_manage(user=user, organisation=challenge.council)


def themes_of(*, challenge: Challenge) -> list[KindTheme]:
    return list(KindTheme.objects.filter(kind_id=challenge.kind_id).order_by("order"))


def _recommendations() -> QuerySet[Recommendation]:
    return Recommendation.objects.select_related("theme", "action")


def recommendation_list(*, challenge: Challenge) -> list[Recommendation]:
    return list(_recommendations().filter(challenge=challenge).order_by("order", "pk"))


def recommendation_get(*, challenge: Challenge, pk: int) -> Recommendation | None:
    return _recommendations().filter(challenge=challenge, pk=pk).first()


# --- The council profile's section ------------------------------------------------------


@dataclass(frozen=True)
class PublishedDocument:
    title: str
    kind_label: str
    href: str
    published_on: datetime.date | None


@dataclass
class ChallengeDocuments:
    reference: str
    kind_name: str
    visit_start: datetime.date | None
    visit_end: datetime.date | None
    documents: list[PublishedDocument] = field(default_factory=list)


def document_href(document: Document) -> str:
    """Where a document is read: its link, or its file's address."""
    return document.url or (document.file.url if document.file else "")


def council_published_documents(*, council_pk: int) -> list[ChallengeDocuments]:
    """The council's published reports, action plans and progress review reports, by challenge
    (newest visit first). One query; plain values, so a cache may keep them."""
    documents = (
        Document.objects.filter(
            challenge__council_id=council_pk,
            challenge__cancelled_at__isnull=True,
            published_at__isnull=False,
            kind__in=[kind.value for kind in PUBLISHABLE_DOCUMENT_KINDS],
        )
        .select_related("challenge__kind")
        .order_by("-challenge__visit_start", "challenge__reference", "published_at", "pk")
    )
    labels = dict(DocumentKind.choices)
    found: dict[int, ChallengeDocuments] = {}
    for document in documents:
        challenge = document.challenge
        entry = found.setdefault(
            challenge.pk,
            ChallengeDocuments(
                reference=challenge.reference,
                kind_name=challenge.kind.name,
                visit_start=challenge.visit_start,
                visit_end=challenge.visit_end,
            ),
        )
        entry.documents.append(
            PublishedDocument(
                title=document.title,
                kind_label=labels.get(document.kind, document.kind),
                href=document_href(document),
                published_on=timezone.localdate(document.published_at) if document.published_at else None,
            )
        )
    return list(found.values())
