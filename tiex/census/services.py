"""Every write of the census: loading the questionnaire and history, states, links and responses."""

from __future__ import annotations

import datetime
import secrets
import tomllib
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tiex.accounts.permissions import require
from tiex.census import results, selectors
from tiex.census.models import (
    Census,
    CensusState,
    PastFigure,
    Question,
    Questionnaire,
    Response,
    ResponseLink,
    SpentLink,
)
from tiex.census.permissions import CENSUS_DISTRIBUTE, CENSUS_MANAGE
from tiex.councils.models import Council, CouncilType

DATA = Path(__file__).resolve().parent / "data"
MAX_LINKS_AT_ONCE = 200
# Where each state may go next.
NEXT_STATES = {
    CensusState.DRAFT: {CensusState.OPEN},
    CensusState.OPEN: {CensusState.CLOSED},
    CensusState.CLOSED: {CensusState.OPEN, CensusState.PUBLISHED},
    CensusState.PUBLISHED: set(),
}


@transaction.atomic
def questionnaire_load(*, path: Path = DATA / "questionnaire.toml") -> Questionnaire:
    """Create the questionnaire version the file describes (idempotent: a version is never changed once
    a census uses it)."""
    spec = tomllib.loads(path.read_text())
    found = Questionnaire.objects.filter(version=spec["version"]).first()
    if found is not None:
        return found
    questionnaire = Questionnaire.objects.create(version=spec["version"], title=spec["title"])
    Question.objects.bulk_create(
        [
            Question(
                questionnaire=questionnaire,
                position=position,
                key=item["key"],
                text=item["text"],
                hint=item.get("hint", ""),
                kind=item["kind"],
                options=item.get("options", []),
                minimum=item.get("minimum"),
                maximum=item.get("maximum"),
                unit=item.get("unit", ""),
                weighting=item.get("weighting", ""),
                headline=item.get("headline", {}),
            )
            for position, item in enumerate(spec["question"], start=1)
        ]
    )
    return questionnaire


@transaction.atomic
def history_load(*, path: Path = DATA / "history.toml") -> int:
    """Upsert the past censuses' headline figures (keyed on measure and period)."""
    spec = tomllib.loads(path.read_text())
    for item in spec["figure"]:
        PastFigure.objects.update_or_create(
            measure=item["measure"],
            period=item["period"],
            defaults={k: item.get(k, "") for k in ("label", "year", "value", "unit", "source", "source_url")},
        )
    return len(spec["figure"])


def census_create(
    *,
    actor: Any = None,
    year: int,
    questionnaire: Questionnaire,
    opens_on: datetime.date,
    closes_on: datetime.date,
    is_demo: bool = False,
    population_year: int = 2021,
) -> Census:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "The census must close on or after the day it opens"})
    if Census.objects.filter(year=year).exists():
        raise ValidationError({"year": f"There is already a {year} census"})
    if actor is not None:
        require(actor, CENSUS_MANAGE)
    return Census.objects.create(
        year=year,
        questionnaire=questionnaire,
        opens_on=opens_on,
        closes_on=closes_on,
        is_demo=is_demo,
        population_year=population_year,
    )


def results_compute(census: Census) -> dict[str, Any]:
    return results.compute(
        questions=selectors.question_dicts(census),
        respondents=selectors.respondents_of(census),
        population=selectors.population_cells(year=census.population_year),
        type_label=lambda code: str(CouncilType(code).label) if code in CouncilType.values else code,
    )


@transaction.atomic
def census_set_state(*, actor: Any, census: Census, state: str, today: datetime.date | None = None) -> Census:
    """Move a census on (draft -> open -> closed -> published; closed may reopen). Opening it the first
    time e-mails the councils' super-users (tasks.py). Publishing stores the results as computed now, so
    the published figures are reproducible."""
    if actor is not None:
        require(actor, CENSUS_MANAGE, census)
    census = Census.objects.select_for_update().get(pk=census.pk)
    if state not in NEXT_STATES.get(CensusState(census.state), set()):
        raise ValidationError(f"A {census.get_state_display().lower()} census cannot become {state}")
    if state == CensusState.PUBLISHED:
        census.results = results_compute(census)
        census.published_on = today or timezone.localdate()
    first_opening = census.state == CensusState.DRAFT and state == CensusState.OPEN
    census.state = state
    census.save()
    if first_opening:
        from tiex.census.tasks import send_census_open_notices

        census_id = census.pk
        transaction.on_commit(lambda: send_census_open_notices.enqueue(census_id))
    return census


@transaction.atomic
def links_issue(*, actor: Any, census: Census, council: Council, count: int) -> list[str]:
    """Issue ``count`` single-use response links for a council's councillors; returns the tokens (shown
    once: only their hashes are kept). No more links than the council has councillors."""
    if actor is not None:
        require(actor, CENSUS_DISTRIBUTE, council)
    if census.state != CensusState.OPEN:
        raise ValidationError("Links can be issued only while the census is open")
    if count < 1 or count > MAX_LINKS_AT_ONCE:
        raise ValidationError({"count": f"Issue between 1 and {MAX_LINKS_AT_ONCE} links at a time"})
    Council.objects.select_for_update().filter(pk=council.pk).first()  # one issuer at a time per council
    councillors = selectors.councillors_in(council=council, year=census.population_year)
    issued = ResponseLink.objects.filter(census=census, council=council).count()
    if issued + count > councillors:
        left = max(councillors - issued, 0)
        message = f"{council.name} has {councillors} councillors and {issued} links already: you can issue {left} more"
        raise ValidationError({"count": message})
    tokens = [secrets.token_urlsafe(18) for _ in range(count)]
    today = timezone.localdate()
    ResponseLink.objects.bulk_create(
        [
            ResponseLink(census=census, council=council, token_hash=selectors.token_hash(t), issued_on=today)
            for t in tokens
        ]
    )
    return tokens


class LinkSpent(Exception):
    """The link has already been used for a response."""


def response_submit(*, link: ResponseLink, answers: dict[str, Any]) -> Response:
    """Record one anonymous response and spend the link, together or not at all. The response keeps the
    council and the answers only; the spent link's row keeps nothing but which link it was."""
    if link.census.state != CensusState.OPEN:
        raise ValidationError("This census is not open")
    try:
        with transaction.atomic():
            SpentLink.objects.create(link=link)
            return Response.objects.create(
                census=link.census, council=link.council, answers=answers, submitted_on=timezone.localdate()
            )
    except IntegrityError as exc:
        raise LinkSpent("This link has already been used") from exc
