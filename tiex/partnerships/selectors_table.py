"""Reads for the map's list and its CSV download (split from selectors.py, which re-exports them).

``partnership_search`` gives model instances for the page, the API and the JSON and GeoJSON
downloads; ``partnership_table`` gives the CSV download what it needs as plain values. Both
list the partnerships ``selectors.partnership_filter`` matches, by name, with the savings of
the same year, so every list and download shows the same partnerships and figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value

from tiex.partnerships.filters import PartnershipFilters
from tiex.partnerships.models import (
    OtherPartner,
    Partnership,
    PartnershipBenefit,
    PartnershipCouncil,
    Savings,
)
from tiex.partnerships.selectors import COUNCIL_FIELDS, effective_year, in_cumulative, partnership_filter
from tiex.partnerships.selectors_state import partnerships_state


@dataclass(frozen=True)
class SearchResult:
    """A page of partnerships (or all of them) with the number matching and the year their savings are for."""

    items: list[Partnership]
    count: int
    year: int


def _summed(rows: QuerySet[Savings]) -> Subquery:
    return Subquery(rows.values("partnership").annotate(total=Sum("amount_gbp")).values("total")[:1])


EXTRAS = frozenset({"categories", "other_partners", "benefit_tags"})

PARTNERSHIP_LIST_FIELDS = (
    "id",
    "reference",
    "name",
    "description",
    "kind",
    "status",
    "start_year",
    "end_year",
    "lead_council",
    "benefits",
    "no_savings_reason",
    "contact_email",
    "is_demo",
    "updated_at",
)


def _listed(queryset: QuerySet[Partnership], year: int, *, extra: Sequence[str]) -> QuerySet[Partnership]:
    """Partnerships by name with their councils (and lead council), each with ``savings_in_year_gbp`` and
    ``savings_to_date_gbp`` (cumulative up to ``year``; None without rows) summed in the same query.
    ``extra`` names which of categories, other partners and benefit tags to fetch too (a query each)."""
    rows = Savings.objects.filter(partnership=OuterRef("pk")).order_by()
    councils = PartnershipCouncil.objects.select_related("council").only(
        "partnership_id", "council_id", *(f"council__{name}" for name in COUNCIL_FIELDS)
    )
    queryset = (
        queryset.select_related("lead_council")
        .only(*PARTNERSHIP_LIST_FIELDS, *(f"lead_council__{name}" for name in COUNCIL_FIELDS))
        .annotate(
            savings_in_year_gbp=_summed(rows.filter(financial_year=year)),
            savings_to_date_gbp=_summed(rows.filter(in_cumulative(year))),
        )
        .prefetch_related(Prefetch("memberships", queryset=councils.order_by("council__name", "council__la_code")))
        .order_by("name", "reference")
    )
    if unknown := set(extra) - EXTRAS:
        raise ValueError(f"Cannot fetch {sorted(unknown)} with partnerships")
    return queryset.prefetch_related(*extra)


def partnership_search(
    filters: PartnershipFilters,
    *,
    offset: int = 0,
    limit: int | None = None,
    year: int | None = None,
    count: int | None = None,
    extra: Sequence[str] = (),
) -> SearchResult:
    """The partnerships matching ``filters``, by name: ``limit`` of them from ``offset`` (all without a
    limit), their savings for ``year`` (the filters' year or the default year). ``count`` may be
    passed when already known (partnership_overview gives it) to save the count query."""
    if year is None:
        year = effective_year(filters)
    matching = partnership_filter(filters)
    if count is None:
        count = matching.count() if limit is not None else -1
    listed = _listed(matching, year, extra=extra)
    items = list(listed[offset : offset + limit] if limit is not None else listed[offset:])
    if count == -1:
        count = offset + len(items)
    return SearchResult(items=items, count=count, year=year)


# --- The CSV download ----------------------------------------------------------------------

CSV_PARTNERSHIP_FIELDS = (
    "pk",
    "reference",
    "name",
    "description",
    "kind",
    "status",
    "start_year",
    "end_year",
    "lead_council__gss_code",
    "lead_council__la_code",
    "no_savings_reason",
    "benefits",
    "contact_email",
    "is_demo",
)


@dataclass(frozen=True)
class TableValues:
    """Partnerships as plain values, in three queries and no model instances: each partnership's
    ``CSV_PARTNERSHIP_FIELDS`` then ``savings_in_year_gbp`` and ``savings_to_date_gbp`` (by name,
    as ``partnership_search``), and, by partnership id, its councils' (code, name) by council
    name, its categories' labels by label, its other partners' names and its benefit tags."""

    partnerships: list[tuple[Any, ...]]
    councils: dict[int, list[tuple[str, str]]]
    categories: dict[int, list[str]]
    other_partners: dict[int, list[str]]
    benefit_tags: dict[int, list[str]]


@dataclass(frozen=True)
class DownloadTable:
    """What the CSV download needs, in two queries: the matching partnerships' ids in the order
    the download lists them (by name, as ``partnership_search``), and the version of the data
    (``selectors_state``). ``values()`` gives the plain values (three more queries): of every
    partnership when ``kept`` (the rows' text is then written once and kept under ``version``
    for every filter, tiex/partnerships/csv_lines.py), else of the matching ones only."""

    ids: list[int]
    year: int
    version: str
    kept: bool
    values: Callable[[], TableValues]


def _by_partnership(rows: Any) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for partnership_id, value in rows:
        grouped.setdefault(partnership_id, []).append(value)
    return grouped


def _lists(ids: QuerySet[Any, Any]) -> tuple[dict[int, list[str]], dict[int, list[str]], dict[int, list[str]]]:
    """The categories' labels (by label), other partners' names and benefit tags (each by itself)
    of the partnerships ``ids``, by partnership id: one query (a union of the three)."""
    columns = ("partnership_id", "list", "value", "tiebreak")
    categories = (
        Partnership.categories.through.objects.filter(partnership__in=ids)
        .annotate(list=Value(0), value=F("servicecategory__label"), tiebreak=F("servicecategory_id"))
        .values_list(*columns)
    )
    partners = (
        OtherPartner.objects.filter(partnership__in=ids)
        .annotate(list=Value(1), value=F("name"), tiebreak=Value(0))
        .values_list(*columns)
    )
    tags = (
        PartnershipBenefit.objects.filter(partnership__in=ids)
        .annotate(list=Value(2), value=F("tag"), tiebreak=Value(0))
        .values_list(*columns)
    )
    grouped: tuple[dict[int, list[str]], ...] = ({}, {}, {})
    for partnership_id, which, value, _ in (
        categories.order_by()
        .union(partners.order_by(), tags.order_by(), all=True)
        .order_by("list", "value", "tiebreak")
    ):
        grouped[which].setdefault(partnership_id, []).append(value)
    return grouped[0], grouped[1], grouped[2]


def table_values(filters: PartnershipFilters, year: int) -> TableValues:
    """The partnerships matching ``filters`` as ``TableValues``, with the savings of ``year``: three queries."""
    matching = partnership_filter(filters)
    ids = matching.values("pk")
    rows = Savings.objects.filter(partnership=OuterRef("pk")).order_by()
    partnerships = list(
        matching.annotate(
            savings_in_year_gbp=_summed(rows.filter(financial_year=year)),
            savings_to_date_gbp=_summed(rows.filter(in_cumulative(year))),
        )
        .order_by("name", "reference")
        .values_list(*CSV_PARTNERSHIP_FIELDS, "savings_in_year_gbp", "savings_to_date_gbp")
    )
    councils = _by_partnership(
        (
            (pid, (gss or la, name))
            for pid, gss, la, name in PartnershipCouncil.objects.filter(partnership__in=ids)
            .order_by("council__name", "council__la_code")
            .values_list("partnership_id", "council__gss_code", "council__la_code", "council__name")
        )
    )
    categories, other_partners, benefit_tags = _lists(ids)
    return TableValues(partnerships, councils, categories, other_partners, benefit_tags)


def partnership_table(filters: PartnershipFilters, year: int) -> DownloadTable:
    """The partnerships matching ``filters`` for the CSV download (the same partnerships, order and
    figures as ``partnership_search`` with every extra), for the savings of ``year``. Two queries
    (the state and the ids) while the rows' text is kept; five when it is not to be kept."""
    state = partnerships_state()
    if state.kept:
        ids = list(partnership_filter(filters).order_by("name", "reference").values_list("pk", flat=True))
        every = PartnershipFilters()
        return DownloadTable(ids, year, state.version, True, lambda: table_values(every, year))
    values = table_values(filters, year)
    ids = [row[0] for row in values.partnerships]
    return DownloadTable(ids, year, state.version, False, lambda: values)
