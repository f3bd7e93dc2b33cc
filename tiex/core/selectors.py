"""Reads for cross-cutting records."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from tiex.core.datasets import DatasetSpec, manifest
from tiex.core.models import Dataset


@dataclass(frozen=True)
class DatasetStatus:
    spec: DatasetSpec
    record: Dataset | None


def dataset_list() -> list[DatasetStatus]:
    """Every dataset in the manifest, with its latest import where there is one."""
    records = {dataset.slug: dataset for dataset in Dataset.objects.all()}
    return [DatasetStatus(spec=spec, record=records.get(slug)) for slug, spec in manifest().items()]


def reference_data_loaded() -> bool:
    reference = {slug for slug, spec in manifest().items() if spec.reference}
    loaded = set(
        Dataset.objects.filter(slug__in=reference, last_imported_at__isnull=False).values_list("slug", flat=True)
    )
    return reference <= loaded


def data_version() -> str:
    """A short token that changes whenever any dataset is imported (one small query).

    Imports record themselves in the same transaction as their rows (importing.run_import),
    so anything derived only from imported data can be cached under this token.
    """
    imports = Dataset.objects.order_by("slug").values_list("slug", "last_imported_at")
    text = "|".join(f"{slug}={when.isoformat() if when else ''}" for slug, when in imports)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
