"""Every read of events: the programme with its filters, a session, the open-mic running
order, proposals and personal agendas. The event page, the .ics feeds and the API all read
the programme through ``programme``, so they always agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from tiex.accounts.selectors import roles_of
from tiex.councils.models import Council
from tiex.events.models import (
    OPEN_MIC_SLOT_MINUTES,
    AgendaFeed,
    Event,
    OpenMicSlot,
    Proposal,
    ProposalStatus,
    Session,
    Speaker,
    StarredSession,
)
from tiex.library.selectors import published_resources


def event_list() -> QuerySet[Event]:
    return Event.objects.annotate(session_count=Count("sessions")).select_related("part_of")


def event_get(slug: str) -> Event | None:
    return Event.objects.select_related("part_of").filter(slug=slug).first()


@dataclass(frozen=True)
class ProgrammeFilters:
    day: date | None = None
    room: str = ""
    theme: str = ""
    format: str = ""

    def active(self) -> bool:
        return bool(self.day or self.room or self.theme or self.format)


def _session_shape(queryset: QuerySet[Session]) -> QuerySet[Session]:
    return queryset.select_related("event").prefetch_related(
        Prefetch("speakers", queryset=Speaker.objects.order_by("name")),
        Prefetch("councils", queryset=Council.objects.order_by("name").only("id", "name", "gss_code")),
    )


def programme(event: Event, filters: ProgrammeFilters | None = None) -> QuerySet[Session]:
    """The event's sessions in time order (then room), filtered; the day is the site's local day."""
    filters = filters or ProgrammeFilters()
    sessions = Session.objects.filter(event=event)
    if filters.day:
        start = timezone.make_aware(datetime.combine(filters.day, datetime.min.time()))
        sessions = sessions.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
    if filters.room:
        sessions = sessions.filter(room=filters.room)
    if filters.theme:
        sessions = sessions.filter(theme=filters.theme)
    if filters.format:
        sessions = sessions.filter(format=filters.format)
    return _session_shape(sessions).order_by("starts_at", "room", "title")


@dataclass(frozen=True)
class ProgrammeChoices:
    days: list[date]
    rooms: list[str]
    themes: list[str]


def programme_choices(event: Event) -> ProgrammeChoices:
    rows = list(Session.objects.filter(event=event).values_list("starts_at", "room", "theme"))
    return ProgrammeChoices(
        days=sorted({timezone.localdate(starts_at) for starts_at, _, _ in rows}),
        rooms=sorted({room for _, room, _ in rows if room}),
        themes=sorted({theme for _, _, theme in rows if theme}),
    )


def programme_by_day(sessions: list[Session]) -> list[tuple[date, list[Session]]]:
    days: dict[date, list[Session]] = {}
    for session in sessions:
        days.setdefault(timezone.localdate(session.starts_at), []).append(session)
    return list(days.items())


def speaker_figures(event: Event) -> tuple[int, int]:
    """(speakers, organisations) in the event's programme."""
    speakers = Speaker.objects.filter(sessions__event=event).distinct()
    organisations = {name for name in speakers.values_list("organisation", flat=True) if name}
    return speakers.count(), len(organisations)


def session_get(event: Event, pk: int) -> Session | None:
    return (
        _session_shape(Session.objects.filter(event=event, pk=pk))
        .prefetch_related(Prefetch("resources", queryset=published_resources().order_by("title")))
        .first()
    )


@dataclass(frozen=True)
class SlotRow:
    number: int  # from 0
    starts_at: datetime
    booking: OpenMicSlot | None


def running_order(session: Session) -> list[SlotRow]:
    booked = {row.slot: row for row in OpenMicSlot.objects.filter(session=session).select_related("claimed_by")}
    step = timedelta(minutes=OPEN_MIC_SLOT_MINUTES)
    return [SlotRow(n, session.starts_at + n * step, booked.get(n)) for n in range(session.slot_count)]


def slot_of(session: Session, number: int) -> OpenMicSlot | None:
    return OpenMicSlot.objects.filter(session=session, slot=number).first()


def own_slot(session: Session, user: Any) -> OpenMicSlot | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return OpenMicSlot.objects.filter(session=session, claimed_by=user, on_behalf=False).first()


def starred_ids(user: Any, event: Event | None = None) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    stars = StarredSession.objects.filter(user=user)
    if event is not None:
        stars = stars.filter(session__event=event)
    return set(stars.values_list("session_id", flat=True))


def agenda(user: Any) -> QuerySet[Session]:
    return _session_shape(Session.objects.filter(stars__user=user)).order_by("starts_at", "room")


def agenda_owner(token: str) -> Any:
    feed = AgendaFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    return feed.user if feed else None


def agenda_token(user: Any) -> str | None:
    return AgendaFeed.objects.filter(user=user).values_list("token", flat=True).first()


def councils_of(user: Any) -> list[Council]:
    """The councils whose organisation this person belongs to (for proposing sessions)."""
    ids = list(roles_of(user).council_roles)
    return list(Council.objects.filter(id__in=ids).order_by("name"))


def proposals_for_staff(*, event: Event | None = None, status: str = "") -> QuerySet[Proposal]:
    proposals = Proposal.objects.select_related("event", "council", "proposer", "session")
    if event is not None:
        proposals = proposals.filter(event=event)
    if status:
        proposals = proposals.filter(status=status)
    return proposals.order_by("status", "-created_at")


def proposals_of(user: Any, event: Event) -> QuerySet[Proposal]:
    return Proposal.objects.filter(proposer=user, event=event).select_related("council", "session")


def proposal_get(pk: int) -> Proposal | None:
    return Proposal.objects.select_related("event", "council", "proposer", "session").filter(pk=pk).first()


def proposal_counts() -> dict[str, int]:
    rows = Proposal.objects.values_list("status").annotate(n=Count("id"))
    counts = dict.fromkeys(ProposalStatus.values, 0)
    counts.update(dict(rows))
    return counts


def api_programme(event: Event, filters: ProgrammeFilters) -> QuerySet[Session]:
    """``programme`` with the published Exchange resources of each session (for the API)."""
    return programme(event, filters).prefetch_related(
        Prefetch("resources", queryset=published_resources().order_by("title"))
    )
