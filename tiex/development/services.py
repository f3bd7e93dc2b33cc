"""Writes to the catalogue: the programmes' place in the page tree, programmes and cohorts (for the demo and
importers), and navigator answers a signed-in person keeps. Bookings are in services_bookings.py."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Page, Site

from tiex.development.models import Cohort, DevelopmentIndexPage, ProgrammePage, SavedAnswers
from tiex.development.navigator import Answers

INDEX_SLUG = "councillor-development"
MAX_SAVED_ANSWERS = 20  # per person; the oldest go first


def development_index_get() -> DevelopmentIndexPage:
    """The catalogue's index page, created the first time it is needed."""
    index = DevelopmentIndexPage.objects.first()
    if index is not None:
        return index
    with transaction.atomic():
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        parent = site.root_page if site is not None else Page.get_first_root_node()
        if parent is None:
            raise ValidationError("Wagtail's page tree is missing; run the migrations first.")
        index = DevelopmentIndexPage(title="Councillor development", slug=INDEX_SLUG)
        parent.add_child(instance=index)
        index.save_revision().publish()
    return index


@dataclass(frozen=True)
class CohortData:
    title: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    venue: str
    places: int
    party: str = ""


@dataclass(frozen=True)
class ProgrammeData:
    slug: str
    title: str
    summary: str
    body: str = ""
    audiences: tuple[str, ...] = ()
    min_years_service: int | None = None
    max_years_service: int | None = None
    max_years_in_post: int | None = None
    council_types: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    portfolios: tuple[str, ...] = ()
    format: str = "modules"
    length: str = ""
    time_commitment_hours: int = 0
    cost: Decimal = Decimal(0)
    cost_note: str = ""
    nomination_required: bool = False
    by_political_group: bool = False
    how_to_apply: str = ""
    application_url: str = ""
    is_demo: bool = False
    cohorts: tuple[CohortData, ...] = field(default=())


def _apply(page: ProgrammePage, data: ProgrammeData) -> None:
    for name in (
        "title",
        "summary",
        "body",
        "min_years_service",
        "max_years_service",
        "max_years_in_post",
        "format",
        "length",
        "time_commitment_hours",
        "cost",
        "cost_note",
        "nomination_required",
        "by_political_group",
        "how_to_apply",
        "application_url",
        "is_demo",
    ):
        setattr(page, name, getattr(data, name))
    for name in ("audiences", "council_types", "topics", "portfolios"):
        setattr(page, name, list(getattr(data, name)))


def _fingerprint(page: ProgrammePage) -> tuple[Any, ...]:
    data_fields = [f.name for f in ProgrammeData.__dataclass_fields__.values() if f.name not in ("slug", "cohorts")]
    return tuple(getattr(page, name) for name in data_fields)


def programme_upsert(*, data: ProgrammeData) -> tuple[ProgrammePage, str]:
    """Create or update a published programme keyed on its slug, with its cohorts keyed on their title.

    Returns the page and "created", "updated" or "unchanged". Cohorts with bookings keep their
    places no lower than the places held.
    """
    with transaction.atomic():
        page = ProgrammePage.objects.filter(slug=data.slug).first()
        outcome = "unchanged"
        if page is None:
            page = ProgrammePage(slug=data.slug)
            _apply(page, data)
            page.full_clean(exclude=["path", "depth", "content_type", "translation_key", "locale"])
            development_index_get().add_child(instance=page)
            page.save_revision().publish()
            outcome = "created"
        else:
            before = _fingerprint(page)
            _apply(page, data)
            if _fingerprint(page) != before:
                page.save_revision().publish()
                outcome = "updated"
        for cohort_data in data.cohorts:
            cohort = Cohort.objects.filter(programme=page, title=cohort_data.title).first()
            values = {
                "starts_on": cohort_data.starts_on,
                "ends_on": cohort_data.ends_on,
                "venue": cohort_data.venue,
                "party": cohort_data.party,
            }
            if cohort is None:
                Cohort.objects.create(programme=page, title=cohort_data.title, places=cohort_data.places, **values)
                outcome = "updated" if outcome == "unchanged" else outcome
            else:
                places = max(cohort_data.places, cohort.places_held)
                if any(getattr(cohort, k) != v for k, v in values.items()) or cohort.places != places:
                    for key, value in values.items():
                        setattr(cohort, key, value)
                    cohort.places = places
                    cohort.save()
                    outcome = "updated" if outcome == "unchanged" else outcome
    return page, outcome


def answers_save(*, user: Any, answers: Answers) -> SavedAnswers:
    """Keep a signed-in person's navigator answers (the query string only), newest first."""
    if not getattr(user, "is_authenticated", False):
        raise ValidationError("Sign in to save your answers.")
    query = answers.query()
    if not query:
        raise ValidationError("There are no answers to save.")
    with transaction.atomic():
        saved = SavedAnswers.objects.create(user=user, query=query[:1000])
        stale = SavedAnswers.objects.filter(user=user).order_by("-created_at", "-pk")[MAX_SAVED_ANSWERS:]
        SavedAnswers.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
    return saved


def answers_delete(*, user: Any, pk: int) -> bool:
    deleted, _ = SavedAnswers.objects.filter(user=user, pk=pk).delete()
    return bool(deleted)
