"""Load the kinds of challenge, their themes and the peers' skills from ``data/*.toml``.

Reference data, not demo: ``tiex bootstrap`` loads it on every install and loading again
updates rows by slug (a theme removed from the file is removed unless a recommendation
cites it, in which case it is kept and reported).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from django.db import transaction

from tiex.peer_challenges.models import ChallengeKind, KindTheme, Recommendation, Skill

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_toml(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


@transaction.atomic
def reference_load() -> list[str]:
    """Create or update kinds, themes and skills; return lines saying what changed."""
    notes: list[str] = []
    kinds = read_toml("kinds.toml")["kind"]
    for kind_data in kinds:
        kind, created = ChallengeKind.objects.update_or_create(
            slug=kind_data["slug"],
            defaults={
                "name": kind_data["name"],
                "description": kind_data.get("description", "").strip(),
                "counts_as_corporate": bool(kind_data.get("counts_as_corporate", False)),
                "order": int(kind_data.get("order", 0)),
            },
        )
        slugs = []
        for order, theme in enumerate(kind_data.get("theme", []), start=1):
            slugs.append(theme["slug"])
            KindTheme.objects.update_or_create(
                kind=kind,
                slug=theme["slug"],
                defaults={"title": theme["title"], "description": theme.get("description", ""), "order": order},
            )
        stale = KindTheme.objects.filter(kind=kind).exclude(slug__in=slugs)
        cited = set(Recommendation.objects.filter(theme__in=stale).values_list("theme__slug", flat=True))
        for slug in sorted(cited):
            notes.append(f"Kept the theme {slug!r} of {kind.name}: recommendations cite it.")
        stale.exclude(slug__in=cited).delete()
        notes.append(f"{'Added' if created else 'Updated'} {kind.name} ({len(slugs)} themes).")
    for skill in read_toml("skills.toml")["skill"]:
        Skill.objects.update_or_create(slug=skill["slug"], defaults={"name": skill["name"]})
    return notes
