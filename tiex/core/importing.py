"""The shape every importer shares: row-level errors, dry runs, all-or-nothing.

An importer reads one file format and upserts rows keyed on natural keys. It
collects every problem as a ``RowError`` (file, line, field, message) and raises
``ImportFailed`` with all of them, so a bad file changes nothing.

Imports come in two shapes (docs/decisions/0006-imports-prepare-then-write.md):

- **prepare, then write** (importers marked with ``@prepares``): the function
  ``(path, *, dataset, progress) -> Prepared`` reads the file, checks every row and
  works out every change with reads only, outside any transaction; ``run_import``
  then calls ``Prepared.write()`` in one short transaction. While the file is read
  and checked, the rest of the site can write (SQLite has one writer at a time, and
  a transaction here starts with ``BEGIN IMMEDIATE``, which takes the write lock).
  A dry run stops after the preparing: it never opens a transaction at all.
- **in one transaction** (the older importers): the function ``(path, *, dataset,
  progress) -> ImportReport`` reads and writes as it goes; ``run_import`` wraps it
  in one transaction, and a dry run is rolled back.

Either way a process killed mid-import leaves the database as it was.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction

from tiex.core import csv as safe_csv
from tiex.core import datasets
from tiex.core.services import audit_record, dataset_record_import

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class RowError:
    source: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}, line {self.line}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class RowWarning:
    """A row that was imported, but not as the source gave it: a value corrected or left out.

    ``action`` says what the importer did about it ("shown without a date", "region
    taken from the county"), so the data sources page never shows the error as fact.
    """

    line: int | None
    field: str | None
    message: str
    action: str = ""

    def __str__(self) -> str:
        where = "" if self.line is None else f"line {self.line}"
        if self.field:
            where += f"{', ' if where else ''}{self.field}"
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.action})" if self.action else text

    def as_record(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message, "action": self.action}

    @classmethod
    def from_record(cls, record: Any) -> RowWarning:
        if not isinstance(record, dict):
            return cls(None, None, str(record))
        line = record.get("line")
        return cls(
            line if isinstance(line, int) else None,
            str(record["field"]) if record.get("field") else None,
            str(record.get("message") or ""),
            str(record.get("action") or ""),
        )


class ImportFailed(Exception):
    def __init__(self, errors: Iterable[RowError]):
        self.errors = list(errors)
        super().__init__(
            f"{len(self.errors)} error(s); nothing was changed.\n" + "\n".join(str(e) for e in self.errors[:50])
        )


@dataclass
class ImportReport:
    dataset: str = ""
    source: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)

    def warn(self, line: int | None, field_name: str | None, message: str, *, action: str = "") -> None:
        """Record a row that was imported with a value corrected or left out (shown on /data/)."""
        self.warnings.append(RowWarning(line, field_name, message, action))

    def outcome(self) -> str:
        """What became of the rows, in plain English: "1,030 rows read: 855 created, ... 175 skipped."

        The same sentence is printed by `tiex import` and shown on the data sources page;
        the notes say why rows were skipped.
        """
        text = (
            f"{self.rows:,} {'row' if self.rows == 1 else 'rows'} read: "
            f"{self.created:,} created, {self.updated:,} updated, {self.unchanged:,} unchanged"
        )
        if self.skipped:
            text += f", {self.skipped:,} skipped"
        text += "."
        if self.warnings:
            count = len(self.warnings)
            text += f" {count:,} {'row needs' if count == 1 else 'rows need'} a second look (see the warnings)."
        return text

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        return f"{verb} {self.dataset} from {self.source}. {self.outcome()}"

    def as_record(self) -> dict[str, Any]:
        """The figures and notes as stored on the Dataset (``Dataset.last_report``)."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "notes": list(self.notes),
            "warnings": [warning.as_record() for warning in self.warnings],
        }

    @classmethod
    def from_record(cls, record: dict[str, Any], *, dataset: str = "", source: str = "") -> ImportReport:
        """Rebuild a report from ``as_record()``'s dict; missing figures count as 0."""

        def count(key: str) -> int:
            value = record.get(key)
            return value if isinstance(value, int) else 0

        return cls(
            dataset=dataset,
            source=source,
            rows=count("rows"),
            created=count("created"),
            updated=count("updated"),
            unchanged=count("unchanged"),
            skipped=count("skipped"),
            notes=[str(note) for note in record.get("notes") or []],
            warnings=[RowWarning.from_record(item) for item in record.get("warnings") or []],
        )


class ErrorCollector:
    """Collects row errors for one source file; raises them all at once."""

    def __init__(self, source: Path | str, limit: int = 1000):
        self.source = Path(source).name
        self.errors: list[RowError] = []
        self.limit = limit

    def add(self, line: int | None, field_name: str | None, message: str) -> None:
        if len(self.errors) < self.limit:
            self.errors.append(RowError(self.source, line, field_name, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportFailed(self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)


def read_csv(
    path: Path, required: Iterable[str], *, unneutralise: bool = False
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row; fail clearly if columns are missing.

    With ``unneutralise``, each cell first loses the quote that tiex's own CSV downloads
    put in front of cells a spreadsheet would read as a formula (tiex.core.csv), so a
    download can be imported again as it was.
    """
    clean = safe_csv.unneutralise if unneutralise else (lambda value: value)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [name for name in required if name not in header]
        if missing:
            raise ImportFailed(
                [
                    RowError(
                        path.name,
                        1,
                        None,
                        f"missing column(s) {', '.join(missing)}; found {', '.join(header) or 'no header'}",
                    )
                ]
            )
        line = 1
        for row in reader:
            yield line + 1, {key: clean(value or "").strip() for key, value in row.items() if key is not None}
            line = reader.line_num


def csv_header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return next(csv.reader(handle), [])


@dataclass
class Prepared:
    """An import that has been checked and worked out: the report it will give, and its writes.

    ``write`` is called inside the caller's (short) transaction; it may raise
    ``ImportFailed`` when the data changed between preparing and writing.
    """

    report: ImportReport
    write: Callable[[], None]


F = TypeVar("F", bound=Callable[..., Any])


def prepares(importer: F) -> F:
    """Mark an importer as one that returns a ``Prepared`` (reads only) instead of writing as it goes."""
    importer.prepares = True  # type: ignore[attr-defined]
    return importer


def run_import(
    slug: str,
    path_or_url: str | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    actor: Any = None,
) -> ImportReport:
    """Import one dataset from a path, a URL, or (with neither) its default source.

    ``actor`` is the user who asked for it (None for the command line); the import
    is recorded in the audit log in the same transaction.
    """
    spec = datasets.dataset_spec(slug)
    path, recorded_source, temporary = datasets.resolve_source(spec, path_or_url)
    importer = spec.importer_function()
    try:
        if getattr(importer, "prepares", False):
            # Read and check everything with reads only; write in one short transaction.
            prepared: Prepared = importer(path, dataset=spec, progress=progress)
            report = _label(prepared.report, spec.slug, recorded_source, dry_run)
            if not dry_run:
                with transaction.atomic():
                    prepared.write()
                    _record(spec, recorded_source, report, actor)
            return report
        with transaction.atomic():
            report = _label(importer(path, dataset=spec, progress=progress), spec.slug, recorded_source, dry_run)
            if dry_run:
                transaction.set_rollback(True)
            else:
                _record(spec, recorded_source, report, actor)
    finally:
        datasets.discard_download(path, temporary)
    return report


def _label(report: ImportReport, slug: str, source: str, dry_run: bool) -> ImportReport:
    report.dataset = slug
    report.source = source
    report.dry_run = dry_run
    return report


def _record(spec: datasets.DatasetSpec, source: str, report: ImportReport, actor: Any) -> None:
    """The import on the Dataset (its last report) and in the audit log, in the import's transaction."""
    dataset = dataset_record_import(spec=spec, source=source, row_count=report.rows, report=report.as_record())
    audit_record(
        actor=actor,
        actor_label=None if actor is not None else "command line",
        action="dataset.import",
        obj=dataset,
        after={
            "source": source,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "skipped": report.skipped,
        },
    )
