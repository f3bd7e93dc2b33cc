"""Writes for cross-cutting records (datasets)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from tiex.core.models import Dataset

if TYPE_CHECKING:
    from tiex.core.datasets import DatasetSpec


def dataset_record_import(*, spec: DatasetSpec, source: str, row_count: int) -> Dataset:
    """Record a successful import of a dataset, refreshing its metadata from the manifest."""
    with transaction.atomic():
        dataset, _ = Dataset.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "title": spec.title,
                "description": spec.description,
                "publisher": spec.publisher,
                "source_url": spec.source_url,
                "homepage_url": spec.homepage_url,
                "licence": spec.licence,
                "licence_url": spec.licence_url,
                "attribution": spec.attribution,
                "last_imported_at": timezone.now(),
                "last_imported_from": source,
                "last_row_count": row_count,
            },
        )
    return dataset
