"""What the council directory (tiex/councils/views.py) shows of the finance filters: the applied
filters' labels, the indicator beside each row, and the downloads' flattened columns."""

from __future__ import annotations

from typing import Any

from tiex.finance.profile import percent
from tiex.finance.selectors import (
    CHANGE_INDICATORS,
    INDICATOR_FIELDS,
    INDICATOR_NAMES,
    SUMMARY_FIELDS,
    shown_indicator,
    sort_indicator,
)

# The CSV download's finance columns: each field of FinanceIndicatorsOut, prefixed.
FINANCE_CSV_COLUMNS = [f"finance_{name}" for name in SUMMARY_FIELDS]


def active_finance_filters(filters: Any) -> list[tuple[str, str]]:
    """(label, query parameter to drop) for each finance filter applied."""
    active = []
    indicator = filters.finance_indicator
    if indicator:
        name = INDICATOR_NAMES[indicator]
        change = indicator in CHANGE_INDICATORS
        bounds = []
        if filters.finance_min is not None:
            bounds.append(f"at least {percent(filters.finance_min, change=change)}")
        if filters.finance_max is not None:
            bounds.append(f"at most {percent(filters.finance_max, change=change)}")
        active.append((f"{name}: {' and '.join(bounds) or 'known'}", "finance_indicator"))
    if sort_indicator(filters.finance_sort):
        order = "highest first" if filters.finance_sort.startswith("-") else "lowest first"
        active.append(
            (f"Ordered by {INDICATOR_NAMES[sort_indicator(filters.finance_sort)].lower()}, {order}", "finance_sort")
        )
    return active


def finance_cell(row: dict[str, Any]) -> dict[str, str] | None:
    """The indicator a directory row shows (when the list is filtered or sorted by one), from its values."""
    for key in row:
        if key.startswith("finance_summary__") and key != "finance_summary__last_year":
            indicator = next(name for name, field in INDICATOR_FIELDS.items() if key.endswith(f"__{field}"))
            value = row[key]
            return {
                "name": INDICATOR_NAMES[indicator],
                "value": percent(value, change=indicator in CHANGE_INDICATORS),
                "year": row.get("finance_summary__last_year") or "",
            }
    return None


def flatten_finance(item: dict[str, Any]) -> dict[str, Any]:
    """A download row with its nested "finance" as finance_* columns (empty when the council has none)."""
    finance = item.get("finance") or {}
    for name in SUMMARY_FIELDS:
        item[f"finance_{name}"] = finance.get(name)
    return item


__all__ = ["FINANCE_CSV_COLUMNS", "active_finance_filters", "finance_cell", "flatten_finance", "shown_indicator"]
