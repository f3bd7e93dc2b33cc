"""Closed demo refresh rounds, made from the demo partnerships already loaded.

``load_demo_rounds()`` is for the partnerships demo loader (``tiex demo``) to call once the
demo partnerships are in. It replaces the demo rounds (``RefreshRound.is_demo``) with four
closed rounds, one for each financial year the association published a map for: 2012/13
(the 2013 map), 2016/17, 2017/18 and 2018/19 (the 2019 map). In each round:

* a demo partnership is confirmed when it counts in that year (started by then, not yet
  ended) and has a savings figure for the year or a reason for having none; it is "added"
  in the year it started. The rest stay unconfirmed, so the latest round (2018/19) leaves
  the partnerships with neither savings nor a reason unconfirmed, as the data quality view
  shows;
* every current principal council in England has a return: submitted when one of the
  council's partnerships was confirmed, otherwise not started.

Nothing real is touched: only demo rounds are deleted and only demo partnerships confirmed.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q

from tiex.partnerships import selectors_refresh
from tiex.partnerships.models import (
    ConfirmationOutcome,
    CouncilReturn,
    Partnership,
    PartnershipConfirmation,
    PartnershipCouncil,
    RefreshRound,
    ReturnStatus,
    Savings,
)

DEMO_ROUND_YEARS = (2012, 2016, 2017, 2018)


def _moment(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


def load_demo_rounds() -> str:
    """Replace the demo rounds with closed rounds for DEMO_ROUND_YEARS; a one-line summary."""
    with transaction.atomic():
        RefreshRound.objects.filter(is_demo=True).delete()
        demo = Partnership.objects.filter(is_demo=True)
        if not demo.exists():
            return "no demo partnerships, so no demo refresh rounds"
        taken = set(RefreshRound.objects.values_list("financial_year", flat=True))
        council_ids = list(selectors_refresh.councils_asked().values_list("pk", flat=True))
        members: dict[int, set[int]] = {}
        for partnership_id, council_id in PartnershipCouncil.objects.filter(partnership__in=demo).values_list(
            "partnership_id", "council_id"
        ):
            members.setdefault(partnership_id, set()).add(council_id)
        made = []
        for year in DEMO_ROUND_YEARS:
            if year in taken:
                continue  # a real round for that year stands
            closed_at = _moment(year + 1, 7, 31)
            refresh_round = RefreshRound.objects.create(
                financial_year=year,
                opens_on=datetime.date(year + 1, 5, 1),
                closes_on=datetime.date(year + 1, 6, 30),
                opened_at=_moment(year + 1, 5, 1),
                closed_at=closed_at,
                is_demo=True,
            )
            counted = demo.filter(Q(start_year__isnull=True) | Q(start_year__lte=year)).filter(
                Q(end_year__isnull=True) | Q(end_year__gt=year)
            )
            with_figure = Savings.objects.filter(financial_year=year).values("partnership_id")
            confirmed = list(
                counted.filter(Q(pk__in=with_figure) | ~Q(no_savings_reason="")).values_list("pk", "start_year")
            )
            PartnershipConfirmation.objects.bulk_create(
                PartnershipConfirmation(
                    round=refresh_round,
                    partnership_id=pk,
                    outcome=ConfirmationOutcome.ADDED if start_year == year else ConfirmationOutcome.CONFIRMED,
                    confirmed_at=closed_at,
                )
                for pk, start_year in confirmed
            )
            answered = set().union(*(members.get(pk, set()) for pk, _ in confirmed)) if confirmed else set()
            CouncilReturn.objects.bulk_create(
                CouncilReturn(
                    round=refresh_round,
                    council_id=council_id,
                    status=ReturnStatus.SUBMITTED if council_id in answered else ReturnStatus.NOT_STARTED,
                    submitted_at=closed_at if council_id in answered else None,
                )
                for council_id in council_ids
            )
            made.append(f"{refresh_round.financial_year_display} ({len(confirmed)} confirmed)")
    return f"closed demo refresh rounds: {', '.join(made) or 'none'}"
