"""Shared helpers for the importer tests: sample files, database snapshots, broken copies."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tiex.core.importing import ImportReport, run_import
from tiex.core.models import Dataset
from tiex.councils.models import ClusterLabel, ComparatorLink, ControlYear, Council, CouncilCode

DATA = Path(__file__).parent / "data"


def load(slug: str, name: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Import one sample file (a name under tests/data, or a path) as dataset ``slug``."""
    path = name if isinstance(name, Path) else DATA / name
    return run_import(slug, str(path), dry_run=dry_run)


def load_councils() -> None:
    """The sample councils with their 2025 codes, which every other importer needs."""
    load("councils", "uk_local_authorities.csv")
    load("council-codes-2025", "england_councils_current.csv")


def snapshot(*, with_datasets: bool = True) -> dict[str, list[dict[str, Any]]]:
    """Every row the council importers write, to compare before and after."""
    models: list[Any] = [Council, CouncilCode, Council.successors.through, ControlYear, ComparatorLink, ClusterLabel]
    if with_datasets:
        models.append(Dataset)
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def edited_csv(
    tmp_path: Path,
    name: str,
    edits: dict[tuple[int, str], str] | None = None,
    *,
    drop: str | None = None,
    extra_lines: list[list[str]] | None = None,
) -> Path:
    """A copy of a sample CSV with cells changed ({(file line, column): value}), a column dropped or lines added."""
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for (line, column), value in (edits or {}).items():
        rows[line - 1][header.index(column)] = value
    rows += extra_lines or []
    if drop:
        index = header.index(drop)
        rows = [row[:index] + row[index + 1 :] for row in rows]
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def sample_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
