"""The seed taxonomy (themes, productivity areas, service areas) read from data/taxonomy.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TAXONOMY_PATH = Path(__file__).with_name("data") / "taxonomy.toml"


@dataclass(frozen=True)
class Term:
    slug: str
    name: str
    group: str = ""
    description: str = ""
    sort_order: int = 0


def load_taxonomy(path: Path = TAXONOMY_PATH) -> tuple[list[Term], list[Term]]:
    """(themes, service areas) in file order."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    themes = [
        Term(
            slug=entry["slug"],
            name=entry["name"],
            group=entry.get("group", "theme"),
            description=entry.get("description", ""),
            sort_order=position,
        )
        for position, entry in enumerate(raw.get("theme", []))
    ]
    areas = [
        Term(slug=entry["slug"], name=entry["name"], description=entry.get("description", ""), sort_order=position)
        for position, entry in enumerate(raw.get("service_area", []))
    ]
    return themes, areas


def seed_taxonomy(theme_model: Any, service_area_model: Any) -> int:
    """Create the terms that do not exist yet (by slug); never change existing ones. Returns how many were added.

    Takes the model classes so that the data migration can pass its historical models.
    """
    themes, areas = load_taxonomy()
    added = 0
    for term in themes:
        _, created = theme_model.objects.get_or_create(
            slug=term.slug,
            defaults={
                "name": term.name,
                "group": term.group,
                "description": term.description,
                "sort_order": term.sort_order,
            },
        )
        added += created
    for term in areas:
        _, created = service_area_model.objects.get_or_create(
            slug=term.slug,
            defaults={"name": term.name, "description": term.description, "sort_order": term.sort_order},
        )
        added += created
    return added
