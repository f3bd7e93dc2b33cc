"""Background tasks of finding a partner: e-mail the person who registered an interest when
another council responds (enqueued by services_interests.interest_respond after its commit)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from tiex.partnerships.models_interests import InterestResponse


@task(backend="background")
def send_response_email(response_id: int, link: str) -> bool:
    """Send the e-mail; False when the response or its recipient has gone since."""
    response = (
        InterestResponse.objects.select_related(
            "interest__council", "interest__category", "interest__created_by", "council", "created_by"
        )
        .filter(pk=response_id)
        .first()
    )
    recipient = response.interest.created_by if response is not None else None
    if response is None or recipient is None:
        return False
    interest = response.interest
    context = {"response": response, "interest": interest, "link": link}
    body = render_to_string("partnerships/email/interest_response.txt", context)
    subject = (
        f"{response.council.name} replied to {interest.council.name}'s interest in sharing {interest.category.label}"
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    return True
