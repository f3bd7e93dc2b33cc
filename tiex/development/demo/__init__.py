"""The demo catalogue of councillor development programmes, read from programmes.toml beside this file.

``load_demo`` is called by ``tiex demo`` (and by ``tiex bootstrap`` on a new database). It is
idempotent: each programme is keyed on its slug and each cohort on its title. Everything it
creates is marked as demo. Cohort dates are counted from the day it first runs.
"""

from __future__ import annotations

import datetime
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from tiex.development import services
from tiex.development.demo.bookings import load_demo_bookings
from tiex.development.models import ProgrammePage

DEMO_PATH = Path(__file__).with_name("programmes.toml")


def read_demo(path: Path = DEMO_PATH) -> list[dict[str, Any]]:
    with path.open("rb") as handle:
        return list(tomllib.load(handle)["programme"])


def _paragraphs(text: str) -> str:
    from django.utils.html import escape

    parts = [" ".join(part.split()) for part in text.strip().split("\n\n") if part.strip()]
    return "".join(f"<p>{escape(part)}</p>" for part in parts)


def demo_data(entry: dict[str, Any], today: datetime.date) -> services.ProgrammeData:
    cohorts = []
    for item in entry.get("cohorts", []):
        starts_on = today + datetime.timedelta(days=int(item["starts_in_days"]))
        cohorts.append(
            services.CohortData(
                title=item["title"],
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=int(item.get("length_days", 0))),
                venue=item.get("venue", ""),
                places=int(item["places"]),
                party=item.get("party", ""),
            )
        )
    return services.ProgrammeData(
        slug=entry["slug"],
        title=entry["title"],
        summary=" ".join(entry["summary"].split()),
        body=_paragraphs(entry.get("body", "")),
        audiences=tuple(entry.get("audiences", [])),
        min_years_service=entry.get("min_years_service"),
        max_years_service=entry.get("max_years_service"),
        max_years_in_post=entry.get("max_years_in_post"),
        council_types=tuple(entry.get("council_types", [])),
        topics=tuple(entry.get("topics", [])),
        portfolios=tuple(entry.get("portfolios", [])),
        format=entry.get("format", "modules"),
        length=entry.get("length", ""),
        time_commitment_hours=int(entry.get("time_commitment_hours", 0)),
        cost=Decimal(str(entry.get("cost", "0"))),
        cost_note=entry.get("cost_note", ""),
        nomination_required=bool(entry.get("nomination_required", False)),
        by_political_group=bool(entry.get("by_political_group", False)),
        how_to_apply=_paragraphs(entry.get("how_to_apply", "")),
        application_url=entry.get("application_url", ""),
        is_demo=True,
        cohorts=tuple(cohorts),
    )


def load_demo(*, if_empty: bool = False, with_bookings: bool = True) -> str:
    """Create or update the demo programmes, then the demo bookings (demo/bookings.py); with
    ``if_empty``, each only when there are none yet. Browser tests pass ``with_bookings=False``
    to keep the demo cohorts' places free."""
    programmes = _load_programmes(if_empty=if_empty)
    if not with_bookings:
        return programmes
    return f"{programmes} {load_demo_bookings(if_empty=if_empty)}"


def _load_programmes(*, if_empty: bool) -> str:
    existing = set(ProgrammePage.objects.filter(is_demo=True).values_list("slug", flat=True))
    if if_empty and existing:
        return "demo programmes are already loaded."
    today = timezone.localdate()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for entry in read_demo():
            # Cohorts keep the dates they were first given: a reload changes nothing else.
            if entry["slug"] in existing:
                entry = {**entry, "cohorts": []}
            _, outcome = services.programme_upsert(data=demo_data(entry, today))
            counts[outcome] += 1
    return f"{counts['created']} demo programmes created, {counts['updated']} updated, {counts['unchanged']} unchanged."
