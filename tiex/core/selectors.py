"""Reads for cross-cutting records."""

from __future__ import annotations

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
