"""Resources in from open data: the council climate action plans (editors' CSV files: resource_csv.py).

It follows tiex.core.importing: every row is checked, all problems are reported
together (file, line, field), nothing changes unless the whole file is good, a dry run
changes nothing, and a re-import of the same file changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.text import slugify

from tiex.core.datasets import DatasetSpec
from tiex.core.importing import ErrorCollector, ImportFailed, ImportReport, Progress, RowError, read_csv
from tiex.councils.models import Council, CouncilCode
from tiex.library import climate_plans, richtext, services
from tiex.library.choices import EvidenceLevel, ResourceType
from tiex.library.models import ResourcePage

CLIMATE_DATASET = "climate-plans"
# Columns the importer needs; time_period and scope are read when present.
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
TITLE_MAX = 255
URL_MAX = 1000
# The review date of a plan the register marks out of date when it gives no usable date.
LONG_AGO = datetime.date(2000, 1, 1)


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


def climate_plan_key(la_code: str, url: str) -> str:
    return f"{la_code.upper()}|{hashlib.sha256(url.encode()).hexdigest()[:32]}"


def _register_date(
    row: dict[str, str], name: str, line: int, today: datetime.date, report: ImportReport
) -> datetime.date | None:
    """One of the register's own dates (retrieved, last updated), or None with a warning when it
    is not a date or lies in the future (never shown as fact)."""
    value = row.get(name, "")
    if not value:
        return None
    found = climate_plans.parse_loose_date(value)
    if found is None:
        report.warn(line, name, f"{value[:40]!r} is not a date", action="not used")
    elif found > today:
        report.warn(line, name, f"{value[:40]} is after today", action="not used")
        return None
    return found


def _plan_date(
    row: dict[str, str], title: str, line: int, today: datetime.date, report: ImportReport
) -> tuple[climate_plans.Period | None, datetime.date | None]:
    """The plan's own period and date (1 January of its first year): from time_period, else a period
    written in its title. None when the source gives none: the register's retrieval and update
    dates are not the plan's. A period that starts after today is reported and shown without a date."""
    period = climate_plans.plan_period(row.get("time_period", ""))
    field = "time_period"
    if period is None:
        if row.get("time_period"):
            report.warn(
                line, "time_period", f"{row['time_period'][:40]!r} is not a period like 2020-2030", action="not used"
            )
        period, field = climate_plans.plan_period(title), "title"
    if period is None:
        return None, None
    if period.start > today.year:
        report.warn(line, field, f"the plan's period ({period}) starts after today", action="shown without a date")
        return period, None
    return period, datetime.date(period.start, 1, 1)


def import_climate_plans(
    source: Path, *, dataset: DatasetSpec, progress: Progress | None = None, **_: Any
) -> ImportReport:
    """mySociety / Climate Emergency UK's council climate plans as external resources, one per council and document.

    They form the Exchange's "Council climate plans" collection (``choices.Collection``).
    Rows without a document address (councils where no plan was found) are skipped;
    a document listed twice for a council is imported once (the later row wins). A plan's
    date is its own period's (``_plan_date``); its themes come from its type and scope
    (``data/climate_plans.toml``). Dates after today and unmapped types are row warnings.
    """
    errors = ErrorCollector(source)
    codes = council_codes()
    if not codes:
        raise ImportFailed([RowError(source.name, None, None, "no councils are loaded; import the councils first")])
    names = dict(Council.objects.values_list("pk", "name"))
    report = ImportReport()
    today = timezone.localdate()
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
        kind = climate_plans.describe(row["type"], row.get("scope", ""))
        if not kind.known_type:
            report.warn(line, "type", f"{row['type'][:40]!r} is not in climate_plans.toml", action="no theme")
        if not kind.known_scope:
            report.warn(line, "scope", f"{row['scope'][:40]!r} is not in climate_plans.toml", action="no theme")
        council_name = names[council_id]
        title = " ".join(row["title"].split()) or f"{kind.label}: {council_name}"
        if len(title) > TITLE_MAX:
            errors.add(line, "title", f"longer than {TITLE_MAX} characters")
            continue
        period, plan_date = _plan_date(row, title, line, today, report)
        retrieved = _register_date(row, "date_retrieved", line, today, report)
        updated = _register_date(row, "last_update", line, today, report)
        out_of_date = row["out_of_date"].strip().lower() == "true"
        summary = f"{kind.label} published by {council_name}" + (f", for {period}." if period else ".")
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
                themes=kind.themes,
                service_areas=climate_plans.service_areas(),
                councils=(council_id,),
                date=plan_date,
                review_date=(retrieved or plan_date or updated or LONG_AGO) if out_of_date else None,
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
