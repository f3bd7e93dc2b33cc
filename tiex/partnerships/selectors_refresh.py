"""Reads for keeping the map current: refresh rounds, councils' returns, unconfirmed partnerships
and the data quality view (docs/partnerships.md, "Keeping it current").

Kept apart from selectors.py (the list, filters and totals) so each can grow on its own.

*Unconfirmed*: a partnership that is still going (not ended, and no end year on or before
the round's year) and that no return confirmed, updated or added in the **latest round**
(the round with the highest financial year, open or closed). With no round at all,
nothing is unconfirmed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from tiex.councils.models import Council, Nation
from tiex.partnerships.models import (
    CouncilReturn,
    Partnership,
    PartnershipConfirmation,
    PartnershipCouncil,
    PartnershipStatus,
    RefreshRound,
    ReturnStatus,
    Savings,
    SavingsEvidence,
)

NO_REGION = "No region recorded"


# --- Rounds and returns -------------------------------------------------------------------


def councils_asked() -> QuerySet[Council]:
    """The councils a round asks for a return: every current principal council in England."""
    return Council.objects.principal().filter(nation=Nation.ENGLAND).order_by("name")


def round_list() -> list[RefreshRound]:
    """Every round, latest year first, each with ``submitted_count`` and ``return_count``."""
    rounds = list(RefreshRound.objects.order_by("-financial_year"))
    counts = Counter((round_id, status) for round_id, status in CouncilReturn.objects.values_list("round_id", "status"))
    for refresh_round in rounds:
        submitted = counts[(refresh_round.pk, ReturnStatus.SUBMITTED)]
        refresh_round.submitted_count = submitted  # type: ignore[attr-defined]
        refresh_round.return_count = sum(  # type: ignore[attr-defined]
            counts[(refresh_round.pk, status)] for status in ReturnStatus.values
        )
    return rounds


def round_get(financial_year: int) -> RefreshRound | None:
    return RefreshRound.objects.filter(financial_year=financial_year).first()


def round_latest() -> RefreshRound | None:
    """The most recent round by financial year, open or closed."""
    return RefreshRound.objects.order_by("-financial_year").first()


def round_open_now() -> RefreshRound | None:
    return RefreshRound.objects.filter(closed_at__isnull=True).order_by("-financial_year").first()


def return_get(pk: int) -> CouncilReturn | None:
    return CouncilReturn.objects.select_related("round", "council", "submitted_by").filter(pk=pk).first()


def returns_for_user_council_ids(council_ids: Any) -> QuerySet[CouncilReturn]:
    """The returns of these councils in open rounds (a super-user's "your returns")."""
    return (
        CouncilReturn.objects.filter(council_id__in=list(council_ids), round__closed_at__isnull=True)
        .select_related("round", "council")
        .order_by("-round__financial_year", "council__name")
    )


@dataclass(frozen=True)
class RegionCounts:
    region: str
    submitted: int
    in_progress: int
    not_started: int

    @property
    def total(self) -> int:
        return self.submitted + self.in_progress + self.not_started


def returns_by_region(refresh_round: RefreshRound) -> list[RegionCounts]:
    """Counts of returns submitted, in progress and not started, per region (by name)."""
    counts = Counter(
        (region or NO_REGION, status)
        for region, status in refresh_round.returns.values_list("council__region", "status")
    )
    regions = sorted({region for region, _ in counts})
    return [
        RegionCounts(
            region=region,
            submitted=counts[(region, ReturnStatus.SUBMITTED)],
            in_progress=counts[(region, ReturnStatus.IN_PROGRESS)],
            not_started=counts[(region, ReturnStatus.NOT_STARTED)],
        )
        for region in regions
    ]


def returns_missing(refresh_round: RefreshRound, *, region: str = "") -> QuerySet[CouncilReturn]:
    """The returns not yet submitted (the councils to chase), by region then council name."""
    queryset = refresh_round.returns.exclude(status=ReturnStatus.SUBMITTED).select_related("council")
    if region:
        queryset = queryset.filter(council__region="" if region == NO_REGION else region)
    return queryset.order_by("council__region", "council__name")


def _partnerships_of_council(council: Council) -> QuerySet[Partnership]:
    """Partnerships of the council or of the councils it succeeded (a merged council answers for them)."""
    predecessor_ids = list(council.predecessors.values_list("pk", flat=True))
    member_of = PartnershipCouncil.objects.filter(council_id__in=[council.pk, *predecessor_ids])
    return Partnership.objects.filter(pk__in=member_of.values("partnership_id"))


@dataclass
class ReturnItem:
    """One partnership on a council's return, with what the form starts from."""

    partnership: Partnership
    year_row: Savings | None  # the round's year, if there is one already
    previous_row: Savings | None  # the latest earlier dated year
    confirmation: PartnershipConfirmation | None  # what this return said, if anything yet

    @property
    def shown_row(self) -> Savings | None:
        """The figures the form is pre-filled with: this year's if given, else last year's."""
        return self.year_row or self.previous_row


def return_items(council_return: CouncilReturn) -> list[ReturnItem]:
    """The council's partnerships on its return: those still going, and any the return ended or added."""
    year = council_return.round.financial_year
    confirmations = {confirmation.partnership_id: confirmation for confirmation in council_return.confirmations.all()}
    partnerships = (
        _partnerships_of_council(council_return.council)
        .filter(~Q(status=PartnershipStatus.ENDED) | Q(pk__in=list(confirmations)))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=PartnershipCouncil.objects.select_related("council").order_by("council__name"),
            ),
            Prefetch("savings", queryset=Savings.objects.filter(financial_year__isnull=False)),
        )
        .order_by("name", "reference")
    )
    items = []
    for partnership in partnerships:
        rows = list(partnership.savings.all())
        year_row = next((row for row in rows if row.financial_year == year), None)
        earlier = [row for row in rows if row.financial_year is not None and row.financial_year < year]
        previous_row = max(earlier, key=lambda row: row.financial_year or 0) if earlier else None
        items.append(ReturnItem(partnership, year_row, previous_row, confirmations.get(partnership.pk)))
    return items


# --- Unconfirmed partnerships ---------------------------------------------------------------


def _still_going(year: int) -> Q:
    return ~Q(status=PartnershipStatus.ENDED) & (Q(end_year__isnull=True) | Q(end_year__gt=year))


def unconfirmed_partnerships() -> QuerySet[Partnership]:
    """Partnerships still going that the latest round did not confirm (none when there is no round)."""
    latest = round_latest()
    if latest is None:
        return Partnership.objects.none()
    confirmed = PartnershipConfirmation.objects.filter(round=latest, partnership=OuterRef("pk"))
    return Partnership.objects.filter(_still_going(latest.financial_year)).exclude(Exists(confirmed))


def unconfirmed_partnership_ids() -> set[int]:
    """The ids of ``unconfirmed_partnerships()``: for flags on lists and pages."""
    return set(unconfirmed_partnerships().values_list("pk", flat=True))


@dataclass(frozen=True)
class ConfirmationStatus:
    """What the partnership page says about the refresh: confirmed in the latest round, or since when not."""

    latest_year: int  # the latest round's financial year
    confirmed: bool
    unconfirmed_since: int | None  # the first round it missed after it was last confirmed
    last_confirmed_year: int | None

    @property
    def latest_label(self) -> str:
        from tiex.partnerships.models import financial_year_label

        return financial_year_label(self.latest_year)

    @property
    def since_label(self) -> str:
        from tiex.partnerships.models import financial_year_label

        return financial_year_label(self.unconfirmed_since)

    @property
    def last_confirmed_label(self) -> str:
        from tiex.partnerships.models import financial_year_label

        return financial_year_label(self.last_confirmed_year) if self.last_confirmed_year else ""


def confirmation_status(partnership: Partnership) -> ConfirmationStatus | None:
    """None when there is no round or the partnership has ended; otherwise whether the latest round confirmed it."""
    years = sorted(RefreshRound.objects.values_list("financial_year", flat=True))
    if not years:
        return None
    latest = years[-1]
    if partnership.status == PartnershipStatus.ENDED or (
        partnership.end_year is not None and partnership.end_year <= latest
    ):
        return None
    confirmed_years = set(
        PartnershipConfirmation.objects.filter(partnership=partnership).values_list("round__financial_year", flat=True)
    )
    if latest in confirmed_years:
        return ConfirmationStatus(latest, True, None, latest)
    last = max(confirmed_years) if confirmed_years else None
    candidates = [
        year
        for year in years
        if (last is None or year > last) and (partnership.start_year is None or year >= partnership.start_year)
    ]
    since = candidates[0] if candidates else latest
    return ConfirmationStatus(latest, False, since, last)


# --- Data quality -----------------------------------------------------------------------------


def _listed(queryset: QuerySet[Partnership]) -> QuerySet[Partnership]:
    return queryset.prefetch_related(
        Prefetch("memberships", queryset=PartnershipCouncil.objects.select_related("council").order_by("council__name"))
    ).order_by("name", "reference")


def quality_no_savings_no_reason() -> QuerySet[Partnership]:
    """Partnerships with no savings rows and no reason given for having none."""
    has_savings = Savings.objects.filter(partnership=OuterRef("pk"))
    return _listed(Partnership.objects.filter(no_savings_reason="").exclude(Exists(has_savings)))


def quality_unconfirmed() -> QuerySet[Partnership]:
    return _listed(unconfirmed_partnerships())


def quality_savings_without_evidence() -> QuerySet[Partnership]:
    """Partnerships with at least one savings row whose evidence is "none"."""
    unevidenced = Savings.objects.filter(partnership=OuterRef("pk"), evidence=SavingsEvidence.NONE)
    return _listed(Partnership.objects.filter(Exists(unevidenced)))


def quality_councils_without_partnership() -> QuerySet[Council]:
    """Current principal councils in England in no partnership, directly or through a council they succeeded."""
    direct = PartnershipCouncil.objects.filter(council=OuterRef("pk"))
    inherited = PartnershipCouncil.objects.filter(council__successors=OuterRef("pk"))
    return councils_asked().exclude(Exists(direct)).exclude(Exists(inherited))


def council_choices(*, exclude_id: int | None = None) -> list[tuple[int, str]]:
    """(pk, name) of the councils asked for returns, for choosing a new partnership's partners."""
    queryset = councils_asked()
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id)
    return list(queryset.values_list("pk", "name"))


def category_choices() -> list[tuple[int, str]]:
    """(pk, label) of the level 1 esd functions, for tagging a new partnership."""
    from tiex.partnerships.models import ServiceCategory

    return list(ServiceCategory.objects.filter(level=1).order_by("label").values_list("pk", "label"))
