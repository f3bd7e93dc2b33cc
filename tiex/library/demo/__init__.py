"""The Exchange's demo content: resources written by us, read from resources.toml beside this file.

``load_demo`` is called by ``tiex demo`` (and by ``tiex bootstrap`` on a new database).
It is idempotent: each item is keyed on its slug, created once, and updated only when
the file changes. Everything it creates is marked as demo content.
"""

from __future__ import annotations

import datetime
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from tiex.library import richtext, services
from tiex.library.choices import OutcomeKind, OutcomeStatus
from tiex.library.importers import council_codes
from tiex.library.models import BODY_FEATURES, ResourcePage

DEMO_PATH = Path(__file__).with_name("resources.toml")
DEMO_DATASET = "demo"


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def read_demo(path: Path = DEMO_PATH) -> list[dict[str, Any]]:
    with path.open("rb") as handle:
        return list(tomllib.load(handle)["resource"])


def demo_data(entry: dict[str, Any], codes: dict[str, int], missing: set[str]) -> services.ResourceData:
    def councils(key: str) -> tuple[int, ...]:
        found = []
        for code in entry.get(key, []):
            if code.upper() in codes:
                found.append(codes[code.upper()])
            else:
                missing.add(code)
        return tuple(dict.fromkeys(found))

    outcomes = [
        services.OutcomeData(
            kind=OutcomeKind.SAVING,
            amount=Decimal(str(item["amount"])),
            period=item["period"],
            status=OutcomeStatus(item.get("status", "achieved")),
            description=item.get("description", ""),
        )
        for item in entry.get("savings", [])
    ] + [
        services.OutcomeData(
            kind=OutcomeKind.BENEFIT,
            status=OutcomeStatus(item.get("status", "achieved")),
            description=item["description"],
        )
        for item in entry.get("benefits", [])
    ]
    return services.ResourceData(
        title=entry["title"],
        summary=" ".join(entry["summary"].split()),
        body=richtext.clean_html(richtext.text_to_html(entry.get("body", "")), BODY_FEATURES),
        resource_type=entry["type"],
        themes=tuple(entry.get("themes", [])),
        service_areas=tuple(entry.get("service_areas", [])),
        councils=councils("councils"),
        replicated_by=councils("replicated_by"),
        date=_date(entry.get("date")),
        review_date=_date(entry.get("review_date")),
        evidence_level=entry.get("evidence_level", "described"),
        evidence_note=entry.get("evidence_note", ""),
        contact_name=entry.get("contact_name", ""),
        contact_role=entry.get("contact_role", ""),
        contact_email=entry.get("contact_email", ""),
        external_url=entry.get("external_url", ""),
        outcomes=tuple(outcomes),
        is_demo=True,
        slug=entry["slug"],
    )


def load_demo(*, if_empty: bool = False) -> str:
    """Create or update the demo resources; with ``if_empty``, only when there are none yet."""
    if if_empty and ResourcePage.objects.filter(is_demo=True).exists():
        return "demo resources are already loaded."
    services.taxonomy_ensure()
    codes = council_codes()
    missing: set[str] = set()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for entry in read_demo():
            data = demo_data(entry, codes, missing)
            _, outcome = services.resource_upsert(
                actor=None, data=data, source_dataset=DEMO_DATASET, source_key=entry["slug"]
            )
            counts[outcome] += 1
    message = (
        f"{counts['created']} demo resources created, {counts['updated']} updated, {counts['unchanged']} unchanged."
    )
    if missing:
        message += f" Councils not found (import the councils first): {', '.join(sorted(missing))}."
    return message
