"""Demo bookings for the uptake pages (/councillor-development/uptake/), made by ``tiex demo``.

Each booking belongs to a demo account of its own (``demo-development-N@`` the reserved demo
domain, with an unusable password: nobody can sign in as one) and a real council, and is
marked ``is_demo``. They are spread over every demo cohort, so over programmes, and over
regions, council types and parties; an upcoming cohort is booked a little beyond its places
when it is small, so some people are on waiting lists. Only a cohort that has ended has
completions: about two in three of its places are marked attended and completed (an ended
cohort is never booked beyond its places). Two regions get only one or two bookings each, so the published page shows
suppression ("fewer than 5"). A seeded random generator: the same councils and cohorts give
the same bookings.

Idempotent: an account that already has a demo booking is left alone, so a second run creates
nothing. Places are taken as the booking service takes them (a conditional UPDATE), so a cohort
is never overbooked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tiex.accounts.services import DEMO_EMAIL_DOMAIN
from tiex.councils.models import Council, Party
from tiex.development.choices import Audience, BookingStatus
from tiex.development.models import Booking, Cohort

SEED = 12
PARTIES = [Party.CONSERVATIVE, Party.LABOUR, Party.LIBERAL_DEMOCRATS, Party.GREEN, Party.OTHER, Party.REFORM]
COMPLETION_RATE = 0.65  # of the places on a cohort that has ended
SMALL_REGIONS = 2  # regions that get only one or two bookings, so that suppression shows
MOST_PER_COHORT = 30


@dataclass(frozen=True)
class Planned:
    email: str
    cohort_id: int
    council_id: int
    party: str
    role: str
    complete: bool


def _how_many(places: int, *, ended: bool) -> int:
    """Small upcoming cohorts are booked beyond their places (a waiting list); big ones about half
    full; a cohort that has ended, up to its places."""
    if ended:
        return min(places, MOST_PER_COHORT)
    return min(places + 3 if places <= 12 else max(places // 2, 1), MOST_PER_COHORT)


def plan(councils: list[tuple[int, str]], cohorts: list[Cohort], today: date) -> list[Planned]:
    """Who books which cohort, for which council (pure apart from reading the cohorts' fields)."""
    rng = random.Random(SEED)  # noqa: S311 (demo data, nothing secret)
    by_region: dict[str, list[int]] = {}
    for pk, region in councils:
        by_region.setdefault(region, []).append(pk)
    regions = sorted(by_region)
    small = regions[-SMALL_REGIONS:] if len(regions) > SMALL_REGIONS else []
    others = [pk for region in regions if region not in small for pk in by_region[region]] or [pk for pk, _ in councils]
    planned: list[Planned] = []
    for index, cohort in enumerate(cohorts):
        programme = cohort.programme
        audiences = list(programme.audiences or []) or [Audience.BACKBENCH]
        ended = (cohort.ends_on or cohort.starts_on) < today
        for position in range(_how_many(cohort.places, ended=ended)):
            # The first booking of the first three cohorts (always a place) is in a small region.
            if small and position == 0 and index < 3:
                council = rng.choice(by_region[small[index % len(small)]])
            else:
                council = rng.choice(others)
            planned.append(
                Planned(
                    email=f"demo-development-{len(planned) + 1}@{DEMO_EMAIL_DOMAIN}",
                    cohort_id=cohort.pk,
                    council_id=council,
                    party=cohort.party or rng.choice(PARTIES),
                    role=rng.choice(audiences),
                    complete=ended and rng.random() < COMPLETION_RATE,
                )
            )
    return planned


def load_demo_bookings(*, if_empty: bool = False) -> str:
    if if_empty and Booking.objects.filter(is_demo=True).exists():
        return "demo bookings are already loaded."
    councils = list(
        Council.objects.filter(is_current=True).exclude(region="").order_by("name", "pk").values_list("pk", "region")
    )
    if not councils:
        return "no demo bookings: import the councils first (tiex bootstrap)."
    cohorts = list(
        Cohort.objects.filter(programme__is_demo=True).select_related("programme").order_by("programme__slug", "pk")
    )
    if not cohorts:
        return "no demo bookings: there are no demo cohorts."
    planned = plan(councils, cohorts, timezone.localdate())
    user_model = get_user_model()
    now = timezone.now()
    created = {"confirmed": 0, "waiting": 0}
    with transaction.atomic():
        accounts = []
        for item in planned:
            user = user_model(email=item.email, full_name=f"Demo councillor {item.email.split('@')[0][17:]} (demo)")
            user.set_unusable_password()
            accounts.append(user)
        user_model.objects.bulk_create(accounts, ignore_conflicts=True)
        users = dict(user_model.objects.filter(email__in=[item.email for item in planned]).values_list("email", "pk"))
        booked = set(Booking.objects.filter(is_demo=True, user_id__in=users.values()).values_list("user_id", flat=True))
        for item in planned:
            user_id = users[item.email]
            if user_id in booked:
                continue
            got_place = bool(
                Cohort.objects.filter(pk=item.cohort_id, places_held__lt=F("places")).update(
                    places_held=F("places_held") + 1
                )
            )
            complete = got_place and item.complete
            Booking.objects.create(
                cohort_id=item.cohort_id,
                user_id=user_id,
                council_id=item.council_id,
                party=item.party,
                role=item.role,
                status=BookingStatus.CONFIRMED if got_place else BookingStatus.WAITING_LIST,
                waiting_since=None if got_place else now,
                nominated_at=now if got_place else None,
                confirmed_at=now if got_place else None,
                attended=complete,
                completed=complete,
                completed_at=now if complete else None,
                is_demo=True,
            )
            created["confirmed" if got_place else "waiting"] += 1
    total = Booking.objects.filter(is_demo=True).count()
    return f"{total} demo bookings ({created['confirmed']} places and {created['waiting']} on waiting lists created)."
