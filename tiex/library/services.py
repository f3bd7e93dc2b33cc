"""Writes to the Exchange: resources, submissions and their moderation.

Resources are Wagtail pages under the one ``ExchangeIndexPage``. Each write goes
through Wagtail's own API (``add_child``, ``save_revision``, workflows), so the admin
shows the same history. Wagtail records every page action in its page history
(``PageLogEntry``); ``resource_history_recorded`` turns the Exchange's entries into
audit-log events and into e-mails to the person who submitted the resource, whoever
acted (a service here, an editor in the admin, or the scheduled-publishing command).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import GroupApprovalTask, Page, Site, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from tiex.accounts.permissions import require
from tiex.core.links import base_url
from tiex.core.services import audit_record
from tiex.councils.models import Council
from tiex.library.choices import RESERVED_SLUGS, EvidenceLevel, OutcomeKind, ResourceType
from tiex.library.models import ExchangeIndexPage, ResourceOutcome, ResourcePage, ServiceArea, Theme
from tiex.library.permissions import RESOURCE_MODERATE, RESOURCE_SUBMIT

EXCHANGE_SLUG = "exchange"
WORKFLOW_NAME = "Exchange moderation"
REVIEW_TASK_NAME = "Exchange editors' review"
EDITORS_GROUP = "Editors"  # the Wagtail group tiex.accounts keeps association editors in
MAX_SLUG_LENGTH = 80

# Wagtail page-history actions -> audit-log actions.
AUDITED_ACTIONS = {
    "wagtail.create": "resource.create",
    "wagtail.edit": "resource.edit",
    "wagtail.publish": "resource.publish",
    "wagtail.publish.scheduled": "resource.publish",
    "wagtail.unpublish": "resource.unpublish",
    "wagtail.unpublish.scheduled": "resource.unpublish",
    "wagtail.delete": "resource.delete",
    "wagtail.move": "resource.move",
    "wagtail.workflow.start": "resource.submit",
    "wagtail.workflow.resume": "resource.resubmit",
    "wagtail.workflow.approve": "resource.approve",
    "wagtail.workflow.reject": "resource.request_changes",
    "wagtail.workflow.cancel": "resource.cancel_review",
}


@dataclass(frozen=True)
class OutcomeData:
    kind: str = OutcomeKind.SAVING
    description: str = ""
    amount: Decimal | None = None
    period: str = ""
    status: str = "achieved"


@dataclass(frozen=True)
class ResourceData:
    """Everything a resource says, as plain values (body is clean HTML; taxonomy by slug; councils by id)."""

    title: str
    summary: str
    body: str = ""
    resource_type: str = ResourceType.CASE_STUDY
    themes: tuple[str, ...] = ()
    service_areas: tuple[str, ...] = ()
    councils: tuple[int, ...] = ()
    replicated_by: tuple[int, ...] = ()
    date: datetime.date | None = None
    review_date: datetime.date | None = None
    evidence_level: str = EvidenceLevel.DESCRIBED
    evidence_note: str = ""
    contact_name: str = ""
    contact_role: str = ""
    contact_email: str = ""
    external_url: str = ""
    licence: str = ""
    attribution: str = ""
    outcomes: tuple[OutcomeData, ...] = field(default_factory=tuple)
    is_demo: bool = False
    slug: str = ""


SIMPLE_FIELDS = (
    "title",
    "summary",
    "body",
    "resource_type",
    "date",
    "review_date",
    "evidence_level",
    "evidence_note",
    "contact_name",
    "contact_role",
    "contact_email",
    "external_url",
    "licence",
    "attribution",
    "is_demo",
)


# --- The Exchange's place in the page tree -----------------------------------------


def exchange_index_get() -> ExchangeIndexPage:
    """The Exchange's index page, created (with its moderation workflow) the first time it is needed."""
    index = ExchangeIndexPage.objects.first()
    if index is not None:
        return index
    with transaction.atomic():
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        parent = site.root_page if site is not None else Page.get_first_root_node()
        if parent is None:
            raise ValidationError("Wagtail's page tree is missing; run the migrations first.")
        index = ExchangeIndexPage(title="Exchange", slug=EXCHANGE_SLUG)
        parent.add_child(instance=index)
        index.save_revision().publish()
        _ensure_workflow(index)
    return index


def _ensure_workflow(index: ExchangeIndexPage) -> Workflow:
    """Submissions to the Exchange go through one review task for the association's editors."""
    link = WorkflowPage.objects.filter(page=index).select_related("workflow").first()
    if link is not None:
        return link.workflow
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
        task.groups.set([editors])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.workflow_tasks.exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=index)
    return workflow


def taxonomy_ensure() -> int:
    """Add any theme or service area of data/taxonomy.toml that is missing (migration 0002 adds them first)."""
    from tiex.library.taxonomy import seed_taxonomy

    with transaction.atomic():
        return seed_taxonomy(Theme, ServiceArea)


def resource_slug(title: str, *, taken: set[str] | None = None, wanted: str = "") -> str:
    """A readable slug for a new resource, unique in the Exchange (``taken`` saves a query per call)."""
    base = slugify(wanted or title)[:MAX_SLUG_LENGTH].strip("-") or "resource"
    if base in RESERVED_SLUGS:
        base = f"{base}-resource"
    if taken is None:
        existing = ResourcePage.objects.filter(slug__startswith=base).values_list("slug", flat=True)
        taken = set(existing)
    slug, number = base, 2
    while slug in taken:
        slug = f"{base[: MAX_SLUG_LENGTH - 6]}-{number}"
        number += 1
    taken.add(slug)
    return slug


# --- Resources -----------------------------------------------------------------------


def _taxonomy(model: Any, slugs: tuple[str, ...], label: str) -> list[Any]:
    found = {item.slug: item for item in model.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ValidationError(f"Unknown {label}: {', '.join(missing)}.")
    return [found[slug] for slug in slugs]


def _councils(ids: tuple[int, ...]) -> list[Council]:
    found = {council.pk: council for council in Council.objects.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(f"Unknown council id(s): {', '.join(map(str, missing))}.")
    return [found[pk] for pk in ids]


def _apply(page: ResourcePage, data: ResourceData) -> None:
    for name in SIMPLE_FIELDS:
        setattr(page, name, getattr(data, name))
    page.draft_title = data.title
    page.themes = _taxonomy(Theme, data.themes, "theme")
    page.service_areas = _taxonomy(ServiceArea, data.service_areas, "service area")
    page.councils = _councils(data.councils)
    page.replicated_by = _councils(data.replicated_by)
    page.outcomes = [
        ResourceOutcome(
            kind=outcome.kind,
            description=outcome.description,
            amount=outcome.amount,
            period=outcome.period,
            status=outcome.status,
        )
        for outcome in data.outcomes
    ]
    for outcome in page.outcomes.all():
        outcome.full_clean(exclude=["page"])


def resource_snapshot(page: ResourcePage) -> dict[str, Any]:
    """What a resource says, in a form two resources can be compared by."""
    snapshot = {name: getattr(page, name) for name in SIMPLE_FIELDS}
    snapshot["themes"] = sorted(theme.slug for theme in page.themes.all())
    snapshot["service_areas"] = sorted(area.slug for area in page.service_areas.all())
    snapshot["councils"] = sorted(council.pk for council in page.councils.all())
    snapshot["replicated_by"] = sorted(council.pk for council in page.replicated_by.all())
    snapshot["outcomes"] = [
        (o.kind, o.description, None if o.amount is None else Decimal(o.amount).normalize(), o.period, o.status)
        for o in page.outcomes.all()
    ]
    return snapshot


def data_snapshot(data: ResourceData) -> dict[str, Any]:
    snapshot = {name: getattr(data, name) for name in SIMPLE_FIELDS}
    snapshot["themes"] = sorted(data.themes)
    snapshot["service_areas"] = sorted(data.service_areas)
    snapshot["councils"] = sorted(data.councils)
    snapshot["replicated_by"] = sorted(data.replicated_by)
    snapshot["outcomes"] = [
        (o.kind, o.description, None if o.amount is None else Decimal(o.amount).normalize(), o.period, o.status)
        for o in data.outcomes
    ]
    return snapshot


def resource_create(
    *,
    actor: Any,
    data: ResourceData,
    publish: bool = True,
    source_dataset: str = "",
    source_key: str = "",
    owner: Any = None,
    submitted_by_council: Council | None = None,
) -> ResourcePage:
    """Create a resource (published, or as a draft), recorded in the page history and audit log."""
    with transaction.atomic():
        index = exchange_index_get()
        page = ResourcePage(
            slug=resource_slug(data.title, wanted=data.slug),
            live=False,
            owner=owner if owner is not None else (actor if getattr(actor, "is_authenticated", False) else None),
            source_dataset=source_dataset,
            source_key=source_key,
            submitted_by_council=submitted_by_council,
        )
        _apply(page, data)
        index.add_child(instance=page)
        user = actor if getattr(actor, "is_authenticated", False) else None
        log(instance=page, action="wagtail.create", user=user)
        revision = page.save_revision(user=user)
        if publish:
            revision.publish(user=user)
            page.refresh_from_db()
    return page


def resource_update(*, actor: Any, page: ResourcePage, data: ResourceData, publish: bool | None = None) -> ResourcePage:
    """Save a new revision of a resource; publish it when asked (by default: when the resource is live)."""
    with transaction.atomic():
        user = actor if getattr(actor, "is_authenticated", False) else None
        page = ResourcePage.objects.get(pk=page.pk)
        _apply(page, data)
        revision = page.save_revision(user=user, log_action=True)
        if publish if publish is not None else page.live:
            revision.publish(user=user)
            page.refresh_from_db()
    return page


def resource_upsert(
    *, actor: Any, data: ResourceData, source_dataset: str, source_key: str
) -> tuple[ResourcePage, str]:
    """Create or update the published resource with this natural key.

    Returns (page, "created" | "updated" | "unchanged")."""
    existing = ResourcePage.objects.filter(source_dataset=source_dataset, source_key=source_key).first()
    if existing is None:
        page = resource_create(actor=actor, data=data, source_dataset=source_dataset, source_key=source_key)
        return page, "created"
    if resource_snapshot(existing) == data_snapshot(data) and existing.live:
        return existing, "unchanged"
    return resource_update(actor=actor, page=existing, data=data, publish=True), "updated"


# Everything but the title, which a new page takes as its own argument.
CHILD_FIELDS = tuple(name for name in SIMPLE_FIELDS if name != "title")


@dataclass(frozen=True)
class BulkResource:
    data: ResourceData
    source_dataset: str = ""
    source_key: str = ""
    live: bool = True  # False: a draft (no revision until an editor first edits it)
    owner_id: int | None = None


def resources_bulk_create(*, items: list[BulkResource]) -> list[int]:
    """Create many resources (published, or drafts) in a few queries: for imports of thousands of rows.

    Creating pages one by one through Wagtail costs about 60 ms each (tree paths,
    validation, one search-index and one reference-index task per page). Here the tree
    rows are written with ``bulk_create`` (paths computed as treebeard would), the
    resource rows and links in bulk, and the search index is updated once at the end.
    The pages have no revisions until an editor first edits them, exactly like pages
    created before Wagtail's revisions existed; nothing is written to the page history
    (the import itself is recorded in the audit log, by ``run_import`` or the CSV import).
    """
    if not items:
        return []
    with transaction.atomic():
        index = exchange_index_get()
        index = ExchangeIndexPage.objects.select_for_update().get(pk=index.pk)
        content_type = ContentType.objects.get_for_model(ResourcePage)
        last = index.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) if last is not None else 0
        depth = index.depth + 1
        taken = set(ResourcePage.objects.values_list("slug", flat=True))
        now = timezone.now()
        rows = []
        for position, item in enumerate(items, start=1):
            slug = resource_slug(item.data.title, taken=taken, wanted=item.data.slug)
            rows.append(
                Page(
                    title=item.data.title,
                    draft_title=item.data.title,
                    slug=slug,
                    content_type=content_type,
                    path=Page._get_path(index.path, depth, step + position),
                    depth=depth,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=item.live,
                    has_unpublished_changes=not item.live,
                    first_published_at=now if item.live else None,
                    last_published_at=now if item.live else None,
                    locale_id=index.locale_id,
                    owner_id=item.owner_id,
                )
            )
        Page.objects.bulk_create(rows, batch_size=500)
        for row, item in zip(rows, items, strict=True):
            child = ResourcePage(
                page_ptr_id=row.pk,
                source_dataset=item.source_dataset,
                source_key=item.source_key,
                **{name: getattr(item.data, name) for name in CHILD_FIELDS},
            )
            child.save_base(raw=True, force_insert=True)
        Page.objects.filter(pk=index.pk).update(numchild=models.F("numchild") + len(items))
        _bulk_links(rows, items)
        ids = [row.pk for row in rows]
        _index_for_search(ids)
    return ids


@dataclass(frozen=True)
class BulkUpdate:
    page: ResourcePage
    data: ResourceData


def resources_bulk_update(*, actor: Any, items: list[BulkUpdate]) -> None:
    """Save new content for many resources in a few queries, each keeping its state (published or draft).

    What ``resource_update`` does page by page through Wagtail (about 200 ms each: cleaning,
    saving the page twice, the history, signals), here in bulk: the pages' rows and links,
    one revision each (a published page's revision is published: it becomes its live
    revision), the page history (``wagtail.edit``, and ``wagtail.publish`` for a published
    page), the audit events those entries stand for; the search and reference indexes once
    the transaction has committed. For imports, inside their transaction. Resources that change state (a draft to be
    published, a live one made a draft) and submissions (whose history e-mails their
    submitter) go through ``resource_update`` instead.
    """
    if not items:
        return
    from wagtail.models import PageLogEntry, Revision

    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(ResourcePage)
    base_content_type = ContentType.objects.get_for_model(Page)
    themes = Theme.objects.in_bulk(field_name="slug")
    areas = ServiceArea.objects.in_bulk(field_name="slug")
    councils = Council.objects.in_bulk({pk for item in items for pk in (*item.data.councils, *item.data.replicated_by)})
    with transaction.atomic():
        pages = ResourcePage.objects.in_bulk([item.page.pk for item in items])
        updated: list[tuple[ResourcePage, ResourceData]] = []
        for item in items:
            page, data = pages[item.page.pk], item.data
            for name in SIMPLE_FIELDS:
                setattr(page, name, getattr(data, name))
            page.draft_title = data.title
            page.themes = [themes[slug] for slug in data.themes]
            page.service_areas = [areas[slug] for slug in data.service_areas]
            page.councils = [councils[pk] for pk in data.councils]
            page.replicated_by = [councils[pk] for pk in data.replicated_by]
            page.outcomes = [
                ResourceOutcome(
                    kind=o.kind, description=o.description, amount=o.amount, period=o.period, status=o.status
                )
                for o in data.outcomes
            ]
            updated.append((page, data))
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type_id=content_type.pk,
                    base_content_type_id=base_content_type.pk,
                    object_id=str(page.pk),
                    object_str=str(page.title),
                    content=page.serializable_data(),
                    user=user,
                    created_at=now,
                )
                for page, _ in updated
            ],
            batch_size=500,
        )
        entries: list[Any] = []
        for (page, _), revision in zip(updated, revisions, strict=True):
            page.latest_revision = revision
            actions = ["wagtail.edit"]
            if page.live:
                page.live_revision = revision
                page.last_published_at = now
                page.has_unpublished_changes = False
                actions.append("wagtail.publish")
            else:
                page.has_unpublished_changes = True
            entries += [
                PageLogEntry(
                    content_type_id=content_type.pk,
                    page_id=page.pk,
                    revision=revision,
                    action=action,
                    label=str(page.title)[:255],
                    user=user,
                    timestamp=now,
                    data={},
                    content_changed=True,
                )
                for action in actions
            ]
        # One UPDATE per table and page: faster than bulk_update's CASE over thousands of rows.
        child_fields = [name for name in SIMPLE_FIELDS if name != "title"]
        for page, _ in updated:
            Page.objects.filter(pk=page.pk).update(
                title=page.title,
                draft_title=page.draft_title,
                latest_revision=page.latest_revision,
                live_revision=page.live_revision,
                last_published_at=page.last_published_at,
                has_unpublished_changes=page.has_unpublished_changes,
            )
            ResourcePage.objects.filter(pk=page.pk).update(**{name: getattr(page, name) for name in child_fields})
        ids = [page.pk for page, _ in updated]
        for link in (
            ResourcePage.themes,
            ResourcePage.service_areas,
            ResourcePage.councils,
            ResourcePage.replicated_by,
        ):
            link.through.objects.filter(resourcepage_id__in=ids).delete()
        ResourceOutcome.objects.filter(page_id__in=ids).delete()
        _bulk_links([page for page, _ in updated], [BulkResource(data=data) for _, data in updated])
        PageLogEntry.objects.bulk_create(entries, batch_size=500)
        for entry in entries:
            audit_record(
                actor=user,
                action=AUDITED_ACTIONS[entry.action],
                object_type=ResourcePage._meta.label_lower,
                object_id=str(entry.page_id),
                object_repr=entry.label,
                after={"wagtail_action": entry.action},
            )
        # Derived data, rebuilt after the commit: the write lock is held for the content only.
        transaction.on_commit(lambda: _reindex(ids))


def _reindex(ids: list[int]) -> None:
    """Wagtail's reference index and the search index for these resources, after an import's commit."""
    from wagtail.models import ReferenceIndex

    for page in ResourcePage.objects.filter(pk__in=ids):
        ReferenceIndex.create_or_update_for_object(page)
    _index_for_search(ids)


def _bulk_links(rows: list[Page], items: list[BulkResource]) -> None:
    themes = dict(Theme.objects.values_list("slug", "pk"))
    areas = dict(ServiceArea.objects.values_list("slug", "pk"))
    theme_links, area_links, council_links, replicated_links, outcomes = [], [], [], [], []
    for row, item in zip(rows, items, strict=True):
        data = item.data
        theme_links += [ResourcePage.themes.through(resourcepage_id=row.pk, theme_id=themes[s]) for s in data.themes]
        area_links += [
            ResourcePage.service_areas.through(resourcepage_id=row.pk, servicearea_id=areas[s])
            for s in data.service_areas
        ]
        council_links += [ResourcePage.councils.through(resourcepage_id=row.pk, council_id=c) for c in data.councils]
        replicated_links += [
            ResourcePage.replicated_by.through(resourcepage_id=row.pk, council_id=c) for c in data.replicated_by
        ]
        outcomes += [
            ResourceOutcome(
                page_id=row.pk,
                sort_order=position,
                kind=o.kind,
                description=o.description,
                amount=o.amount,
                period=o.period,
                status=o.status,
            )
            for position, o in enumerate(data.outcomes)
        ]
    for links in (theme_links, area_links, council_links, replicated_links, outcomes):
        if links:
            type(links[0]).objects.bulk_create(links, batch_size=1000)


def _index_for_search(ids: list[int]) -> None:
    from wagtail.search.backends import get_search_backends

    pages = list(ResourcePage.objects.filter(pk__in=ids).prefetch_related("themes", "service_areas", "councils"))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(ResourcePage, pages)


def resource_delete(*, actor: Any, page: ResourcePage) -> None:
    """Delete a resource (editors only); Wagtail's delete action records it in the history and audit log."""
    require(actor, RESOURCE_MODERATE, page)
    with transaction.atomic():
        page = ResourcePage.objects.get(pk=page.pk)
        page.delete(user=actor, skip_permission_checks=True)


# --- Submissions from council members ------------------------------------------------


def _prefer_exchange_emails(user: Any) -> None:
    """People without admin access hear about their submission from us, with links they can open;
    Wagtail's own moderation e-mails (which link to the admin) are switched off for them."""
    if user.has_perm("wagtailadmin.access_admin"):
        return
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.approved_notifications = False
    profile.rejected_notifications = False
    profile.save(update_fields=["approved_notifications", "rejected_notifications"])


def submission_create(*, user: Any, council: Council, data: ResourceData) -> ResourcePage:
    """A council member's case study: saved as a draft and sent to the editors' review."""
    require(user, RESOURCE_SUBMIT, council)
    with transaction.atomic():
        page = resource_create(
            actor=user,
            data=data,
            publish=False,
            owner=user,
            submitted_by_council=council,
        )
        _prefer_exchange_emails(user)
        workflow = page.get_workflow()
        if workflow is None:  # pragma: no cover - exchange_index_get always attaches one
            raise ValidationError("The Exchange has no moderation workflow.")
        workflow.start(page, user)
    return page


def submission_resubmit(*, user: Any, page: ResourcePage, data: ResourceData) -> ResourcePage:
    """The submitter's changes after an editor asked for them: a new revision, back into review."""
    page = ResourcePage.objects.get(pk=page.pk)
    state = page.current_workflow_state
    if page.owner_id != user.pk or state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        raise PermissionDenied("Only the submitter can change a submission, and only when changes were asked for.")
    require(user, RESOURCE_SUBMIT, page.submitted_by_council)
    with transaction.atomic():
        page = resource_update(actor=user, page=page, data=data, publish=False)
        state.refresh_from_db()
        state.resume(user=user)
    return page


def _current_task_state(page: ResourcePage) -> Any:
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS or state.current_task_state is None:
        raise ValidationError("This resource is not waiting for review.")
    return state.current_task_state


def submission_approve(*, user: Any, page: ResourcePage, comment: str = "") -> ResourcePage:
    """An editor approves a submission; the workflow then publishes it."""
    require(user, RESOURCE_MODERATE, page)
    with transaction.atomic():
        page = ResourcePage.objects.get(pk=page.pk)
        task_state = _current_task_state(page)
        task_state.task.specific.on_action(task_state, user, "approve", comment=comment)
        page.refresh_from_db()
    return page


def submission_request_changes(*, user: Any, page: ResourcePage, comment: str) -> ResourcePage:
    """An editor sends a submission back to its submitter with a comment."""
    require(user, RESOURCE_MODERATE, page)
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change."})
    with transaction.atomic():
        page = ResourcePage.objects.get(pk=page.pk)
        task_state = _current_task_state(page)
        task_state.task.specific.on_action(task_state, user, "reject", comment=comment.strip())
        page.refresh_from_db()
    return page


# --- History: audit log and e-mails ----------------------------------------------------

EMAILS = {
    "received": "We have received your case study: {title}",
    "changes_requested": "Changes requested to your case study: {title}",
    "published": "Your case study is published: {title}",
}


def _email_for(action: str, page: ResourcePage) -> str | None:
    if action in ("wagtail.workflow.start", "wagtail.workflow.resume"):
        return "received"
    if action == "wagtail.workflow.reject":
        return "changes_requested"
    if action in ("wagtail.publish", "wagtail.publish.scheduled") and page.last_published_at == page.first_published_at:
        return "published"
    return None


def _send_submitter_email(kind: str, page: ResourcePage, comment: str, site: str) -> None:
    owner = page.owner
    if owner is None or not owner.email or not owner.is_active:
        return
    context = {
        "page": page,
        "user": owner,
        "comment": comment,
        "submission_url": site + reverse("library:submission", args=[page.pk]),
        "resource_url": site + reverse("library:resource", args=[page.slug]),
        "submissions_url": site + reverse("library:submissions"),
    }
    body = render_to_string(f"library/email/submission_{kind}.txt", context)
    subject = EMAILS[kind].format(title=page.title)[:200]
    send_mail(subject, body, None, [owner.email])


def _send_editors_email(page: ResourcePage, action: str, site: str) -> None:
    """One e-mail to the editors for each submission (or resubmission) waiting for them.

    Wagtail's own moderation e-mails are switched off (tiex.library.apps): this is the only one."""
    from tiex.accounts.roles import Role
    from tiex.accounts.selectors import association_emails

    recipients = association_emails(role=Role.EDITOR) or association_emails(role=Role.ADMIN)
    if not recipients:
        return
    council = page.submitted_by_council
    context = {
        "page": page,
        "council": council,
        "submitter": page.owner,
        "resubmitted": action == "wagtail.workflow.resume",
        "review_url": site + reverse("wagtailadmin_pages:edit", args=[page.pk]),
    }
    body = render_to_string("library/email/submission_for_review.txt", context)
    subject = f"Case study to review: {page.title}"[:200]
    send_mail(subject, body, None, recipients)


def resource_history_recorded(*, entry: Any) -> None:
    """Called for each new Wagtail page-history entry: audit the Exchange's, and tell submitters."""
    if entry.content_type_id != ContentType.objects.get_for_model(ResourcePage).pk:
        return
    action = AUDITED_ACTIONS.get(entry.action)
    if action is None:
        return
    data = entry.data or {}
    comment = str(data.get("comment") or "")
    audit_record(
        actor=entry.user,
        action=action,
        object_type=ResourcePage._meta.label_lower,
        object_id=str(entry.page_id),
        object_repr=entry.label or "",
        after={"wagtail_action": entry.action, **({"comment": comment} if comment else {})},
    )
    if entry.action == "wagtail.delete":
        return
    page = ResourcePage.objects.filter(pk=entry.page_id).select_related("owner").first()
    if page is None or page.submitted_by_council_id is None:
        return
    kind = _email_for(entry.action, page)
    if kind is not None:
        # The address the editor or submitter is using (or TIEX_BASE_URL), taken now, while
        # the request is at hand: the e-mail is built after the commit (tiex/core/links.py).
        site = base_url()
        transaction.on_commit(lambda: _send_submitter_email(kind, page, comment, site))
        if kind == "received":
            transaction.on_commit(lambda: _send_editors_email(page, entry.action, site))
