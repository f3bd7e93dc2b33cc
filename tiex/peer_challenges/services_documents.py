"""Writes for published documents: list them in the Exchange.

A council's published report, action plan and progress review report
(``PUBLISHABLE_DOCUMENT_KINDS`` with ``published_at`` set) are public documents: the
Exchange lists each as a resource of its "Peer challenge reports" collection (source
dataset ``peer-challenges``, key ``document-<pk>``), so they are searched, filtered,
downloaded and served by the API exactly as the Exchange's other collections are
(docs/library.md, "Collections"). ``document_exchange_sync`` is the one hook: whatever
publishes a document (``services_stage_documents.document_publish``, through the background task
``tasks_documents.list_in_exchange``) calls it once the document is public; it is
idempotent (an unchanged document changes nothing).

The demo's published documents are listed in bulk by ``demo_documents_exchange_sync`` (called
by ``tiex demo``): only those published in the last ``DEMO_EXCHANGE_MONTHS`` months, written
with the Exchange's bulk paths, so a demo of a thousand challenges loads in seconds. A demo
document's key is its challenge's reference and kind (demo documents are rewritten on every
load, so their ids change; their references do not).
"""

from __future__ import annotations

import datetime
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from tiex.core.links import absolute_url
from tiex.library import services as library
from tiex.library.choices import ResourceType
from tiex.library.models import ResourcePage
from tiex.peer_challenges.deadlines import add_months
from tiex.peer_challenges.models import PUBLISHABLE_DOCUMENT_KINDS, Document

EXCHANGE_DATASET = "peer-challenges"
DEMO_EXCHANGE_MONTHS = 24


def _exchange_key(document: Document) -> str:
    if document.challenge.is_demo:
        return f"demo-{document.challenge.reference}-{document.kind}"
    return f"document-{document.pk}"


def _href(document: Document) -> str:
    """The document's own link, or for an uploaded file tiex's address that serves it."""
    if document.url:
        return document.url
    return absolute_url(reverse("peer_challenges:document", args=[document.challenge.reference, document.pk]))


def document_exchange_data(document: Document) -> library.ResourceData:
    """What the Exchange says of a published document."""
    challenge = document.challenge
    council = challenge.council
    title = document.title if council.name.lower() in document.title.lower() else f"{council.name}: {document.title}"
    when = f", {challenge.visit_start:%B %Y}" if challenge.visit_start else ""
    summary = " ".join(document.summary.split()) or (
        f"{document.get_kind_display()} of the {challenge.kind.name.lower()} at {council.name}{when}."
    )
    published = timezone.localdate(document.published_at) if document.published_at else None
    return library.ResourceData(
        title=title[:255],
        summary=summary[:1000],
        resource_type=ResourceType.REPORT,
        councils=(council.pk,),
        date=published,
        external_url=_href(document),
        attribution=council.name,
        is_demo=challenge.is_demo,
    )


def document_exchange_sync(*, document: Document) -> str:
    """List a published report, action plan or progress review report in the Exchange (or update
    it); returns "created", "updated", "unchanged" or "not published"."""
    if document.published_at is None or document.kind not in PUBLISHABLE_DOCUMENT_KINDS:
        return "not published"
    document = Document.objects.select_related("challenge__council", "challenge__kind").get(pk=document.pk)
    # The Exchange lists it on the council's behalf: the page is written by tiex itself (no user),
    # since the council's super-user may not publish Exchange pages; the publication is audited here.
    _page, outcome = library.resource_upsert(
        actor=None,
        data=document_exchange_data(document),
        source_dataset=EXCHANGE_DATASET,
        source_key=_exchange_key(document),
    )
    return outcome


def demo_documents_exchange_sync(*, today: date) -> dict[str, int]:
    """List the demo's documents published in the last ``DEMO_EXCHANGE_MONTHS`` months in the
    Exchange, in bulk: new ones created, changed ones updated, and demo listings no longer
    wanted (older, or their challenge gone) removed. Nothing that is not demo is touched."""
    since = timezone.make_aware(datetime.datetime.combine(add_months(today, -DEMO_EXCHANGE_MONTHS), datetime.time()))
    documents = Document.objects.filter(
        challenge__is_demo=True,
        challenge__cancelled_at__isnull=True,
        kind__in=PUBLISHABLE_DOCUMENT_KINDS,
        published_at__gte=since,
    ).select_related("challenge__council", "challenge__kind")
    wanted = {_exchange_key(document): document_exchange_data(document) for document in documents}
    existing = {
        page.source_key: page
        for page in ResourcePage.objects.filter(source_dataset=EXCHANGE_DATASET, is_demo=True).prefetch_related(
            "themes", "service_areas", "councils", "replicated_by", "outcomes"
        )
    }
    stale = [page.pk for key, page in existing.items() if key not in wanted]
    new = [
        library.BulkResource(data=data, source_dataset=EXCHANGE_DATASET, source_key=key)
        for key, data in wanted.items()
        if key not in existing
    ]
    changed = [
        library.BulkUpdate(page=existing[key], data=data)
        for key, data in wanted.items()
        if key in existing and library.resource_snapshot(existing[key]) != library.data_snapshot(data)
    ]
    with transaction.atomic():
        if stale:
            Page.objects.filter(pk__in=stale).delete()  # treebeard's delete keeps the tree's counts
        library.resources_bulk_create(items=new)
        library.resources_bulk_update(actor=None, items=changed)
    return {"listed": len(wanted), "created": len(new), "updated": len(changed), "removed": len(stale)}
