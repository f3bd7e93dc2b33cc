"""Resources out as CSV, in the same columns the editors' import reads (so an export can be edited and imported).

Imported again unedited, an export changes nothing (tiex.library.resource_csv; docs/library.md).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from tiex.library import richtext
from tiex.library.choices import OutcomeKind
from tiex.library.models import ResourcePage
from tiex.library.resource_csv import LIST_SEPARATOR, RESOURCE_COLUMNS, format_benefit, format_saving

DOWNLOAD_COLUMNS = ["id", "url", *RESOURCE_COLUMNS]
_JOIN = f"{LIST_SEPARATOR} "


def resource_row(page: ResourcePage, request: HttpRequest | None = None) -> list[Any]:
    """One resource as a CSV row in DOWNLOAD_COLUMNS order (uses the selector's prefetches)."""
    path = reverse("library:resource", args=[page.slug])
    outcomes = list(page.outcomes.all())
    values = {
        "id": page.pk,
        "url": request.build_absolute_uri(path) if request is not None else path,
        "slug": page.slug,
        "title": page.title,
        "type": page.resource_type,
        "status": "published" if page.live else "draft",
        "summary": page.summary,
        "body": richtext.html_to_text(page.body),
        "themes": _JOIN.join(theme.slug for theme in page.themes.all()),
        "service_areas": _JOIN.join(area.slug for area in page.service_areas.all()),
        "councils": _JOIN.join(council.code for council in page.councils.all()),
        "replicated_by": _JOIN.join(council.code for council in page.replicated_by.all()),
        "date": page.date.isoformat() if page.date else "",
        "review_date": page.review_date.isoformat() if page.review_date else "",
        "evidence_level": page.evidence_level,
        "evidence_note": page.evidence_note,
        "savings": _JOIN.join(format_saving(o) for o in outcomes if o.kind == OutcomeKind.SAVING),
        "benefits": _JOIN.join(format_benefit(o) for o in outcomes if o.kind == OutcomeKind.BENEFIT),
        "contact_name": page.contact_name,
        "contact_role": page.contact_role,
        "contact_email": page.contact_email,
        "external_url": page.external_url,
        "licence": page.licence,
        "attribution": page.attribution,
        "demo": "true" if page.is_demo else "false",
    }
    return [values[column] for column in DOWNLOAD_COLUMNS]
