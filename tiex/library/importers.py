"""Resources in from files: the council climate action plans, and editors' CSV files.

Both follow tiex.core.importing: every row is checked, all problems are reported
together (file, line, field), nothing changes unless the whole file is good, a dry run
changes nothing, and a re-import of the same file changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tiex.core.datasets import DatasetSpec
from tiex.core.importing import ErrorCollector, ImportFailed, ImportReport, Progress, RowError, read_csv
from tiex.core.services import audit_record
from tiex.councils.models import Council, CouncilCode
from tiex.library import climate_plans, richtext, services
from tiex.library.choices import RESERVED_SLUGS, EvidenceLevel, OutcomeKind, OutcomeStatus, ResourceType, SavingPeriod
from tiex.library.models import BODY_FEATURES, ResourcePage, ServiceArea, Theme

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


# --- Editors' CSV files -------------------------------------------------------------------

RESOURCE_COLUMNS = (
    "slug",
    "title",
    "type",
    "status",
    "summary",
    "body",
    "themes",
    "service_areas",
    "councils",
    "replicated_by",
    "date",
    "review_date",
    "evidence_level",
    "evidence_note",
    "savings",
    "benefits",
    "contact_name",
    "contact_role",
    "contact_email",
    "external_url",
    "licence",
    "attribution",
)
RESOURCE_REQUIRED = ("title", "type", "summary")
STATUSES = ("published", "draft")
LIST_SEPARATOR = ";"
_SAVING = re.compile(
    r"^£?(?P<amount>[\d,]+(?:\.\d{1,2})?)\s+(?P<period>one-off|per-year|total)\s+(?P<status>achieved|expected)"
    r"(?:\s*:\s*(?P<description>.*))?$"
)
_BENEFIT = re.compile(r"^(?:(?P<status>achieved|expected)\s*:\s*)?(?P<description>.+)$")


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def format_saving(outcome: Any) -> str:
    amount = Decimal(outcome.amount).normalize()
    text = f"{amount:f} {outcome.period} {outcome.status}"
    return f"{text}: {outcome.description}" if outcome.description else text


def format_benefit(outcome: Any) -> str:
    return f"{outcome.status}: {outcome.description}"


def _parse_outcomes(row: dict[str, str], line: int, errors: ErrorCollector) -> tuple[services.OutcomeData, ...]:
    outcomes: list[services.OutcomeData] = []
    for item in split_list(row.get("savings", "")):
        match = _SAVING.match(item)
        if not match:
            errors.add(line, "savings", f"{item[:60]!r} is not like '250000 per-year achieved: what was saved'")
            continue
        try:
            amount = Decimal(match["amount"].replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern only admits numbers
            errors.add(line, "savings", f"{match['amount']!r} is not an amount")
            continue
        outcomes.append(
            services.OutcomeData(
                kind=OutcomeKind.SAVING,
                amount=amount,
                period=SavingPeriod(match["period"]),
                status=OutcomeStatus(match["status"]),
                description=(match["description"] or "").strip()[:300],
            )
        )
    for item in split_list(row.get("benefits", "")):
        match = _BENEFIT.match(item)
        assert match is not None  # the pattern matches any non-empty text
        outcomes.append(
            services.OutcomeData(
                kind=OutcomeKind.BENEFIT,
                status=OutcomeStatus(match["status"] or OutcomeStatus.ACHIEVED),
                description=match["description"].strip()[:300],
            )
        )
    return tuple(outcomes)


def _choice(
    row: dict[str, str], name: str, choices: Iterable[str], line: int, errors: ErrorCollector, default: str
) -> str:
    value = row.get(name, "").strip().lower() or default
    allowed = list(choices)
    if value not in allowed:
        errors.add(line, name, f"{value!r} is not one of: {', '.join(allowed)}")
    return value


def _date(row: dict[str, str], name: str, line: int, errors: ErrorCollector) -> datetime.date | None:
    value = row.get(name, "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors.add(line, name, f"{value!r} is not a date in the form YYYY-MM-DD")
        return None


def _slugs(row: dict[str, str], name: str, known: set[str], line: int, errors: ErrorCollector) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(split_list(row.get(name, ""))))
    unknown = [value for value in values if value not in known]
    if unknown:
        errors.add(line, name, f"unknown: {', '.join(unknown)}")
    return values


def _council_ids(
    row: dict[str, str], name: str, codes: dict[str, int], line: int, errors: ErrorCollector
) -> tuple[int, ...]:
    ids: list[int] = []
    for code in split_list(row.get(name, "")):
        pk = codes.get(code.upper())
        if pk is None:
            errors.add(line, name, f"no council has the code {code!r}")
        elif pk not in ids:
            ids.append(pk)
    return tuple(ids)


def _text(row: dict[str, str], name: str, limit: int, line: int, errors: ErrorCollector) -> str:
    value = " ".join(row.get(name, "").split())
    if len(value) > limit:
        errors.add(line, name, f"longer than {limit} characters")
    return value


def parse_resource_rows(source: Path) -> tuple[list[tuple[int, str, str, services.ResourceData]], int]:
    """Check every row of an editors' CSV file: ([(line, slug, status, data)], rows read). Raises ImportFailed."""
    errors = ErrorCollector(source)
    codes = council_codes()
    themes = set(Theme.objects.values_list("slug", flat=True))
    areas = set(ServiceArea.objects.values_list("slug", flat=True))
    parsed: list[tuple[int, str, str, services.ResourceData]] = []
    seen: dict[str, int] = {}
    count = 0
    for line, row in read_csv(source, RESOURCE_REQUIRED):
        count += 1
        title = _text(row, "title", TITLE_MAX, line, errors)
        if not title:
            errors.add(line, "title", "is required")
        summary = " ".join(row.get("summary", "").split())
        if not summary:
            errors.add(line, "summary", "is required")
        elif len(summary) > 1000:
            errors.add(line, "summary", "longer than 1000 characters")
        slug = slugify(row.get("slug", "").strip() or title)[: services.MAX_SLUG_LENGTH].strip("-")
        if row.get("slug", "").strip() and slug != row["slug"].strip():
            errors.add(line, "slug", "use only lower-case letters, digits and hyphens")
        if slug in RESERVED_SLUGS:
            errors.add(line, "slug", f"{slug!r} is used by the Exchange itself")
        if slug and slug in seen:
            errors.add(line, "slug", f"the same resource as line {seen[slug]} (slug {slug!r})")
        seen.setdefault(slug, line)
        email = row.get("contact_email", "").strip()
        if email:
            try:
                EmailValidator()(email)
            except ValidationError:
                errors.add(line, "contact_email", f"{email!r} is not an e-mail address")
        url = row.get("external_url", "").strip()
        if url and not _valid_url(url):
            errors.add(line, "external_url", f"{url[:80]!r} is not a web address")
        data = services.ResourceData(
            title=title,
            summary=summary,
            body=richtext.clean_html(richtext.text_to_html(row.get("body", "")), BODY_FEATURES)
            if row.get("body", "").strip()
            else "",
            resource_type=_choice(row, "type", ResourceType.values, line, errors, ""),
            themes=_slugs(row, "themes", themes, line, errors),
            service_areas=_slugs(row, "service_areas", areas, line, errors),
            councils=_council_ids(row, "councils", codes, line, errors),
            replicated_by=_council_ids(row, "replicated_by", codes, line, errors),
            date=_date(row, "date", line, errors),
            review_date=_date(row, "review_date", line, errors),
            evidence_level=_choice(row, "evidence_level", EvidenceLevel.values, line, errors, EvidenceLevel.DESCRIBED),
            evidence_note=row.get("evidence_note", "").strip(),
            contact_name=_text(row, "contact_name", 200, line, errors),
            contact_role=_text(row, "contact_role", 200, line, errors),
            contact_email=email,
            external_url=url,
            licence=_text(row, "licence", 100, line, errors),
            attribution=_text(row, "attribution", 300, line, errors),
            outcomes=_parse_outcomes(row, line, errors),
            slug=slug,
        )
        status = _choice(row, "status", STATUSES, line, errors, "published")
        parsed.append((line, slug, status, data))
    if count == 0:
        errors.add(None, None, "the file has no rows")
    errors.raise_if_any()
    return parsed, count


def import_resources(source: Path, *, actor: Any = None, dry_run: bool = False) -> ImportReport:
    """Create or update resources from an editors' CSV file, matched by slug (given, or made from the title)."""
    report = ImportReport(dataset="resources", source=str(source), dry_run=dry_run)
    with transaction.atomic():
        rows, report.rows = parse_resource_rows(source)
        existing = {
            page.slug: page
            for page in ResourcePage.objects.filter(slug__in=[slug for _, slug, _, _ in rows]).prefetch_related(
                "themes", "service_areas", "councils", "replicated_by", "outcomes"
            )
        }
        failures: list[RowError] = []
        for line, slug, status, data in rows:
            publish = status == "published"
            page = existing.get(slug)
            try:
                if page is None:
                    services.resource_create(actor=actor, data=data, publish=publish)
                    report.created += 1
                elif services.resource_snapshot(page) == services.data_snapshot(data) and page.live == publish:
                    report.unchanged += 1
                else:
                    services.resource_update(actor=actor, page=page, data=data, publish=publish)
                    report.updated += 1
            except ValidationError as exc:
                failures.append(RowError(source.name, line, None, "; ".join(exc.messages)))
        if failures:
            raise ImportFailed(failures)
        audit_record(
            actor=actor,
            actor_label=None if actor is not None else "command line",
            action="resource.import",
            object_type="library.resourcepage",
            object_repr=source.name[:200],
            after={
                "source": str(source),
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "dry_run": dry_run,
            },
        )
        if dry_run:
            transaction.set_rollback(True)
    return report
