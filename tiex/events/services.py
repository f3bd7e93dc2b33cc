"""Every write of events: proposals in the call for ideas and staff decisions on them, open-mic
slots, open-mic sign-up, stars on a personal agenda and its feed's secret token.

No double booking of an open-mic slot: the database's unique constraint on (session, slot)
decides between two people who claim the same slot at once; the loser's IntegrityError
becomes ``SlotTaken``, which the page shows as a plain message.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from tiex.accounts.permissions import can
from tiex.events import tasks
from tiex.events.models import (
    AgendaFeed,
    Event,
    OpenMicSlot,
    Proposal,
    ProposalStatus,
    Session,
    SessionFormat,
    Speaker,
    StarredSession,
)
from tiex.events.permissions import EVENT_MANAGE, EVENT_PROPOSE, may_claim_for_other
from tiex.events.selectors import councils_of

LOCKED_RETRIES = 100
LOCKED_PAUSE_SECONDS = 0.05


class SlotTaken(ValidationError):
    """Someone else has the slot (perhaps claimed a moment ago)."""


# --- The call for ideas ----------------------------------------------------------------


@dataclass(frozen=True)
class ProposalData:
    council_id: int
    title: str
    description: str
    format: str
    speakers: str
    theme: str = ""


def speaker_lines(text: str) -> list[tuple[str, str]]:
    """ "Name, Organisation" lines as (name, organisation); blank lines are skipped."""
    found = []
    for line in text.splitlines():
        name, _, organisation = line.partition(",")
        if name.strip():
            found.append((name.strip()[:200], organisation.strip()[:200]))
    return found


def proposal_submit(*, user: Any, event: Event, data: ProposalData) -> Proposal:
    if not can(user, EVENT_PROPOSE):
        raise PermissionDenied("Only members of a council propose sessions.")
    errors: dict[str, str] = {}
    if not event.ideas_open:
        raise ValidationError("The call for ideas for this event is closed.")
    if data.council_id not in {council.pk for council in councils_of(user)}:
        errors["council"] = "Choose a council you belong to."
    if data.format not in SessionFormat.values or data.format == SessionFormat.OPEN_MIC:
        errors["format"] = "Choose the format of the session."
    if not speaker_lines(data.speakers):
        errors["speakers"] = "Enter at least one speaker."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return Proposal.objects.create(
            event=event,
            proposer=user,
            council_id=data.council_id,
            title=data.title.strip(),
            description=data.description.strip(),
            format=data.format,
            theme=data.theme.strip(),
            speakers=data.speakers.strip(),
        )


def _decided(proposal: Proposal, status: str, link: str) -> None:
    proposal.status = status
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at", "session"])
    if status != ProposalStatus.SHORTLISTED:
        transaction.on_commit(lambda: tasks.send_proposal_decision.enqueue(proposal.pk, link))


def _require_open(proposal: Proposal) -> None:
    if proposal.status in (ProposalStatus.ACCEPTED, ProposalStatus.DECLINED):
        raise ValidationError(f"This proposal has already been {proposal.get_status_display().lower()}.")


def proposal_shortlist(*, actor: Any, proposal: Proposal) -> Proposal:
    if not can(actor, EVENT_MANAGE):
        raise PermissionDenied("Only association staff decide on proposals.")
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _require_open(proposal)
        _decided(proposal, ProposalStatus.SHORTLISTED, "")
    return proposal


def proposal_decline(*, actor: Any, proposal: Proposal, link: str) -> Proposal:
    if not can(actor, EVENT_MANAGE):
        raise PermissionDenied("Only association staff decide on proposals.")
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _require_open(proposal)
        _decided(proposal, ProposalStatus.DECLINED, link)
    return proposal


def proposal_accept(
    *, actor: Any, proposal: Proposal, room: str, starts_at: datetime, ends_at: datetime, link: str
) -> Session:
    """The proposal becomes a session of its event (with its speakers and council); the proposer is told."""
    if not can(actor, EVENT_MANAGE):
        raise PermissionDenied("Only association staff decide on proposals.")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The session must end after it starts."})
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("event").get(pk=proposal.pk)
        _require_open(proposal)
        event = proposal.event
        first, last = timezone.localdate(starts_at), timezone.localdate(ends_at)
        if first < event.starts_on or last > event.ends_on:
            raise ValidationError({"starts_at": f"The session must be during {event.name}."})
        session = Session.objects.create(
            event=event,
            title=proposal.title,
            description=proposal.description,
            theme=proposal.theme,
            room=room.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            format=proposal.format,
        )
        session.councils.add(proposal.council_id)
        for name, organisation in speaker_lines(proposal.speakers):
            speaker, _ = Speaker.objects.get_or_create(name=name, organisation=organisation)
            session.speakers.add(speaker)
        proposal.session = session
        _decided(proposal, ProposalStatus.ACCEPTED, link)
    return session


# --- Open mic ---------------------------------------------------------------------------


def session_sign_up_set(*, actor: Any, session: Session, open: bool) -> Session:
    if not can(actor, EVENT_MANAGE):
        raise PermissionDenied("Only association staff open and close open-mic sign-up.")
    if not session.is_open_mic:
        raise ValidationError("Only an open-mic session has slots to sign up for.")
    with transaction.atomic():
        session.sign_up_open = open
        session.save(update_fields=["sign_up_open"])
    return session


def slot_claim(*, user: Any, session: Session, slot: int, topic: str, on_behalf_of: str = "") -> OpenMicSlot:
    """Claim one five-minute slot for oneself, or (staff, board members) for someone else named ``on_behalf_of``."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied("Sign in to claim a slot.")
    on_behalf_of = on_behalf_of.strip()
    if on_behalf_of and not may_claim_for_other(user):
        raise PermissionDenied("Only association staff and board members claim slots for other people.")
    if not session.is_open_mic or not session.sign_up_open:
        raise ValidationError("Sign-up for this session is not open.")
    errors: dict[str, str] = {}
    if not 0 <= slot < session.slot_count:
        errors["slot"] = "Choose a slot."
    if not topic.strip():
        errors["topic"] = "Enter your topic."
    if errors:
        raise ValidationError(errors)
    for _attempt in range(LOCKED_RETRIES):
        try:
            with transaction.atomic():
                if (
                    not on_behalf_of
                    and OpenMicSlot.objects.filter(session=session, claimed_by=user, on_behalf=False).exists()
                ):
                    raise ValidationError(
                        "You already have a slot in this session. Give it up first to choose another."
                    )
                return OpenMicSlot.objects.create(
                    session=session,
                    slot=slot,
                    topic=topic.strip(),
                    speaker_name=on_behalf_of or user.full_name or user.email,
                    claimed_by=user,
                    on_behalf=bool(on_behalf_of),
                )
        except IntegrityError:
            raise SlotTaken(
                {"slot": f"Slot {slot + 1} has just been taken by someone else. Choose another slot."}
            ) from None
        except OperationalError as exc:
            # SQLite answers "database table is locked" at once, without waiting for the other
            # writer, when connections share a cache (as the test suite's in-memory database
            # does); try again shortly, when the other claim has committed or rolled back.
            if "locked" not in str(exc) or transaction.get_connection().in_atomic_block:
                raise
            time.sleep(LOCKED_PAUSE_SECONDS)
    raise ValidationError("The sign-up sheet is busy. Try again in a moment.")


def slot_release(*, user: Any, session: Session, slot: int) -> None:
    """Give up a slot: the person who claimed it, or staff."""
    with transaction.atomic():
        row = OpenMicSlot.objects.select_for_update().filter(session=session, slot=slot).first()
        if row is None:
            return
        if row.claimed_by_id != user.pk and not can(user, EVENT_MANAGE):
            raise PermissionDenied("Only the person who claimed a slot, or staff, may give it up.")
        row.delete()


# --- Personal agenda --------------------------------------------------------------------


def star_toggle(*, user: Any, session: Session) -> bool:
    """Add the session to the person's agenda, or take it off; True when it is now on."""
    with transaction.atomic():
        deleted, _ = StarredSession.objects.filter(user=user, session=session).delete()
        if deleted:
            return False
        StarredSession.objects.get_or_create(user=user, session=session)
        return True


def agenda_feed_token(*, user: Any, renew: bool = False) -> str:
    """The secret token of the person's agenda feed, made on first use; ``renew`` retires the old address."""
    with transaction.atomic():
        feed = AgendaFeed.objects.select_for_update().filter(user=user).first()
        if feed is None:
            feed = AgendaFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
        elif renew:
            feed.token = secrets.token_urlsafe(32)
            feed.save(update_fields=["token"])
        return str(feed.token)
