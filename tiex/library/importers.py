"""Resources in from open data: the council climate action plans (editors' CSV files: resource_csv.py).

It follows tiex.core.importing: every row is checked, all problems are reported
together (file, line, field), nothing changes unless the whole file is good, a dry run
changes nothing, and a re-import of the same file changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from tiex.core.datasets import DatasetSpec
from tiex.core.importing import ErrorCollector, ImportFailed, ImportReport, Progress, RowError, read_csv
from tiex.councils.models import Council, CouncilCode
from tiex.library import richtext, services
from tiex.library.choices import EvidenceLevel, ResourceType
from tiex.library.models import ResourcePage

CLIMATE_DATASET = "climate-plans"
CLIMATE_COLUMNS = (
    "local-authority-code",
    "council",
    "url",
    "title",
    "type",
    "gss_code",
    "date_retrieved",
    "out_of_date",
    "last_update",
)
CLIMATE_THEMES = ("leadership-of-place",)
CLIMATE_SERVICE_AREAS = ("climate",)
TITLE_MAX = 255
URL_MAX = 1000


def council_codes() -> dict[str, int]:
    """Every GSS code (current and former) and mySociety code -> council id."""
    codes: dict[str, int] = {}
    for gss, la_code, pk in Council.objects.values_list("gss_code", "la_code", "pk"):
        codes[la_code.upper()] = pk
        if gss:
            codes[gss.upper()] = pk
    for code, pk in CouncilCode.objects.values_list("code", "council_id"):
        codes.setdefault(code.upper(), pk)
    return codes


def _valid_url(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return len(value) <= URL_MAX


def _parse_loose_date(value: str) -> datetime.date | None:
    """Dates as the climate plans file writes them: 2023-09-18, 15/02/2021, or a bare year."""
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    if re.fullmatch(r"(19|20)\d\d", value):
        return datetime.date(int(value), 1, 1)
    return None


def _document_type(value: str) -> str:
    text = " ".join(value.split())
    return text[:1].upper() + text[1:].lower() if text else ""


def climate_plan_key(la_code: str, url: str) -> str:
    return f"{la_code.upper()}|{hashlib.sha256(url.encode()).hexdigest()[:32]}"


def import_climate_plans(
    source: Path, *, dataset: DatasetSpec, progress: Progress | None = None, **_: Any
) -> ImportReport:
    """mySociety / Climate Emergency UK's council climate plans as external resources, one per council and document.

    Rows without a document address (councils where no plan was found) are skipped;
    a document listed twice for a council is imported once (the later row wins).
    """
    errors = ErrorCollector(source)
    codes = council_codes()
    if not codes:
        raise ImportFailed([RowError(source.name, None, None, "no councils are loaded; import the councils first")])
    names = dict(Council.objects.values_list("pk", "name"))
    report = ImportReport()
    rows: dict[str, services.BulkResource] = {}
    no_document = duplicates = 0
    for line, row in read_csv(source, CLIMATE_COLUMNS):
        report.rows += 1
        url = row["url"]
        if not url:
            no_document += 1
            continue
        if not _valid_url(url):
            errors.add(line, "url", f"{url[:80]!r} is not a web address")
            continue
        la_code = row["local-authority-code"].upper()
        council_id = codes.get(row["gss_code"].upper()) or codes.get(la_code)
        if council_id is None:
            errors.add(line, "gss_code", f"no council has the code {row['gss_code']!r} or {la_code!r}")
            continue
        doc_type = _document_type(row["type"])
        council_name = names[council_id]
        title = " ".join(row["title"].split()) or f"{doc_type or 'Climate plan'}: {council_name}"
        if len(title) > TITLE_MAX:
            errors.add(line, "title", f"longer than {TITLE_MAX} characters")
            continue
        found = _parse_loose_date(row["date_retrieved"]) or _parse_loose_date(row["last_update"])
        out_of_date = row["out_of_date"].strip().lower() == "true"
        summary = f"{doc_type or 'Climate document'} published by {council_name}."
        body = richtext.text_to_html(
            f"{summary} It is listed in the register of council climate action plans kept by mySociety "
            "and Climate Emergency UK, who found and checked it. Open the document on the council's website."
            + ("\n\nThe register marks this document as out of date." if out_of_date else "")
        )
        key = climate_plan_key(la_code, url)
        if key in rows:
            duplicates += 1
        rows[key] = services.BulkResource(
            data=services.ResourceData(
                title=title,
                summary=summary,
                body=body,
                resource_type=ResourceType.EXTERNAL,
                themes=CLIMATE_THEMES,
                service_areas=CLIMATE_SERVICE_AREAS,
                councils=(council_id,),
                date=found,
                review_date=(found or datetime.date(2000, 1, 1)) if out_of_date else None,
                evidence_level=EvidenceLevel.DESCRIBED,
                external_url=url,
                licence=dataset.licence,
                attribution=dataset.attribution,
                slug=slugify(f"{council_name} {title}"),
            ),
            source_dataset=CLIMATE_DATASET,
            source_key=key,
        )
    errors.raise_if_any()
    if progress:
        progress(report.rows, report.rows)
    _upsert_bulk(list(rows.values()), report)
    if no_document:
        report.skipped += no_document
        report.notes.append(f"{no_document} rows name no document (councils where no plan was found); skipped.")
    if duplicates:
        report.skipped += duplicates
        report.notes.append(f"{duplicates} rows repeat a council's document; the later row was used.")
    return report


def _upsert_bulk(items: list[services.BulkResource], report: ImportReport) -> None:
    """Create new resources in bulk; update changed ones one by one (new revision, published)."""
    by_key = {item.source_key: item for item in items}
    existing = (
        ResourcePage.objects.filter(source_dataset__in={item.source_dataset for item in items}, source_key__in=by_key)
        .prefetch_related("themes", "service_areas", "councils", "replicated_by", "outcomes")
        .order_by("pk")
    )
    seen: set[str] = set()
    for page in existing:
        item = by_key[page.source_key]
        seen.add(page.source_key)
        data = replace(item.data, slug=page.slug)
        if page.live and services.resource_snapshot(page) == services.data_snapshot(data):
            report.unchanged += 1
        else:
            services.resource_update(actor=None, page=page, data=data, publish=True)
            report.updated += 1
    new = [item for item in items if item.source_key not in seen]
    services.resources_bulk_create(items=new)
    report.created += len(new)
