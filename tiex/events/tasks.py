"""Background task: tell a proposer that their proposed session was accepted or declined
(enqueued by services after the decision commits)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from tiex.events.models import Proposal, ProposalStatus


@task(backend="background")
def send_proposal_decision(proposal_id: int, link: str) -> int:
    """E-mail the proposer; the number of messages sent (0 if the proposal or address is gone)."""
    proposal = Proposal.objects.select_related("event", "proposer", "session").filter(pk=proposal_id).first()
    if proposal is None or not proposal.proposer.email or not proposal.proposer.is_active:
        return 0
    accepted = proposal.status == ProposalStatus.ACCEPTED
    body = render_to_string(
        "events/email/proposal_decision.txt", {"proposal": proposal, "accepted": accepted, "link": link}
    )
    verdict = "accepted" if accepted else "not accepted"
    subject = f"{proposal.event.name}: your session proposal was {verdict}"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [proposal.proposer.email])
    return 1
