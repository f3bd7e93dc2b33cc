"""Partnerships out as CSV, in exactly the columns ``tiex import partnerships`` reads.

One row per partnership and dated savings row (the partnership's columns repeated), in
financial-year order, each with the savings to date up to that year (the earlier-years
row included), so the earlier-years row reads back as the same difference. A
partnership with only an earlier-years row has one row with no year and its savings to
date; one with no savings has one row with its reason. Imported again unedited, an
export changes nothing (tests/test_round_trip.py): councils are written by name when the
name finds the same council again and by code otherwise, categories by label unless two
share it. The staff download (/admin/shared-services/export.csv) and ``tiex export
partnerships PATH`` both write it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tiex.core.csv import BYTE_ORDER_MARK, render_csv
from tiex.partnerships import csv_format as fmt
from tiex.partnerships.lookups import CategoryLookup, CouncilLookup
from tiex.partnerships.models import Partnership
from tiex.partnerships.selectors import partnership_list

COLUMNS = fmt.COLUMNS


def export_rows(*, include_demo: bool = True) -> Iterator[list[Any]]:
    """The rows of the export (without the header), partnerships by reference."""
    councils = CouncilLookup()
    categories = CategoryLookup()
    for partnership in partnership_list(include_demo=include_demo).order_by("reference"):
        yield from partnership_rows(partnership, councils, categories)


def partnership_rows(
    partnership: Partnership, councils: CouncilLookup, categories: CategoryLookup
) -> Iterator[list[Any]]:
    base = {
        "reference": partnership.reference,
        "name": partnership.name,
        "description": partnership.description,
        "kind": fmt.kind_label(partnership.kind),
        "status": fmt.status_label(partnership.status),
        "start_year": partnership.start_year,
        "end_year": partnership.end_year,
        "councils": fmt.join_list(councils.cell(m.council_id) for m in partnership.memberships.all()),
        "other_partners": fmt.format_other_partners((p.name, p.kind) for p in partnership.other_partners.all()),
        "lead_council": councils.cell(partnership.lead_council_id) if partnership.lead_council_id else "",
        "categories": fmt.join_list(categories.cell(c.identifier, c.label) for c in partnership.categories.all()),
        "no_savings_reason": partnership.no_savings_reason,
        "benefits": fmt.format_benefits((t.tag for t in partnership.benefit_tags.all()), partnership.benefits),
        "contact_email": partnership.contact_email,
    }
    rows = list(partnership.savings.all())
    earlier = [row for row in rows if row.financial_year is None]
    dated = sorted((row for row in rows if row.financial_year is not None), key=lambda row: row.financial_year or 0)
    to_date = sum(row.amount_gbp for row in earlier)
    if not dated:
        savings = {}
        if earlier:
            savings = {
                "savings_to_date_gbp": to_date,
                "savings_basis": fmt.format_basis(earlier[0].status, earlier[0].evidence),
            }
        yield [{**base, **savings}.get(column, "") for column in COLUMNS]
        return
    for row in dated:
        to_date += row.amount_gbp
        savings = {
            "savings_year": fmt.format_financial_year(row.financial_year),
            "savings_in_year_gbp": row.amount_gbp,
            "savings_to_date_gbp": to_date,
            "savings_basis": fmt.format_basis(row.status, row.evidence),
        }
        yield [{**base, **savings}.get(column, "") for column in COLUMNS]


def export_text(*, include_demo: bool = True) -> str:
    return render_csv(COLUMNS, export_rows(include_demo=include_demo))


def export_to_file(path: Path, *, include_demo: bool = True) -> int:
    """Write the export to ``path`` (UTF-8 with a byte-order mark, as the download); return the partnerships written."""
    path.write_text(BYTE_ORDER_MARK + export_text(include_demo=include_demo), encoding="utf-8", newline="")
    return partnership_list(include_demo=include_demo).count()
