"""Writes: the per-council indicator summaries, rebuilt from the outturn rows after every import."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from django.db import transaction

from tiex.finance.indicators import YearFigures, indicators
from tiex.finance.models import FinanceSummary, RevenueOutturn

FIGURE_FIELDS = (
    "financial_year",
    "net_revenue_expenditure",
    "council_tax_requirement",
    "earmarked_reserves_start",
    "unallocated_reserves_start",
    "earmarked_reserves_end",
    "unallocated_reserves_end",
    "status",
)


SUMMARY_FIELDS = [field.name for field in FinanceSummary._meta.concrete_fields if field.name not in {"id", "council"}]


def finance_summaries_refresh() -> int:
    """Recompute every council's FinanceSummary from its RevenueOutturn rows; returns how many changed.

    Unchanged summaries are left as they are (re-importing a workbook changes nothing), and a
    council left without outturn rows loses its summary.
    """
    with transaction.atomic():
        years: dict[int, list[YearFigures]] = defaultdict(list)
        for council_id, *values in RevenueOutturn.objects.order_by().values_list("council_id", *FIGURE_FIELDS):
            years[council_id].append(YearFigures(*values))
        existing = {summary.council_id: summary for summary in FinanceSummary.objects.all()}
        creates, updates = [], []
        for council_id, figures in years.items():
            result = indicators(figures)
            if result is None:
                continue
            values = asdict(result)
            summary = existing.get(council_id)
            if summary is None:
                creates.append(FinanceSummary(council_id=council_id, **values))
            elif any(getattr(summary, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(summary, name, value)
                updates.append(summary)
        FinanceSummary.objects.bulk_create(creates)
        if updates:
            FinanceSummary.objects.bulk_update(updates, SUMMARY_FIELDS)
        stale = set(existing) - set(years)
        if stale:
            FinanceSummary.objects.filter(council_id__in=stale).delete()
        changed = len(creates) + len(updates) + len(stale)
    return changed
