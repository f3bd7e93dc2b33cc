"""Background task: list a newly published document in the Exchange (enqueued by
services_stage_documents.document_publish after its commit, so publishing never waits on, or fails
with, the Exchange's page tree)."""

from __future__ import annotations

from django_tasks import task

from tiex.peer_challenges.models import Document
from tiex.peer_challenges.services_documents import document_exchange_sync


@task(backend="background")
def list_in_exchange(document_id: int) -> str:
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    return document_exchange_sync(document=document)
