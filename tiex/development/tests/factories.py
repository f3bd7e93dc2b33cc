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
