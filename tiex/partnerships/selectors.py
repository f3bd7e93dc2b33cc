"""Reads for the Shared Services Map. Partnerships are public data: everyone sees all of them.

Demo partnerships (``is_demo``) are listed like any other; pages say which they are.
Cumulative savings are summed from the ``Savings`` rows here or in tiex/partnerships/savings.py,
never stored. The map's page, API and downloads all go through ``partnership_filter`` (what
matches), ``partnership_search`` (the list), ``partnership_totals`` and ``totals_by_year``
(the headline figures, as tiex/partnerships/totals.py defines them, summed in the database),
so the three always agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from tiex.councils.models import PRINCIPAL_TYPES, Council
from tiex.partnerships import totals
from tiex.partnerships.filters import CategoryChoice, CouncilChoice, PartnershipFilters
from tiex.partnerships.models import (
    Partnership,
    PartnershipCouncil,
    Savings,
    SavingsEvidence,
    SavingsStatus,
    ServiceCategory,
)
from tiex.partnerships.totals import Totals


def _with_related(queryset: QuerySet[Partnership]) -> QuerySet[Partnership]:
    return queryset.select_related("lead_council").prefetch_related(
        Prefetch(
            "memberships", queryset=PartnershipCouncil.objects.select_related("council").order_by("council__name")
        ),
        "categories",
        "services",
        "other_partners",
        "benefit_tags",
        "savings",
    )


def partnership_list(*, include_demo: bool = True) -> QuerySet[Partnership]:
    """Every partnership, by name, with its councils, categories, partners, tags and savings prefetched."""
    queryset = Partnership.objects.all()
    if not include_demo:
        queryset = queryset.filter(is_demo=False)
    return _with_related(queryset).order_by("name", "reference")


def partnership_get(pk: int) -> Partnership | None:
    """One partnership with everything its page shows, or None."""
    return _with_related(Partnership.objects.filter(pk=pk)).first()


# --- The map: filters, search, totals ------------------------------------------------------

COUNCIL_FIELDS = ("id", "gss_code", "la_code", "name", "is_current", "type", "region", "latitude", "longitude")


class DatabaseVocabulary:
    """The regions, categories and councils the filters accept, each read once and only when asked.

    Regions are those of current councils (the councils import stores the corrected region).
    """

    def __init__(self) -> None:
        self._councils: list[CouncilChoice] | None = None
        self._categories: dict[int, CategoryChoice] | None = None
        self._others: dict[str, CouncilChoice | None] = {}

    def councils(self) -> list[CouncilChoice]:
        """Current councils by name (every type: a partnership may include any council)."""
        if self._councils is None:
            rows = (
                Council.objects.filter(is_current=True)
                .order_by("name", "la_code")
                .values_list("gss_code", "la_code", "name", "region", "type")
            )
            self._councils = [
                CouncilChoice(code=gss or la, name=name, region=region, type=kind)
                for gss, la, name, region, kind in rows
            ]
        return self._councils

    def principal_councils(self) -> list[CouncilChoice]:
        return [council for council in self.councils() if council.type in PRINCIPAL_TYPES]

    def regions(self) -> list[str]:
        return sorted({council.region for council in self.councils() if council.region})

    def categories(self) -> dict[int, CategoryChoice]:
        """esd functions at level 1 and 2, level 1 first by label, each followed by its level 2 functions."""
        if self._categories is None:
            rows = ServiceCategory.objects.filter(level__lte=2).values_list(
                "identifier", "label", "level", "parent__identifier"
            )
            choices = [CategoryChoice(*row) for row in rows]
            tops = sorted((c for c in choices if c.level == 1), key=lambda c: c.label.lower())
            ordered: dict[int, CategoryChoice] = {}
            for top in tops:
                ordered[top.identifier] = top
                for child in sorted(
                    (c for c in choices if c.parent_identifier == top.identifier), key=lambda c: c.label.lower()
                ):
                    ordered[child.identifier] = child
            for choice in sorted(choices, key=lambda c: c.label.lower()):  # orphans, if any
                ordered.setdefault(choice.identifier, choice)
            self._categories = ordered
        return self._categories

    def council(self, code: str) -> CouncilChoice | None:
        """A council by GSS or mySociety code: current ones from the list, former ones in one more query."""
        code = code.upper()
        for council in self.councils():
            if council.code == code:
                return council
        if code not in self._others:
            row = (
                Council.objects.filter(Q(gss_code=code) | Q(la_code=code))
                .order_by("-is_current", "pk")
                .values_list("gss_code", "la_code", "name", "region", "type", "is_current")
                .first()
            )
            self._others[code] = (
                CouncilChoice(code=row[0] or row[1], name=row[2], region=row[3], type=row[4], is_current=row[5])
                if row
                else None
            )
        return self._others[code]


def vocabulary(*, version: str | None = None) -> DatabaseVocabulary:
    """The filters' vocabulary. With the data version (``tiex.core.selectors.data_version``) the
    councils and categories are kept under it: both come only from imports (councils, esd
    functions), and every import makes a new version, so a kept list is never stale."""
    vocab = DatabaseVocabulary()
    if version is not None:
        from tiex.councils import selectors as councils

        key = councils.cache_key("partnerships-vocabulary", version=version)
        kept = councils.page_cache().get(key)
        if kept is None:
            kept = (vocab.councils(), vocab.categories())
            councils.page_cache().set(key, kept, councils.CACHE_SECONDS)
        vocab._councils, vocab._categories = kept
    return vocab


def _counted(year: int, prefix: str = "") -> Q:
    """Partnerships that count in financial year ``year`` (totals.counts_in_year, as a query)."""
    return (Q(**{f"{prefix}start_year__isnull": True}) | Q(**{f"{prefix}start_year__lte": year})) & (
        Q(**{f"{prefix}end_year__isnull": True}) | Q(**{f"{prefix}end_year__gt": year})
    )


def in_cumulative(year: int) -> Q:
    """Savings rows that add to the cumulative savings of ``year`` (totals.in_cumulative, as a query)."""
    return Q(financial_year__isnull=True) | Q(financial_year__lte=year)


def _area_councils(*, region: str = "", code: str = "") -> QuerySet[Council, Any]:
    """The ids of the councils within a region or a council's area, former councils included.

    A former council stands in its successor's area (two generations of mergers are
    followed); a former council with no recorded successor keeps its own region.
    """
    if region:
        here = Q(is_current=True, region=region)
        via_successor = Q(is_current=False) & (
            Q(successors__is_current=True, successors__region=region)
            | Q(successors__successors__is_current=True, successors__successors__region=region)
        )
        no_successor = Q(is_current=False, region=region) & ~Q(
            pk__in=Council.successors.through.objects.values("from_council_id")
        )
        condition = here | via_successor | no_successor
    else:
        condition = Q(gss_code=code) | Q(la_code=code)
        condition |= Q(successors__gss_code=code) | Q(successors__la_code=code)
        condition |= Q(successors__successors__gss_code=code) | Q(successors__successors__la_code=code)
    return Council.objects.filter(condition).values("pk")


def _memberships_of(councils: QuerySet[Any, Any]) -> QuerySet[PartnershipCouncil, Any]:
    return PartnershipCouncil.objects.filter(council__in=councils).values("partnership_id")


def partnership_filter(filters: PartnershipFilters) -> QuerySet[Partnership]:
    """The partnerships matching ``filters``, unordered and without related rows: every filter is
    a plain condition or an ``IN`` subquery, so a partnership appears once however many of its
    councils, categories or savings rows match."""
    queryset = Partnership.objects.all()
    if filters.q:
        queryset = queryset.filter(
            Q(name__icontains=filters.q) | Q(description__icontains=filters.q) | Q(reference__iexact=filters.q)
        )
    if filters.region:
        queryset = queryset.filter(pk__in=_memberships_of(_area_councils(region=filters.region)))
    if filters.category is not None:
        tagged = Partnership.objects.filter(
            Q(categories__identifier=filters.category) | Q(categories__parent__identifier=filters.category)
        )
        queryset = queryset.filter(pk__in=tagged.values("pk"))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.council_type:
        queryset = queryset.filter(
            pk__in=_memberships_of(Council.objects.filter(type=filters.council_type).values("pk"))
        )
    if filters.council:
        queryset = queryset.filter(pk__in=_memberships_of(_area_councils(code=filters.council)))
    if filters.evidence:
        queryset = queryset.filter(pk__in=Savings.objects.filter(evidence=filters.evidence).values("partnership_id"))
    if filters.year is not None:
        queryset = queryset.filter(_counted(filters.year))
    return queryset.order_by()


def savings_years() -> list[int | None]:
    """Every financial year any savings row is for (None for the undated rows): one query."""
    return list(Savings.objects.order_by().values_list("financial_year", flat=True).distinct())


def effective_year(
    filters: PartnershipFilters, years: list[int | None] | None = None, today: datetime.date | None = None
) -> int:
    """The year the totals are for: the year asked for, else the default year (totals.default_year)."""
    if filters.year is not None:
        return filters.year
    return totals.default_year(savings_years() if years is None else years, today or timezone.localdate())


def _year_totals(filters: PartnershipFilters, years: list[int]) -> tuple[int, dict[int, totals.Totals]]:
    """The number of partnerships matching ``filters`` and the totals for each of ``years``: two
    aggregate queries (one over partnerships and their councils, one over savings rows).

    The totals of a year only count partnerships that count in that year, so they are worked
    out over the filters without the year filter (which narrows to exactly those).
    """
    base = partnership_filter(filters.without("year"))
    counts: dict[str, Any] = {
        "listed": Count("pk", distinct=True, filter=_counted(filters.year) if filters.year is not None else None)
    }
    sums: dict[str, Any] = {}
    achieved = Q(status=SavingsStatus.ACHIEVED) & ~Q(evidence=SavingsEvidence.NONE)
    for year in years:
        counted = _counted(year)
        counts[f"p{year}"] = Count("pk", distinct=True, filter=counted)
        counts[f"c{year}"] = Count("memberships__council", distinct=True, filter=counted)
        counted_rows = _counted(year, "partnership__")
        sums[f"i{year}"] = Sum("amount_gbp", filter=counted_rows & Q(financial_year=year))
        sums[f"c{year}"] = Sum("amount_gbp", filter=counted_rows & in_cumulative(year))
        sums[f"a{year}"] = Sum("amount_gbp", filter=counted_rows & in_cumulative(year) & achieved)
    counted_values = base.aggregate(**counts)
    summed = Savings.objects.filter(partnership__in=base.values("pk")).aggregate(**sums) if sums else {}
    result = {
        year: totals.Totals(
            year=year,
            partnerships=counted_values[f"p{year}"],
            councils=counted_values[f"c{year}"],
            savings_in_year_gbp=summed[f"i{year}"] or 0,
            cumulative_savings_gbp=summed[f"c{year}"] or 0,
            achieved_evidenced_gbp=summed[f"a{year}"] or 0,
        )
        for year in years
    }
    return counted_values["listed"], result


def partnership_totals(filters: PartnershipFilters, *, today: datetime.date | None = None) -> totals.Totals:
    """The headline totals of the filtered view, for its year (or the default year): three queries."""
    year = effective_year(filters, today=today)
    return _year_totals(filters, [year])[1][year]


def totals_by_year(filters: PartnershipFilters, *, today: datetime.date | None = None) -> list[totals.Totals]:
    """The totals for each financial year with savings (totals.growth_years), oldest first, over
    the filters without their year: the growth chart and its table. Three queries."""
    years = totals.growth_years(savings_years(), today or timezone.localdate())
    by_year = _year_totals(filters.without("year"), years)[1]
    return [by_year[year] for year in years]


@dataclass(frozen=True)
class Overview:
    """What the map page shows above its list: the year, its totals, the growth and the list's length."""

    year: int
    totals: Totals
    growth: list[Totals]
    count: int


def partnership_overview(
    filters: PartnershipFilters, *, today: datetime.date | None = None, with_growth: bool = True
) -> Overview:
    """``partnership_totals``, ``totals_by_year`` (unless ``with_growth`` is False) and the number
    of partnerships matching: three queries (two with a year and no growth)."""
    today = today or timezone.localdate()
    years = savings_years() if with_growth or filters.year is None else []
    year = effective_year(filters, years, today)
    growth = totals.growth_years(years, today) if with_growth else []
    count, by_year = _year_totals(filters, sorted({*growth, year}))
    return Overview(year=year, totals=by_year[year], growth=[by_year[y] for y in growth], count=count)


def partnership_detail(pk: int) -> Partnership | None:
    """One partnership with everything its page and the API show, its councils' successors included."""
    councils = (
        PartnershipCouncil.objects.select_related("council")
        .defer("council__boundary", "council__corrections", "council__search_names")
        .prefetch_related(
            Prefetch("council__successors", queryset=Council.objects.only(*COUNCIL_FIELDS).order_by("name"))
        )
        .order_by("council__name", "council__la_code")
    )
    savings_rows = Savings.objects.select_related("confirmed_by").order_by(F("financial_year").asc(nulls_first=True))
    return (
        Partnership.objects.filter(pk=pk)
        .select_related("lead_council")
        .defer("lead_council__boundary", "lead_council__corrections", "lead_council__search_names")
        .prefetch_related(
            Prefetch("memberships", queryset=councils),
            Prefetch(
                "categories", queryset=ServiceCategory.objects.select_related("parent").order_by("level", "label")
            ),
            "services",
            "other_partners",
            "benefit_tags",
            Prefetch("savings", queryset=savings_rows),
        )
        .first()
    )


# The list and the CSV download's table (selectors_table.py), imported here so that
# ``selectors.partnership_search`` and ``selectors.partnership_table`` keep working.
from tiex.partnerships.selectors_table import (  # noqa: E402
    DownloadTable,
    SearchResult,
    partnership_search,
    partnership_table,
)

__all__ = [  # the names other modules import from here, the moved ones included
    "COUNCIL_FIELDS",
    "DatabaseVocabulary",
    "DownloadTable",
    "Overview",
    "SearchResult",
    "effective_year",
    "partnership_detail",
    "partnership_filter",
    "partnership_get",
    "partnership_list",
    "partnership_overview",
    "partnership_search",
    "partnership_table",
    "partnership_totals",
    "savings_years",
    "totals_by_year",
    "vocabulary",
]
