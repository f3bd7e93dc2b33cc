"""Copies of the catalogue, for the benchmarks' 10x database and the query-count tests.

``copy_catalogue(factor)`` adds factor-1 copies of every live programme through the catalogue's
own service, each with copies of its cohorts, their party and the places taken as in the
original, so a page that reads the catalogue reads ``factor`` times as much.
"""

from __future__ import annotations

from tiex.development import services
from tiex.development.models import Cohort, ProgrammePage


def copy_catalogue(factor: int) -> int:
    """Make the catalogue ``factor`` times as big; how many live programmes there are then."""
    originals = list(ProgrammePage.objects.live().order_by("pk").prefetch_related("cohorts"))
    copied = set(services.ProgrammeData.__dataclass_fields__) - {"slug", "title", "cohorts"}
    for number in range(2, factor + 1):
        for page in originals:
            fields = {name: getattr(page, name) for name in copied}
            for name in ("audiences", "council_types", "topics", "portfolios"):
                fields[name] = tuple(fields[name] or ())
            cohorts = list(page.cohorts.all())
            clone, _ = services.programme_upsert(
                data=services.ProgrammeData(
                    slug=f"{page.slug}-{number}",
                    title=f"{page.title} {number}",
                    cohorts=tuple(
                        services.CohortData(
                            title=c.title, starts_on=c.starts_on, ends_on=c.ends_on, venue=c.venue, places=c.places
                        )
                        for c in cohorts
                    ),
                    **fields,
                )
            )
            for cohort in cohorts:
                Cohort.objects.filter(programme=clone, title=cohort.title).update(
                    party=cohort.party, places_held=cohort.places_held
                )
    return ProgrammePage.objects.live().count()
