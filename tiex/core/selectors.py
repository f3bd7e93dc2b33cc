"""Reads for cross-cutting records."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from tiex.core.datasets import DatasetSpec, manifest
from tiex.core.importing import ImportReport
from tiex.core.models import Dataset


@dataclass(frozen=True)
class DatasetStatus:
    spec: DatasetSpec
    record: Dataset | None
    # What the latest import did with each row (None before the first import that recorded it).
    last_report: ImportReport | None = None


def _last_report(spec: DatasetSpec, record: Dataset | None) -> ImportReport | None:
    if record is None or not isinstance(record.last_report, dict):
        return None
    return ImportReport.from_record(record.last_report, dataset=spec.slug, source=record.last_imported_from)


def dataset_list() -> list[DatasetStatus]:
    """Every dataset in the manifest, with its latest import and that import's report where there is one.

    One query: the report is a field of the Dataset row.
    """
    records = {dataset.slug: dataset for dataset in Dataset.objects.all()}
    return [
        DatasetStatus(spec=spec, record=records.get(slug), last_report=_last_report(spec, records.get(slug)))
        for slug, spec in manifest().items()
    ]


def reference_data_loaded() -> bool:
    reference = {slug for slug, spec in manifest().items() if spec.reference}
    loaded = set(
        Dataset.objects.filter(slug__in=reference, last_imported_at__isnull=False).values_list("slug", flat=True)
    )
    return reference <= loaded


@cache
def _imports_sql() -> tuple[str, tuple[Any, ...]]:
    """The SQL of data_version's query, compiled once: it has no parameters that change."""
    query = Dataset.objects.order_by("slug").values_list("slug", "last_imported_at").query
    return query.get_compiler(using=DEFAULT_DB_ALIAS).as_sql()


def data_version() -> str:
    """A short token that changes whenever any dataset is imported (one small query).

    Imports record themselves in the same transaction as their rows (importing.run_import),
    so anything derived only from imported data can be cached under this token. It is read
    on every view of a cached page, so the query is compiled once and run as it is: building
    it through the ORM each time would cost five times the query.
    """
    sql, params = _imports_sql()
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        imports = cursor.fetchall()
    return hashlib.sha256(repr(imports).encode()).hexdigest()[:16]
