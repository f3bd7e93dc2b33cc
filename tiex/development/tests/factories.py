"""Programmes, cohorts and councillors for the tests (through the services, as in real life)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import member_of
from tiex.councils.tests.factories import CouncilFactory
from tiex.development import services
from tiex.development.models import Cohort, ProgrammePage


def make_programme(slug: str = "leaders-programme", *, places: int = 2, **fields: Any) -> ProgrammePage:
    """A published programme with one cohort ``places`` places big, starting in 30 days."""
    starts = timezone.localdate() + datetime.timedelta(days=30)
    data = services.ProgrammeData(
        slug=slug,
        title=fields.pop("title", slug.replace("-", " ").title()),
        summary=fields.pop("summary", "A programme."),
        cohorts=(services.CohortData(title="First", starts_on=starts, ends_on=starts, venue="Online", places=places),),
        **fields,
    )
    page, _ = services.programme_upsert(data=data)
    return page


def first_cohort(programme: ProgrammePage) -> Cohort:
    return Cohort.objects.filter(programme=programme).order_by("pk").first()  # type: ignore[return-value]


def councillor(council: Any = None, **user_fields: Any) -> Any:
    """A member of a council's organisation (a new council unless given)."""
    council = council or CouncilFactory()
    return member_of(organisation_for_council(council=council), Role.MEMBER, **user_fields)


def copy_catalogue(factor: int) -> int:
    """Make the catalogue ``factor`` times as big: factor-1 copies of every live programme, each with
    copies of its cohorts (places taken as in the original). How many programmes there are then."""
    originals = list(ProgrammePage.objects.live().order_by("pk").prefetch_related("cohorts"))
    data_fields = set(services.ProgrammeData.__dataclass_fields__) - {"slug", "title", "cohorts"}
    for number in range(2, factor + 1):
        for page in originals:
            fields = {name: getattr(page, name) for name in data_fields}
            for name in ("audiences", "council_types", "topics", "portfolios"):
                fields[name] = tuple(fields[name] or ())
            cohorts = tuple(
                services.CohortData(
                    title=c.title,
                    starts_on=c.starts_on,
                    ends_on=c.ends_on,
                    venue=c.venue,
                    places=c.places,
                    party=c.party,
                )
                for c in page.cohorts.all()
            )
            copy, _ = services.programme_upsert(
                data=services.ProgrammeData(
                    slug=f"{page.slug}-{number}", title=f"{page.title} {number}", cohorts=cohorts, **fields
                )
            )
            for original in page.cohorts.all():
                Cohort.objects.filter(programme=copy, title=original.title).update(places_held=original.places_held)
    return ProgrammePage.objects.live().count()
