"""Writes to councils outside the importers' own upserts."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from tiex.councils.models import ControlYear, Council


def council_refresh_control(*, council_ids: Iterable[int] | None = None) -> int:
    """Copy each council's latest ControlYear into Council.control / control_year; returns how many changed.

    Councils with no control rows are cleared. ``council_ids`` limits the refresh
    to those councils (default: all).
    """
    with transaction.atomic():
        councils = Council.objects.only("id", "control", "control_year")
        years = ControlYear.objects.order_by("council_id", "year")
        if council_ids is not None:
            ids = list(council_ids)
            councils, years = councils.filter(pk__in=ids), years.filter(council_id__in=ids)
        latest = {
            council_id: (year, control)
            for council_id, year, control in years.values_list("council_id", "year", "control")
        }
        changed = []
        for council in councils:
            year, control = latest.get(council.pk, (None, ""))
            if (council.control_year, council.control) != (year, control):
                council.control_year, council.control = year, control
                changed.append(council)
        Council.objects.bulk_update(changed, ["control", "control_year"], batch_size=500)
    return len(changed)
