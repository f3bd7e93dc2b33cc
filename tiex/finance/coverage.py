"""A financial indicator beside each council of the peer challenge coverage view
(tiex/peer_challenges/views_coverage.py): financial pressure next to the last challenge date."""

from __future__ import annotations

from typing import Any

from tiex.finance.profile import percent
from tiex.finance.selectors import finance_briefs


def add_finance(rows: list[dict[str, Any]]) -> None:
    """Give each coverage row (a dict with "council", which has an ``id``) a "finance" entry: the
    usable reserves ratio and the change in unallocated reserves as text, or None. One query."""
    briefs = finance_briefs([row["council"].id for row in rows])
    for row in rows:
        brief = briefs.get(row["council"].id)
        row["finance"] = (
            None
            if brief is None
            else {
                "reserves_ratio": percent(brief.reserves_ratio),
                "unallocated_change": percent(brief.unallocated_change, change=True),
                "period": f"{brief.first_year} to {brief.last_year}",
                "fell_by_a_quarter": brief.unallocated_change is not None and brief.unallocated_change <= -25,
            }
        )
