"""The browser tests' "development-uptake" seed (see tiex/development/a11y_routes_uptake.py):
three councils with boundaries and councillor counts, a programme with bookings in two regions
(one region's count small enough to be suppressed on the published page)."""

from __future__ import annotations


def seed_uptake() -> None:
    from tiex.councils.models import CouncillorCount, CouncilType
    from tiex.councils.tests.factories import CouncilFactory, square
    from tiex.development.choices import Audience, BookingStatus
    from tiex.development.models import Booking
    from tiex.development.tests.factories import first_cohort, make_programme
    from tiex.library.tests.browser_seed import ensure_page_tree

    ensure_page_tree()  # browser tests flush the database, Wagtail's root page with it
    places = [
        # name, gss, type, region, councillors, bookings, completed
        ("Uptakeham", "E07009601", CouncilType.NON_METROPOLITAN_DISTRICT, "South East", 40, 9, 3),
        ("Bookbury", "E06009602", CouncilType.UNITARY, "North East", 60, 2, 0),
        ("Quietwich", "E09009603", CouncilType.LONDON_BOROUGH, "London", 55, 0, 0),
    ]
    cohort = first_cohort(make_programme("leaders-programme", title="Leaders' Programme", places=30))
    for index, (name, gss, kind, region, councillors, booked, completed) in enumerate(places):
        council = CouncilFactory(
            name=name, gss_code=gss, type=kind, region=region, boundary=square(lon=-1.0 + 0.5 * index, lat=52.0)
        )
        CouncillorCount.objects.create(
            council=council, year=2021, party="lab", gender="female", count=councillors, region=region
        )
        for number in range(booked):
            done = number < completed
            Booking.objects.create(
                cohort=cohort,
                council=council,
                party="lab",
                role=Audience.BACKBENCH,
                status=BookingStatus.CONFIRMED,
                attended=done,
                completed=done,
            )
