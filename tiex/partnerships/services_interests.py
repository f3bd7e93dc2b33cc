"""Writes for finding a partner: register an interest, close it, respond to one. Each is audited.

The rules (selectors_interests.py says who sees what):

* a member of a council's organisation (any role) registers and closes its interests;
* a super-user of another council responds to a published, open interest; the person who
  registered it is e-mailed (a background task, tasks_interests.py) with a link to it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tiex.accounts.selectors import roles_of
from tiex.core.links import absolute_url
from tiex.core.services import audit_record
from tiex.partnerships import selectors_interests, tasks_interests
from tiex.partnerships.models import ServiceCategory
from tiex.partnerships.models_interests import InterestResponse, InterestStatus, SharingInterest

MAX_TEXT = 2000


def _snapshot(interest: SharingInterest) -> dict[str, Any]:
    return {
        "council": interest.council_id,
        "category": interest.category_id,
        "looking_for": interest.looking_for,
        "visible_to_councils": interest.visible_to_councils,
        "status": interest.status,
    }


def _text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"Say {what}")
    if len(value) > MAX_TEXT:
        raise ValidationError(f"Keep {what} to {MAX_TEXT:,} characters or fewer")
    return value


@transaction.atomic
def interest_create(
    *, actor: Any, council_id: int, category: ServiceCategory, looking_for: str, visible_to_councils: bool
) -> SharingInterest:
    if council_id not in roles_of(actor).council_roles or not roles_of(actor).active:
        raise PermissionDenied("Only a member of the council registers its interests.")
    if category.level > 2:
        raise ValidationError("Choose a broad service category (level 1 or 2)")
    interest = SharingInterest.objects.create(
        council_id=council_id,
        category=category,
        looking_for=_text(looking_for, "what the council is looking for"),
        visible_to_councils=visible_to_councils,
        created_by=actor,
    )
    audit_record(actor=actor, action="partnerships.interest.create", obj=interest, after=_snapshot(interest))
    return interest


@transaction.atomic
def interest_close(*, actor: Any, interest: SharingInterest) -> SharingInterest:
    if interest.council_id not in selectors_interests.member_council_ids(actor):
        raise PermissionDenied("Only a member of the council closes its interests.")
    if not interest.is_open:
        return interest
    before = _snapshot(interest)
    interest.status = InterestStatus.CLOSED
    interest.closed_at = timezone.now()
    interest.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor, action="partnerships.interest.close", obj=interest, before=before, after=_snapshot(interest)
    )
    return interest


@transaction.atomic
def interest_respond(*, actor: Any, interest: SharingInterest, council_id: int, message: str) -> InterestResponse:
    """Another council's super-user answers a published, open interest; its creator is e-mailed."""
    if council_id == interest.council_id or not selectors_interests.may_respond_for(actor, council_id):
        raise PermissionDenied("Only a super-user of another council responds to an interest.")
    if not interest.visible_to_councils:
        raise PermissionDenied("This interest is private to its council.")
    if not interest.is_open:
        raise ValidationError("This interest is closed, so it no longer takes responses")
    response = InterestResponse.objects.create(
        interest=interest, council_id=council_id, created_by=actor, message=_text(message, "what you would like to say")
    )
    audit_record(
        actor=actor,
        action="partnerships.interest.respond",
        obj=response,
        after={"interest": interest.pk, "council": council_id},
    )
    recipient = interest.created_by
    if recipient is not None and recipient.is_active and recipient.email:
        link = absolute_url(reverse("partnerships:interest_detail", args=[interest.pk]))
        transaction.on_commit(lambda: tasks_interests.send_response_email.enqueue(response.pk, link))
    return response
