"""Editors' CSV files of Exchange resources: the format the admin exports and imports.

The columns are RESOURCE_COLUMNS (docs/library.md, "Import and export"). An export
imported again unedited changes nothing: the export's formula neutralisation is
undone exactly (tiex.core.csv), the demo flag is a column, and text is compared in the
form the import stores it (whitespace runs as one space; the body as the plain text
the export writes), so a row whose text means the same is "unchanged" and is not
written.

An import has two phases (docs/decisions/0006-imports-prepare-then-write.md):
``prepare_resources`` reads the file, checks every row and works out what to create
and update, with reads only and outside any transaction, so the rest of the site can
write meanwhile; the returned ``Prepared.write`` then makes the changes in one short
transaction (new resources in bulk; changed ones as a new revision each), after
checking that none of the resources it is about to change was changed in between.
A dry run is the first phase alone. All or nothing either way.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.text import slugify

from tiex.core.importing import ErrorCollector, ImportFailed, ImportReport, Prepared, Progress, RowError, read_csv
from tiex.core.services import audit_record
from tiex.library import richtext, services, text
from tiex.library.choices import RESERVED_SLUGS, EvidenceLevel, OutcomeKind, OutcomeStatus, ResourceType, SavingPeriod
from tiex.library.importers import TITLE_MAX, URL_MAX, council_codes
from tiex.library.models import BODY_FEATURES, ResourceOutcome, ResourcePage, ServiceArea, Theme

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
    "demo",
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


DEMO_VALUES = {"true": True, "yes": True, "false": False, "no": False, "": False}
# Text fields the import tidies (whitespace runs as one space), compared in that form.
TIDIED_FIELDS = ("title", "summary", "contact_name", "contact_role", "licence", "attribution")


def _valid_url(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return len(value) <= URL_MAX


def _demo(row: dict[str, str], line: int, errors: ErrorCollector) -> bool:
    value = row.get("demo", "").strip().lower()
    if value not in DEMO_VALUES:
        errors.add(line, "demo", f"{value!r} is not true or false")
    return DEMO_VALUES.get(value, False)


def _check_model_rules(data: services.ResourceData, line: int, errors: ErrorCollector) -> None:
    """What the models would refuse when saving (lengths, choices, addresses), found before any write."""
    page = ResourcePage(**{name: getattr(data, name) for name in services.SIMPLE_FIELDS})
    checked = set(services.SIMPLE_FIELDS) - {"title", "resource_type", "evidence_level"}  # those are checked above
    try:
        page.clean_fields(exclude=[f.name for f in ResourcePage._meta.fields if f.name not in checked])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.add(line, name, "; ".join(messages))
    for name in ("title", "summary"):  # as ResourcePage.clean() refuses in the admin and the form
        if text.is_invisible(getattr(data, name) or ""):
            errors.add(line, name, f"The {name} has only invisible characters: enter text people can read.")
    for outcome in data.outcomes:
        try:
            ResourceOutcome(
                kind=outcome.kind,
                description=outcome.description,
                amount=outcome.amount,
                period=outcome.period,
                status=outcome.status,
            ).full_clean(exclude=["page", "sort_order"])
        except ValidationError as exc:
            errors.add(line, "savings" if outcome.kind == OutcomeKind.SAVING else "benefits", "; ".join(exc.messages))


@dataclass(frozen=True)
class ResourceRow:
    line: int
    slug: str
    publish: bool
    data: services.ResourceData
    demo_given: bool  # False when the file has no demo column: an existing resource keeps its flag


def parse_resource_rows(source: Path, *, progress: Progress | None = None) -> tuple[list[ResourceRow], int]:
    """Check every row of an editors' CSV file: ([ResourceRow], rows read). Raises ImportFailed. Reads only."""
    errors = ErrorCollector(source)
    codes = council_codes()
    themes = set(Theme.objects.values_list("slug", flat=True))
    areas = set(ServiceArea.objects.values_list("slug", flat=True))
    total = sum(1 for _ in read_csv(source, RESOURCE_REQUIRED))
    parsed: list[ResourceRow] = []
    seen: dict[str, int] = {}
    count = 0
    for line, row in read_csv(source, RESOURCE_REQUIRED, unneutralise=True):
        count += 1
        if progress:
            progress(count, total)
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
            body=importable_body(row.get("body", "")),
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
            is_demo=_demo(row, line, errors),
            slug=slug,
        )
        _check_model_rules(data, line, errors)
        status = _choice(row, "status", STATUSES, line, errors, "published")
        parsed.append(ResourceRow(line, slug, status == "published", data, demo_given="demo" in row))
    if count == 0:
        errors.add(None, None, "the file has no rows")
    errors.raise_if_any()
    return parsed, count


def _as_stored(page: ResourcePage, data: services.ResourceData, *, demo_given: bool) -> services.ResourceData:
    """The row's data, with each value that means what the resource already says taken as the resource has it.

    So an exported resource imported again compares equal, whatever form its text was
    stored in: a body written in the editor (entities, markup the export leaves out of
    its plain text), a title with a double space.
    """
    same: dict[str, Any] = {}
    for name in TIDIED_FIELDS:
        if " ".join(str(getattr(page, name)).split()) == getattr(data, name):
            same[name] = getattr(page, name)
    if page.evidence_note.strip() == data.evidence_note:
        same["evidence_note"] = page.evidence_note
    if importable_body(richtext.html_to_text(page.body)) == data.body:
        same["body"] = page.body  # the text is unchanged: keep the body as written, markup and all
    if not demo_given:
        same["is_demo"] = page.is_demo
    stored = list(page.outcomes.all())
    by_value = {(o.kind, o.description.strip()[:300]): o.description for o in stored}
    outcomes = [replace(o, description=by_value.get((o.kind, o.description), o.description)) for o in data.outcomes]
    # The export lists savings before benefits; the same outcomes in another order are the same.
    order = {(o.kind, o.description): position for position, o in enumerate(stored)}
    if sorted(order) == sorted((o.kind, o.description) for o in outcomes):
        outcomes.sort(key=lambda o: order[(o.kind, o.description)])
    return replace(data, **same, outcomes=tuple(outcomes), slug=page.slug)


def importable_body(text: str) -> str:
    """The body the import stores for this cell: plain text as rich text, limited to the allowed features."""
    return richtext.clean_html(richtext.text_to_html(text), BODY_FEATURES) if text.strip() else ""


def _version(page: ResourcePage) -> tuple[Any, ...]:
    """What changes whenever anyone saves or publishes a resource."""
    return (page.latest_revision_id, page.live, page.last_published_at, page.has_unpublished_changes)


@dataclass
class ResourcePlan:
    creates: list[ResourceRow]
    updates: list[tuple[ResourceRow, ResourcePage, tuple[Any, ...]]]


def prepare_resources(source: Path, *, actor: Any = None, progress: Progress | None = None) -> Prepared:
    """Read and check an editors' CSV file and work out every change, with reads only (no transaction).

    Returns the report the import will give and ``write``, which makes the changes; call
    it inside a transaction (``import_resources`` does). Raises ImportFailed.
    """
    rows, count = parse_resource_rows(source, progress=progress)
    report = ImportReport(dataset="resources", source=str(source), rows=count)
    existing = {
        page.slug: page
        for page in ResourcePage.objects.filter(slug__in=[row.slug for row in rows]).prefetch_related(
            "themes", "service_areas", "councils", "replicated_by", "outcomes"
        )
    }
    plan = ResourcePlan(creates=[], updates=[])
    for row in rows:
        page = existing.get(row.slug)
        if page is None:
            plan.creates.append(row)
            continue
        data = _as_stored(page, row.data, demo_given=row.demo_given)
        if services.resource_snapshot(page) == services.data_snapshot(data) and page.live == row.publish:
            report.unchanged += 1
        else:
            plan.updates.append((replace(row, data=data), page, _version(page)))
    report.created, report.updated = len(plan.creates), len(plan.updates)

    def write() -> None:
        _write(plan, report, source, actor)

    return Prepared(report=report, write=write)


def _write(plan: ResourcePlan, report: ImportReport, source: Path, actor: Any) -> None:
    if not plan.creates and not plan.updates:
        return  # nothing changes: nothing is written, nothing is audited
    _refuse_if_changed_meanwhile(plan, source)
    user = actor if getattr(actor, "is_authenticated", False) else None
    services.resources_bulk_create(
        items=[
            services.BulkResource(data=row.data, live=row.publish, owner_id=user.pk if user else None)
            for row in plan.creates
        ]
    )
    # Resources that keep their state are saved in bulk; the few that change it (or are
    # submissions, whose history e-mails the submitter) one by one, through Wagtail.
    same_state = [(row, page) for row, page, _ in plan.updates if _bulk_updatable(page, row)]
    services.resources_bulk_update(
        actor=actor, items=[services.BulkUpdate(page=page, data=row.data) for row, page in same_state]
    )
    failures: list[RowError] = []
    for row, page, _ in plan.updates:
        if _bulk_updatable(page, row):
            continue
        try:
            services.resource_update(actor=actor, page=page, data=row.data, publish=row.publish)
        except ValidationError as exc:
            failures.append(RowError(source.name, row.line, None, "; ".join(exc.messages)))
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
            "created_slugs": [row.slug for row in plan.creates][:1000],
            "updated_slugs": [row.slug for row, _, _ in plan.updates][:1000],
        },
    )


def _bulk_updatable(page: ResourcePage, row: ResourceRow) -> bool:
    return page.live == row.publish and page.submitted_by_council_id is None


def _refuse_if_changed_meanwhile(plan: ResourcePlan, source: Path) -> None:
    """Someone saved a resource, or made one with a slug to be created, while the file was checked."""
    changed: list[RowError] = []
    wanted = {row.slug: row for row in plan.creates}
    for slug in ResourcePage.objects.filter(slug__in=wanted).values_list("slug", flat=True):
        changed.append(RowError(source.name, wanted[slug].line, "slug", f"a resource {slug!r} was created meanwhile"))
    versions = {
        page.pk: _version(page)
        for page in ResourcePage.objects.select_for_update()  # PostgreSQL: no one saves them until the commit
        .filter(pk__in=[page.pk for _, page, _ in plan.updates])
        .only("latest_revision_id", "live", "last_published_at", "has_unpublished_changes")
    }
    for row, page, version in plan.updates:
        if versions.get(page.pk) != version:
            changed.append(RowError(source.name, row.line, None, f"{row.slug!r} was changed or deleted meanwhile"))
    if changed:
        changed.append(RowError(source.name, None, None, "nothing was changed; import the file again"))
        raise ImportFailed(changed)


def import_resources(
    source: Path, *, actor: Any = None, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Create or update resources from an editors' CSV file, matched by slug (given, or made from the title).

    The file is read and checked outside any transaction; the changes are written in one
    short one. A dry run never opens a transaction.
    """
    prepared = prepare_resources(source, actor=actor, progress=progress)
    report = prepared.report
    report.dry_run = dry_run
    if not dry_run and (report.created or report.updated):
        with transaction.atomic():
            prepared.write()
    return report
