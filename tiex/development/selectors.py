"""Reads: the catalogue, one programme with its cohorts, the navigator's facts, bookings and alumni.

The catalogue page, the programme page and the API read through the same functions, so they
always agree. Only live (published) programmes are shown to anyone.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from tiex.development.choices import ACTIVE, BookingStatus
from tiex.development.models import Booking, Cohort, ProgrammePage, SavedAnswers
from tiex.development.navigator import ProgrammeFacts

FACT_FIELDS = (
    "slug",
    "title",
    "summary",
    "audiences",
    "min_years_service",
    "max_years_service",
    "max_years_in_post",
    "council_types",
    "topics",
    "portfolios",
    "format",
    "time_commitment_hours",
    "nomination_required",
    "by_political_group",
)


def _upcoming_cohorts() -> QuerySet[Cohort]:
    return Cohort.objects.filter(starts_on__gte=timezone.localdate()).order_by("starts_on", "pk")


def programme_list() -> list[ProgrammePage]:
    """Every live programme by title, each with its upcoming cohorts (two queries)."""
    return list(
        ProgrammePage.objects.live()
        .order_by("title")
        .prefetch_related(Prefetch("cohorts", queryset=_upcoming_cohorts(), to_attr="upcoming"))
    )


def programme_get(*, slug: str) -> ProgrammePage | None:
    """One live programme with its upcoming cohorts (two queries), or None."""
    return (
        ProgrammePage.objects.live()
        .filter(slug=slug)
        .prefetch_related(Prefetch("cohorts", queryset=_upcoming_cohorts(), to_attr="upcoming"))
        .first()
    )


def programme_facts() -> list[ProgrammeFacts]:
    """What the navigator needs of every live programme, in one query."""
    rows = ProgrammePage.objects.live().order_by("title").values(*FACT_FIELDS)
    return [facts_from_row(row) for row in rows]


def facts_from_row(row: dict[str, Any]) -> ProgrammeFacts:
    return ProgrammeFacts(
        **{
            **row,
            "audiences": tuple(row["audiences"] or ()),
            "topics": tuple(row["topics"] or ()),
            "portfolios": tuple(row["portfolios"] or ()),
            "council_types": tuple(row["council_types"] or ()),
        }
    )


def facts_of(programme: ProgrammePage) -> ProgrammeFacts:
    return facts_from_row({name: getattr(programme, name) for name in FACT_FIELDS})


def cohort_get_for_booking(*, slug: str, cohort_id: int) -> Cohort | None:
    """An upcoming cohort of a live programme, open for booking, with its programme."""
    return (
        Cohort.objects.select_related("programme")
        .filter(pk=cohort_id, programme__slug=slug, programme__live=True, bookings_open=True)
        .filter(starts_on__gte=timezone.localdate())
        .first()
    )


def booking_live_for(*, user: Any, cohort: Cohort) -> Booking | None:
    return Booking.objects.filter(user=user, cohort=cohort, status__in=ACTIVE).first()


def bookings_of(*, user: Any) -> list[Booking]:
    """A person's bookings, newest cohort first, with cohort, programme and council."""
    return list(
        Booking.objects.filter(user=user)
        .select_related("cohort__programme", "council")
        .order_by("-cohort__starts_on", "-created_at")
    )


def booking_get_for_user(*, user: Any, pk: int) -> Booking | None:
    """One of the person's own bookings (None for anyone else's: its id reveals nothing)."""
    return Booking.objects.filter(pk=pk, user=user).select_related("cohort__programme", "council").first()


def booking_get(*, pk: int) -> Booking | None:
    return Booking.objects.filter(pk=pk).select_related("cohort__programme", "council", "user").first()


def cohorts_for_staff() -> list[Cohort]:
    """Every cohort, soonest first, with its programme (for the staff list)."""
    return list(Cohort.objects.select_related("programme").order_by("-starts_on", "pk"))


def cohort_get(*, pk: int) -> Cohort | None:
    return Cohort.objects.select_related("programme").filter(pk=pk).first()


def cohort_bookings(*, cohort: Cohort) -> list[Booking]:
    """A cohort's bookings: those holding places first, then the waiting list in order, then cancelled."""
    order = {
        BookingStatus.CONFIRMED: 0,
        BookingStatus.AWAITING_NOMINATION: 1,
        BookingStatus.REQUESTED: 2,
        BookingStatus.WAITING_LIST: 3,
        BookingStatus.CANCELLED: 4,
    }
    rows = list(Booking.objects.filter(cohort=cohort).select_related("user", "council"))
    rows.sort(key=lambda b: (order[BookingStatus(b.status)], b.waiting_since or b.created_at, b.pk))
    return rows


def council_alumni(*, council_id: int) -> list[dict[str, Any]]:
    """People of a council who completed a programme and agreed to be listed (one query)."""
    rows = (
        Booking.objects.filter(council_id=council_id, completed=True, alumni_consent=True, user__isnull=False)
        .order_by("cohort__programme__title", "user__full_name", "user__email")
        .values("user__full_name", "cohort__programme__title", "cohort__programme__slug", "cohort__starts_on")
    )
    return [
        {
            "name": row["user__full_name"] or "A councillor",
            "programme": row["cohort__programme__title"],
            "slug": row["cohort__programme__slug"],
            "year": row["cohort__starts_on"].year,
        }
        for row in rows
    ]


def answers_of(*, user: Any) -> list[SavedAnswers]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(SavedAnswers.objects.filter(user=user)[:20])


def councils_of(*, user: Any) -> list[Any]:
    """The councils a person belongs to (member or super-user), by name: where they may book for."""
    from tiex.accounts.roles import OrganisationKind
    from tiex.accounts.selectors import membership_list_for_user

    return sorted(
        (
            membership.organisation.council
            for membership in membership_list_for_user(user=user)
            if membership.organisation.kind == OrganisationKind.COUNCIL and membership.organisation.council_id
        ),
        key=lambda council: council.name,
    )
