"""Importers for the esd standards: the Functions List and the Services List (LGA / iStandUK).

Both read the CSV exports of the esd standards (``standards/esd/`` under TIEX_DATA_DIR,
docs/data.md) and upsert on the esd ``Identifier``, so importing a file twice changes
nothing. Each is ``(path, *, dataset, progress) -> ImportReport`` and runs inside one
transaction (tiex.core.importing.run_import): a bad file changes nothing.

Row errors (nothing is imported): an identifier that is not a whole number or is given
twice, an empty label, a parent that is not in the file, a loop of parents, a function
deeper than level 3, and, for services, a file with mappings when no functions have been
imported yet. Warnings (the row is imported as the parent identifiers say, or left out):
a row whose type is not a function or service, a function with more than one parent, a
"Level 1"/"Level 2"/"Parent labels" column that disagrees with the parent identifiers, and
a service mapped to a function that is not in the functions list, a description
wrapped as an RDF literal (``"Text."@en``: the wrapping is taken off), and a label the
source misspells (``MISSPELT``: "Utilites" for "Utilities"), which is shown corrected, its
description saying so.

Functions and services no longer in the file are kept (partnerships may be tagged with
them); the report counts them in a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tiex.core.datasets import DatasetSpec
from tiex.core.importing import ErrorCollector, ImportFailed, ImportReport, Progress, RowError, csv_header, read_csv
from tiex.partnerships.models import EsdService, ServiceCategory

FUNCTION_COLUMNS = ("Identifier", "Label", "Description", "Type", "Parent identifiers")
SERVICE_COLUMNS = ("Identifier", "Label", "Description", "Type")
MAPPING_COLUMNS = ("Mapping type", "Mapped identifier", "Mapped label", "Mapped type")
MAX_LEVEL = 3
LABEL_LIMIT = 200
# Labels the esd Functions List misspells, as found in it, and how they are shown. A check
# on the source, like the councils import's (tiex/councils/importers/checks.py).
MISSPELT = {"Utilites": "Utilities"}


def _identifier(errors: ErrorCollector, line: int, column: str, value: str) -> int | None:
    if value.isdigit() and int(value) > 0:
        return int(value)
    errors.add(line, column, f"{value!r} is not an esd identifier (a whole number)" if value else "is empty")
    return None


def _label(errors: ErrorCollector, line: int, value: str) -> str:
    if not value:
        errors.add(line, "Label", "is empty")
    elif len(value) > LABEL_LIMIT:
        errors.add(line, "Label", f"is longer than {LABEL_LIMIT} characters")
    return value


def _description(report: ImportReport, line: int, identifier: int | None, value: str) -> str:
    """The description, without the RDF wrapping some rows carry (``"Text."@en``), with a warning."""
    if value.startswith('"') and value.endswith('"@en'):
        report.warn(
            line,
            "Description",
            f'{identifier}: the description is wrapped as an RDF literal ("..."@en)',
            action="quotes and language tag taken off",
        )
        return value[1:-4].strip()
    return value


def _spelling(report: ImportReport, line: int, identifier: int | None, label: str, description: str) -> tuple[str, str]:
    """The label and description, the label's misspelling (``MISSPELT``) corrected and the
    description saying so, with a warning; else both as they are."""
    corrected = MISSPELT.get(label)
    if corrected is None:
        return label, description
    report.warn(
        line,
        "Label",
        f"{identifier}: {label!r} is misspelt in the source",
        action=f"shown as {corrected!r}, stated as corrected in its description",
    )
    note = f"The esd Functions List spells this label {label!r}; corrected here."
    return corrected, f"{description} {note}" if description else note


@dataclass
class _Function:
    line: int
    identifier: int
    label: str
    description: str
    parent: int | None
    row: dict[str, str]
    level: int = 0


def import_esd_functions(path: Path, *, dataset: DatasetSpec, progress: Progress | None = None) -> ImportReport:
    """Upsert the esd Functions List as ServiceCategory rows (level 1, 2 and 3)."""
    rows = list(read_csv(path, FUNCTION_COLUMNS))
    errors = ErrorCollector(path)
    report = ImportReport(rows=len(rows))
    found: dict[int, _Function] = {}
    for line, row in rows:
        if row["Type"] and row["Type"] != "Function":
            report.warn(
                line, "Type", f"{row['Identifier']} {row['Label']!r} is a {row['Type']!r}", action="row skipped"
            )
            report.skipped += 1
            continue
        identifier = _identifier(errors, line, "Identifier", row["Identifier"])
        label = _label(errors, line, row["Label"])
        parents = [part.strip() for part in row["Parent identifiers"].replace(",", ";").split(";") if part.strip()]
        parent = _identifier(errors, line, "Parent identifiers", parents[0]) if parents else None
        if len(parents) > 1:
            report.warn(
                line,
                "Parent identifiers",
                f"{identifier} {label!r} has {len(parents)} parents ({', '.join(parents)})",
                action=f"placed under the first, {parents[0]}",
            )
        if identifier is None:
            continue
        if identifier in found:
            errors.add(line, "Identifier", f"{identifier} is also on line {found[identifier].line}")
            continue
        description = _description(report, line, identifier, row["Description"])
        label, description = _spelling(report, line, identifier, label, description)
        found[identifier] = _Function(line, identifier, label, description, parent, row)
    for function in found.values():
        if function.parent is not None and function.parent not in found:
            errors.add(
                function.line, "Parent identifiers", f"no function in the file has the identifier {function.parent}"
            )
    errors.raise_if_any()

    # Levels from the parent chain; a loop or a fourth level is an error.
    for function in found.values():
        chain = [function.identifier]
        current = function
        while current.parent is not None:
            if current.parent in chain:
                errors.add(function.line, "Parent identifiers", f"the parents loop back to {current.parent}")
                break
            chain.append(current.parent)
            current = found[current.parent]
        else:
            function.level = len(chain)
            if function.level > MAX_LEVEL:
                errors.add(
                    function.line, "Parent identifiers", f"is at level {function.level}; esd functions go to level 3"
                )
            _check_level_columns(report, function, [found[i].label for i in reversed(chain)], found)
    errors.raise_if_any()

    existing = {category.identifier: category for category in ServiceCategory.objects.all()}
    ordered = sorted(found.values(), key=lambda f: (f.level, f.identifier))
    for done, function in enumerate(ordered, 1):
        parent_pk = existing[function.parent].pk if function.parent is not None else None
        values = {
            "label": function.label,
            "description": function.description,
            "level": function.level,
            "parent_id": parent_pk,
        }
        category = existing.get(function.identifier)
        if category is None:
            existing[function.identifier] = ServiceCategory.objects.create(identifier=function.identifier, **values)
            report.created += 1
        elif any(getattr(category, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(category, key, value)
            category.save()
            report.updated += 1
        else:
            report.unchanged += 1
        if progress is not None and (done % 100 == 0 or done == len(ordered)):
            progress(done, len(ordered))
    _note_kept(report, set(existing) - set(found), "function")
    return report


def _check_level_columns(
    report: ImportReport, function: _Function, labels: list[str], found: dict[int, _Function]
) -> None:
    """Warn where the file's own Level 1 / Level 2 / Parent labels columns disagree with its parent identifiers."""
    row = function.row
    expected = {"Level 1": labels[0] if len(labels) > 1 else "", "Level 2": labels[1] if len(labels) > 2 else ""}
    if function.parent is not None:
        expected["Parent labels"] = found[function.parent].label
    for column, value in expected.items():
        if row.get(column) and row[column] != value:  # an empty column says nothing
            report.warn(
                function.line,
                column,
                f"{function.identifier} {function.label!r}: the file says {row[column]!r}, "
                f"its parent identifiers say {value!r}",
                action="placed as the parent identifiers say",
            )


def _note_kept(report: ImportReport, missing: set[int], noun: str) -> None:
    if missing:
        report.notes.append(
            f"{len(missing):,} {noun}{'s' if len(missing) != 1 else ''} imported before but not in this file "
            f"{'were' if len(missing) != 1 else 'was'} kept (partnerships may use them)."
        )


def import_esd_services(path: Path, *, dataset: DatasetSpec, progress: Progress | None = None) -> ImportReport:
    """Upsert the esd Services List as EsdService rows, each with the function it belongs to.

    Reads the services-with-functions export (``esd_services_functions.csv``); the plain
    services list (no mapping columns) is accepted too and leaves categories as they were.
    Import the esd functions first.
    """
    header = set(csv_header(path))
    with_mappings = set(MAPPING_COLUMNS) <= header
    rows = list(read_csv(path, SERVICE_COLUMNS))
    errors = ErrorCollector(path)
    report = ImportReport(rows=len(rows))
    categories = {
        identifier: (pk, label)
        for pk, identifier, label in ServiceCategory.objects.values_list("pk", "identifier", "label")
    }
    if with_mappings and not categories:
        raise ImportFailed(
            [RowError(path.name, None, None, "no esd functions are imported yet; import esd-functions first")]
        )

    found: dict[int, tuple[int, dict[str, object]]] = {}
    unmapped = 0
    for line, row in rows:
        if row["Type"] and row["Type"] != "Service":
            report.warn(
                line, "Type", f"{row['Identifier']} {row['Label']!r} is a {row['Type']!r}", action="row skipped"
            )
            report.skipped += 1
            continue
        identifier = _identifier(errors, line, "Identifier", row["Identifier"])
        label = _label(errors, line, row["Label"])
        if identifier is None:
            continue
        if identifier in found:
            errors.add(line, "Identifier", f"{identifier} is also on line {found[identifier][0]}")
            continue
        values: dict[str, object] = {
            "label": label,
            "description": _description(report, line, identifier, row["Description"]),
        }
        if with_mappings:
            values["category_id"] = _mapped_category(report, line, identifier, label, row, categories)
            unmapped += values["category_id"] is None
        found[identifier] = (line, values)
    errors.raise_if_any()

    existing = {service.identifier: service for service in EsdService.objects.all()}
    new: list[EsdService] = []
    changed: list[EsdService] = []
    for identifier, (_line, values) in found.items():
        service = existing.get(identifier)
        if service is None:
            new.append(EsdService(identifier=identifier, **values))
        elif any(getattr(service, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(service, key, value)
            changed.append(service)
        else:
            report.unchanged += 1
    EsdService.objects.bulk_create(new, batch_size=500)
    if changed:
        EsdService.objects.bulk_update(changed, ["label", "description", "category"], batch_size=500)
    report.created, report.updated = len(new), len(changed)
    if with_mappings and unmapped:
        report.notes.append(f"{unmapped:,} services belong to no esd function in the file; they have no category.")
    _note_kept(report, set(existing) - set(found), "service")
    if progress is not None:
        progress(len(rows), len(rows))
    return report


def _mapped_category(
    report: ImportReport,
    line: int,
    identifier: int,
    label: str,
    row: dict[str, str],
    categories: dict[int, tuple[int, str]],
) -> int | None:
    """The pk of the function a service "is contained by" (or "maps to"), or None (with a warning if it is unknown)."""
    mapped = row["Mapped identifier"]
    if not mapped:
        return None
    if row["Mapped type"] and row["Mapped type"] != "Function":
        report.warn(
            line,
            "Mapped type",
            f"{identifier} {label!r} is mapped to a {row['Mapped type']!r}, not a function",
            action="left without a category",
        )
        return None
    category = categories.get(int(mapped)) if mapped.isdigit() else None
    if category is None:
        report.warn(
            line,
            "Mapped identifier",
            f"{identifier} {label!r} is mapped to function {mapped!r}, which is not in the esd functions list",
            action="left without a category",
        )
        return None
    if row["Mapped label"] and row["Mapped label"] != category[1]:
        report.warn(
            line,
            "Mapped label",
            f"{identifier} {label!r}: the file names function {mapped} {row['Mapped label']!r}; "
            f"the functions list calls it {category[1]!r}",
            action="mapped by identifier",
        )
    return category[0]
