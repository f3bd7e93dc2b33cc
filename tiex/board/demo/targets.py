"""Load the demo grant years of targets.toml (see its header for what is real and what is illustrative)."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from tiex.board import rag
from tiex.board.models import Deliverable, GrantYear, Method, QuarterlyUpdate
from tiex.peer_challenges import financial_years as fy

TARGETS_PATH = Path(__file__).with_name("targets.toml")
MANUAL_MEASURE = "Reported by the owner each quarter, with evidence"


def _updates(spec: dict[str, Any], year: int, today: date) -> list[tuple[int, str, str]]:
    """(quarter, status, commentary) for each quarter that has begun."""
    begun = [q.number for q in rag.quarters(fy.year_start(year)) if q.start <= today]
    if "updates" in spec:
        statuses = list(spec["updates"])
        found = []
        for number, status in zip(begun, statuses, strict=False):
            why = spec.get("why", "") if status == rag.Rag.RED else ""
            found.append((number, status, why or ("Complete." if status == rag.Rag.GREEN else "On track.")))
        return found
    found = []
    for number in begun:
        if spec.get("missed"):
            status = rag.Rag.RED if number == 4 else rag.Rag.AMBER
            text = spec.get("why", "") if number == 4 else "In progress."
        else:
            status = rag.Rag.GREEN if number >= spec.get("done", 4) else rag.Rag.AMBER
            text = "Complete." if status == rag.Rag.GREEN else "In progress."
        found.append((number, status, text))
    return found


def load_targets(today: date) -> tuple[int, int]:
    """Replace the demo grant years; (years, deliverables) loaded. Closed quarters of the
    current year are closed afterwards by the caller (services.quarters_close_due)."""
    with TARGETS_PATH.open("rb") as handle:
        config = tomllib.load(handle)
    GrantYear.objects.filter(is_demo=True).delete()
    years = deliverables = 0
    for spec in config["years"]:
        year = fy.financial_year(today) if spec.get("current") else int(spec["year"])
        if GrantYear.objects.filter(year=year).exists():
            continue  # a real year is never replaced by a demo one
        grant_year = GrantYear.objects.create(
            year=year,
            department=spec["department"],
            period_start=fy.year_start(year),
            period_end=fy.year_end(year),
            published=bool(spec.get("published")),
            note=spec.get("note", ""),
            is_demo=True,
        )
        years += 1
        for number, item in enumerate(spec["deliverables"], start=1):
            computed = "measure" in item
            deliverable = Deliverable.objects.create(
                grant_year=grant_year,
                number=number,
                title=item["title"],
                programme=item["programme"],
                measure=item.get("measure_text", MANUAL_MEASURE) if not computed else "Computed from tiex's own data",
                target=item["target"],
                target_value=Decimal(str(item["target_value"])) if computed else None,
                owner=item["owner"],
                method=Method.COMPUTED if computed else Method.MANUAL,
                computed_measure=item["measure"] if computed else "",
            )
            deliverables += 1
            if computed:
                continue  # its quarters are closed from the data
            for quarter, status, text in _updates(item, year, today):
                QuarterlyUpdate.objects.create(deliverable=deliverable, quarter=quarter, status=status, commentary=text)
    return years, deliverables
