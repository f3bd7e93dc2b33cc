"""Comparator councils: DfE statistical neighbours, mySociety similarity clusters, ONS geographic neighbours.

Ranked lists become ComparatorLink rows, cluster labels become ClusterLabel
rows. A re-import replaces one kind's rows for the councils in the file (links
no longer listed are deleted), touching only what differs, so importing an
unchanged file changes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tiex.core.datasets import DatasetSpec
from tiex.core.importing import ErrorCollector, ImportFailed, ImportReport, Progress, RowError, read_csv
from tiex.councils.importers._common import Ticker, code_owners, read_table
from tiex.councils.importers.matching import NameIndex
from tiex.councils.models import ClusterLabel, ComparatorKind, ComparatorLink, Council

DFE_NEIGHBOURS = 10
DFE_COLUMNS = ("LA num", "LA Name", *(f"SN{rank}" for rank in range(1, DFE_NEIGHBOURS + 1)))
# DfE's entries for areas that have since been reorganised, e.g. "Dorset (Pre LG)": they map to the former council.
_PRE_REORGANISATION = re.compile(r"\s*\(pre[ -]?lg[a-z]*\)\s*$", re.IGNORECASE)
SIMILARITY_KINDS = {
    "composite": ComparatorKind.SIMILARITY_COMPOSITE,
    "imd": ComparatorKind.SIMILARITY_DEPRIVATION,
    "ruc": ComparatorKind.SIMILARITY_RURAL_URBAN,
    "emissions": ComparatorKind.SIMILARITY_EMISSIONS,
    "physical": ComparatorKind.SIMILARITY_PHYSICAL,
}


@dataclass(frozen=True)
class Link:
    council_id: int
    neighbour_id: int
    rank: int
    note: str


def replace_links(kind: str, links: Iterable[Link], council_ids: set[int], report: ImportReport) -> None:
    """Make ``kind``'s links from ``council_ids`` exactly ``links``; counts go into ``report``."""
    wanted = {(link.council_id, link.neighbour_id): link for link in links}
    have = {
        (row.council_id, row.neighbour_id): row
        for row in ComparatorLink.objects.filter(kind=kind, council_id__in=council_ids)
    }
    to_create, to_update = [], []
    for pair, link in wanted.items():
        row = have.get(pair)
        if row is None:
            to_create.append(
                ComparatorLink(
                    kind=kind,
                    council_id=link.council_id,
                    neighbour_id=link.neighbour_id,
                    rank=link.rank,
                    note=link.note,
                )
            )
        elif (row.rank, row.note) != (link.rank, link.note):
            row.rank, row.note = link.rank, link.note
            to_update.append(row)
    stale = [row.pk for pair, row in have.items() if pair not in wanted]
    ComparatorLink.objects.filter(pk__in=stale).delete()
    ComparatorLink.objects.bulk_update(to_update, ["rank", "note"], batch_size=500)
    ComparatorLink.objects.bulk_create(to_create, batch_size=500)
    report.created += len(to_create)
    report.updated += len(to_update)
    report.unchanged += len(wanted) - len(to_create) - len(to_update)
    if stale:
        report.notes.append(f"Removed {len(stale)} {kind} links no longer in the file.")


def _closeness(text: str) -> str:
    return text[:1].upper() + text[1:].lower() if text else ""


def _closeness_columns(header: Iterable[str]) -> dict[int, str]:
    """Rank -> the column holding that neighbour's own closeness band.

    Each neighbour has its own band (``SN1_closeness`` ... ``SN10_closeness``); spellings
    such as "SN1 Closeness" are accepted, so that no neighbour is given another's band.
    """
    wanted = {f"sn{rank}closeness": rank for rank in range(1, DFE_NEIGHBOURS + 1)}
    columns: dict[int, str] = {}
    for name in header:
        rank = wanted.get(re.sub(r"[^a-z0-9]", "", name.lower()))
        if rank is not None:
            columns.setdefault(rank, name)
    return columns


def import_dfe_neighbours(path: Path, *, dataset: DatasetSpec, progress: Progress | None = None) -> ImportReport:
    """DfE children's services statistical neighbours: the wide CSV, or the upstream .xlsx with the same columns.

    Rows name councils (``LA Name``); the SN1..SN10 columns give the neighbours'
    DfE LA numbers, which are looked up among the file's own rows.
    """
    rows = read_table(path, DFE_COLUMNS)
    errors = ErrorCollector(path)
    ticker = Ticker(progress, len(rows) * 2)
    names = NameIndex.build()
    by_number: dict[str, int] = {}
    lines: dict[str, int] = {}
    for line, row in rows:
        ticker.tick()
        number = row["LA num"]
        if not re.fullmatch(r"\d{3}", number):
            errors.add(line, "LA num", f"{number!r} is not a three-digit DfE LA number")
            continue
        if number in lines:
            errors.add(line, "LA num", f"{number} also appears on line {lines[number]}")
            continue
        lines[number] = line
        name = row["LA Name"]
        former = bool(_PRE_REORGANISATION.search(name))
        matches = names.upper_tier(_PRE_REORGANISATION.sub("", name), former=former)
        if len(matches) != 1:
            found = f"{len(matches)} councils" if matches else "no council"
            errors.add(line, "LA Name", f"{name!r} matches {found}")
            continue
        if matches[0] in by_number.values():
            other = next(n for n, council_id in by_number.items() if council_id == matches[0])
            errors.add(line, "LA Name", f"{name!r} is the same council as LA num {other} (line {lines[other]})")
            continue
        by_number[number] = matches[0]

    closeness = _closeness_columns(rows[0][1] if rows else ())
    links: list[Link] = []
    for line, row in rows:
        ticker.tick()
        council_id = by_number.get(row["LA num"])
        seen: set[int] = set()
        for rank in range(1, DFE_NEIGHBOURS + 1):
            number = row[f"SN{rank}"]
            if not number:
                continue
            if number not in lines:
                errors.add(line, f"SN{rank}", f"{number!r} is not the LA num of any row in this file")
                continue
            neighbour_id = by_number.get(number)
            if council_id is None or neighbour_id is None:
                continue  # already reported against that row
            if neighbour_id == council_id or neighbour_id in seen:
                errors.add(line, f"SN{rank}", f"{number} is the council itself or already listed")
                continue
            seen.add(neighbour_id)
            band = row.get(closeness[rank], "") if rank in closeness else ""
            links.append(Link(council_id, neighbour_id, rank, _closeness(band)))
    errors.raise_if_any()
    report = ImportReport(rows=len(rows))
    missing = [f"SN{rank}" for rank in range(1, DFE_NEIGHBOURS + 1) if rank not in closeness]
    if rows and missing:
        report.notes.append(f"No closeness column for {', '.join(missing)}: those neighbours are shown without one.")
    replace_links(ComparatorKind.DFE_STATISTICAL_NEIGHBOURS, links, set(by_number.values()), report)
    ticker.finish()
    return report


def _similarity_kind(path: Path) -> str | None:
    """The measure a labels file is about, from its own name or its folder's (e.g. imd_distance/la_labels.csv)."""
    for part in (path.stem, path.parent.name):
        for token in re.split(r"[^a-z]+", part.lower()):
            if token in SIMILARITY_KINDS:
                return SIMILARITY_KINDS[token]
    return None


def _label_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*la_labels.csv") if p.is_file())
        if not files:
            raise ImportFailed([RowError(path.name, None, None, "the folder has no *la_labels.csv files")])
        return files
    return [path]


def import_similarity_clusters(path: Path, *, dataset: DatasetSpec, progress: Progress | None = None) -> ImportReport:
    """mySociety local-authority-similarity cluster labels: one ``*la_labels.csv`` or a folder of them.

    The measure comes from the file or folder name (composite, imd, ruc,
    emissions, physical); descriptions come from the matching
    ``*label_desc.csv`` beside it, when there is one.
    """
    files = _label_files(path)
    councils = dict(Council.objects.values_list("la_code", "id"))
    report = ImportReport()
    problems: list[RowError] = []
    plans: list[tuple[str, dict[int, tuple[str, str]]]] = []
    for labels_path in files:
        errors = ErrorCollector(labels_path)
        kind = _similarity_kind(labels_path)
        if kind is None:
            known = ", ".join(SIMILARITY_KINDS)
            errors.add(None, None, f"cannot tell the measure from the file name; it should contain one of {known}")
            problems += errors.errors
            continue
        descriptions: dict[str, str] = {}
        desc_path = labels_path.with_name(labels_path.name.replace("la_labels", "label_desc"))
        if desc_path.exists():
            descriptions = {row["label"]: row["desc"] for _, row in read_csv(desc_path, ["label", "desc"])}
        rows = list(read_csv(labels_path, ["local-authority-code", "label"]))
        wanted: dict[int, tuple[str, str]] = {}
        for line, row in rows:
            council_id = councils.get(row["local-authority-code"])
            if council_id is None:
                errors.add(line, "local-authority-code", f"no council has the code {row['local-authority-code']!r}")
            elif not row["label"] or len(row["label"]) > 200:
                errors.add(line, "label", "is required and at most 200 characters")
            elif council_id in wanted:
                errors.add(line, "local-authority-code", f"{row['local-authority-code']} appears twice")
            else:
                wanted[council_id] = (row["label"], descriptions.get(row["label"], ""))
        problems += errors.errors
        plans.append((kind, wanted))
        report.rows += len(rows)
    if problems:
        raise ImportFailed(problems)

    ticker = Ticker(progress, report.rows)
    for kind, wanted in plans:
        have = {row.council_id: row for row in ClusterLabel.objects.filter(kind=kind, council_id__in=list(wanted))}
        to_create: list[ClusterLabel] = []
        to_update: list[ClusterLabel] = []
        for council_id, (label, description) in wanted.items():
            stored = have.get(council_id)
            if stored is None:
                to_create.append(ClusterLabel(kind=kind, council_id=council_id, label=label, description=description))
            elif (stored.label, stored.description) != (label, description):
                stored.label, stored.description = label, description
                to_update.append(stored)
        ClusterLabel.objects.bulk_create(to_create, batch_size=500)
        ClusterLabel.objects.bulk_update(to_update, ["label", "description"], batch_size=500)
        report.created += len(to_create)
        report.updated += len(to_update)
        report.unchanged += len(wanted) - len(to_create) - len(to_update)
        ticker.tick(len(wanted))
    report.notes.append("Measures: " + ", ".join(kind for kind, _ in plans) + ".")
    ticker.finish()
    return report


def import_geographic_neighbours(path: Path, *, dataset: DatasetSpec, progress: Progress | None = None) -> ImportReport:
    """ONS geographic neighbours: ``{code: [[bordering codes...] or null, nearby1, nearby2, ...]}``.

    Codes are resolved through current and former GSS codes (2021 codes of
    since-merged districts resolve to those former councils). Links to the
    council itself and repeats are skipped; ranks count borders first.
    """
    try:
        with path.open(encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise ImportFailed([RowError(path.name, exc.lineno, None, f"not valid JSON: {exc.msg}")]) from exc
    errors = ErrorCollector(path)
    if not isinstance(data, dict):
        raise ImportFailed([RowError(path.name, None, None, "expected an object of {code: [[borders...], nearby...]}")])
    owners = {code: council_id for code, (council_id, _) in code_owners().items()}
    ticker = Ticker(progress, len(data))
    links: list[Link] = []
    council_ids: set[int] = set()
    skipped = 0
    for key, value in data.items():
        ticker.tick()
        council_id = owners.get(key)
        if council_id is None:
            errors.add(None, key, f"no council has the GSS code {key!r}")
        if not isinstance(value, list) or not value or not isinstance(value[0], (list, type(None))):
            errors.add(None, key, "expected [[bordering codes...] or null, nearby codes...]")
            continue
        entries = [(code, "borders") for code in value[0] or []] + [(code, "nearby") for code in value[1:]]
        resolved: list[tuple[int, str]] = []
        for code, note in entries:
            neighbour_id = owners.get(code) if isinstance(code, str) else None
            if neighbour_id is None:
                errors.add(None, key, f"neighbour {code!r} is not a known GSS code")
            else:
                resolved.append((neighbour_id, note))
        if council_id is None:
            continue
        if council_id in council_ids:  # an old and a new code of one council: keep the first list
            skipped += len(resolved)
            continue
        council_ids.add(council_id)
        seen = {council_id}
        for neighbour_id, note in resolved:
            if neighbour_id in seen:
                skipped += 1
                continue
            seen.add(neighbour_id)
            links.append(Link(council_id, neighbour_id, len(seen) - 1, note))
    errors.raise_if_any()
    report = ImportReport(rows=len(data), skipped=skipped)
    if skipped:
        report.notes.append(
            f"Skipped {skipped} links to the council itself or repeated (codes resolving to one council)."
        )
    replace_links(ComparatorKind.GEOGRAPHIC_NEIGHBOURS, links, council_ids, report)
    ticker.finish()
    return report
