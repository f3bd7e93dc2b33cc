"""Background tasks of the Shared Services Map: e-mailing councils the links to their returns.

``services.round_open`` and ``services.round_chase`` enqueue ``send_return_links`` on the
"background" backend (settings.TASKS: a queue in the database that `tiex worker` works
through), inside their own transaction, so no e-mail is sent while a request waits and
none for a round that was not saved.
"""

from __future__ import annotations

from django_tasks import task

from tiex.partnerships import services


@task(backend="background")
def send_return_links(round_id: int, return_ids: list[int] | None, reminder: bool) -> dict[str, int]:
    """E-mail the super-users of the round's councils (only ``return_ids`` when given) their return's link."""
    sent = services.return_links_send(round_id=round_id, return_ids=return_ids, reminder=reminder)
    return {"emails": sent}
