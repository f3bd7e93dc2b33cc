"""The map's partnerships as data: the API's items, the JSON, GeoJSON and CSV downloads.

Plain values built from what ``selectors.partnership_search`` gives, so the API list, the
three downloads and the page always show the same partnerships and the same figures. Every
download carries the data licence, the attribution and the note on completeness.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest
from django.urls import reverse

from tiex.core.csv import Written
from tiex.partnerships import csv_lines
from tiex.partnerships.filters import KINDS, STATUSES
from tiex.partnerships.models import Partnership
from tiex.partnerships.selectors_table import DownloadTable, TableValues
from tiex.partnerships.totals import Totals

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Shared Services Map: partnerships and savings as councils report them to the association, via tiex"
COMPLETENESS = (
    "Not complete: the map lists the partnerships councils have reported, so some are missing. Savings are the "
    "councils' own figures, achieved or expected, with the evidence they gave; some partnerships have no savings "
    "figure, with the reason. Cumulative savings are the sum of each year's figures. Partnerships marked as demo "
    "(is_demo) are made up to show how the map works."
)


class Links:
    """Addresses of partnership pages and council profiles (absolute when there is a request);
    ``reverse`` runs once per kind, not once per item."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        base = request.build_absolute_uri("/")[:-1] if request is not None else ""
        self._partnership = base + reverse("partnerships:detail", args=[1])[: -len("1/")]
        self._council = base + reverse("councils:detail", args=["CODE"])[: -len("CODE/")]

    def partnership(self, pk: int) -> str:
        return f"{self._partnership}{pk}/"

    def council(self, code: str) -> str:
        return f"{self._council}{quote(code, safe='')}/"


def council_dict(council: Any, links: Links) -> dict[str, Any]:
    return {
        "gss": council.code,
        "name": council.name,
        "current": council.is_current,
        "url": links.council(council.code),
    }


def totals_dict(totals: Totals) -> dict[str, Any]:
    return {
        "financial_year": totals.year,
        "partnerships": totals.partnerships,
        "councils": totals.councils,
        "savings_in_year_gbp": totals.savings_in_year_gbp,
        "cumulative_savings_gbp": totals.cumulative_savings_gbp,
        "achieved_evidenced_gbp": totals.achieved_evidenced_gbp,
        "share_achieved_evidenced": totals.share_achieved_evidenced,
    }


def notes() -> dict[str, str]:
    return {"licence": LICENCE, "licence_url": LICENCE_URL, "attribution": ATTRIBUTION, "completeness": COMPLETENESS}


def partnership_dict(partnership: Partnership, links: Links) -> dict[str, Any]:
    """One partnership as ``api.PartnershipOut`` describes it (from partnership_search with categories)."""
    lead = partnership.lead_council
    return {
        "id": partnership.pk,
        "reference": partnership.reference,
        "name": partnership.name,
        "url": links.partnership(partnership.pk),
        "kind": partnership.kind,
        "kind_label": KINDS.get(partnership.kind, partnership.kind),
        "status": partnership.status,
        "status_label": STATUSES.get(partnership.status, partnership.status),
        "start_year": partnership.start_year,
        "end_year": partnership.end_year,
        "councils": [council_dict(m.council, links) for m in partnership.memberships.all()],
        "lead_council": council_dict(lead, links) if lead is not None else None,
        "categories": [
            {"identifier": c.identifier, "label": c.label, "level": c.level} for c in partnership.categories.all()
        ],
        "savings_in_year_gbp": partnership.savings_in_year_gbp,
        "savings_to_date_gbp": partnership.savings_to_date_gbp,
        "no_savings_reason": partnership.no_savings_reason,
        "is_demo": partnership.is_demo,
    }


def geojson(items: Iterable[Partnership], totals: Totals, links: Links) -> dict[str, Any]:
    """A FeatureCollection: a MultiPoint of each partnership's councils' centroids [lon, lat]
    (councils without one left out), with the totals, licence, attribution and completeness note.
    Its ``features`` is a generator, each built as it is written (tiex.core.json_download)."""
    features = (feature(partnership, links) for partnership in items)
    return {"type": "FeatureCollection", "totals": totals_dict(totals), **notes(), "features": features}


def feature(partnership: Partnership, links: Links) -> dict[str, Any]:
    """One partnership's Feature in ``geojson``."""
    councils = [m.council for m in partnership.memberships.all()]
    return {
        "type": "Feature",
        "id": partnership.pk,
        "geometry": {
            "type": "MultiPoint",
            "coordinates": [
                [c.longitude, c.latitude] for c in councils if c.latitude is not None and c.longitude is not None
            ],
        },
        "properties": {
            "id": partnership.pk,
            "reference": partnership.reference,
            "name": partnership.name,
            "kind": partnership.kind,
            "kind_label": KINDS.get(partnership.kind, partnership.kind),
            "status": partnership.status,
            "status_label": STATUSES.get(partnership.status, partnership.status),
            "url": links.partnership(partnership.pk),
            "councils": [{"gss": c.code, "name": c.name, "current": c.is_current} for c in councils],
            "savings_in_year_gbp": partnership.savings_in_year_gbp,
            "savings_to_date_gbp": partnership.savings_to_date_gbp,
            "is_demo": partnership.is_demo,
        },
    }


CSV_COLUMNS = (
    "reference",
    "name",
    "description",
    "kind",
    "status",
    "start_year",
    "end_year",
    "councils",
    "council_names",
    "other_partners",
    "lead_council",
    "categories",
    "savings_year",
    "savings_in_year_gbp",
    "savings_to_date_gbp",
    "no_savings_reason",
    "benefits",
    "benefit_tags",
    "contact_email",
    "is_demo",
    "url",
    "licence",
    "attribution",
    "completeness",
)
SHORT_COMPLETENESS = "Not complete: the partnerships councils have reported; see the map page for the full note"


def _heads(values: TableValues, year: int) -> Iterator[tuple[int, list[Any]]]:
    """Each partnership's id and its cells up to ``is_demo`` (the ones before ``url``), from plain
    values (lists separated by ";", councils by GSS code as the import reads them)."""
    empty: list[Any] = []
    councils, categories = values.councils, values.categories
    others, tags = values.other_partners, values.benefit_tags
    for (
        pk,
        reference,
        name,
        description,
        kind,
        status,
        start_year,
        end_year,
        lead_gss,
        lead_la,
        no_savings_reason,
        benefits,
        contact_email,
        is_demo,
        in_year,
        to_date,
    ) in values.partnerships:
        members = councils.get(pk, empty)
        yield (
            pk,
            [
                reference,
                name,
                description,
                kind,
                status,
                start_year,
                end_year,
                ";".join(code for code, _ in members),
                ";".join(council_name for _, council_name in members),
                ";".join(others.get(pk, empty)),
                lead_gss or lead_la or "",
                ";".join(categories.get(pk, empty)),
                year,
                in_year,
                to_date,
                no_savings_reason,
                benefits,
                ";".join(tags.get(pk, empty)),
                contact_email,
                is_demo,
            ],
        )


def csv_rows(table: DownloadTable, year: int, links: Links) -> Written:
    """The download's rows (``CSV_COLUMNS``), one per partnership of ``table`` in its order, as CSV
    text for ``tiex.core.csv.csv_response``: each row's text up to its url is written once per
    version of the data and kept (tiex/partnerships/csv_lines.py), so a download of thousands
    of partnerships builds no model instances and writes little."""
    return csv_lines.written(
        ids=table.ids,
        key=(table.version, year) if table.kept else None,
        rows=lambda: _heads(table.values(), year),
        url=links.partnership,
        tail=(LICENCE, ATTRIBUTION, SHORT_COMPLETENESS),
    )
