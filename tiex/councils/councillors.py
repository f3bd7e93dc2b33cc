"""Reads of the councillor counts (mySociety's 2021 count by council, party and gender).

Companion to selectors.py (split for size): reads only. The council profile shows one
council's table (one query, with its predecessors' totals when it was created after the
count); the uptake pages of the development programmes measure bookings against the
regional totals and the totals by council type and party, all from ``councillor_totals``.
Counts are of seats: a councillor on both a county and a district council counts twice.
The data is imported by importers/councillors.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, Sum

from tiex.councils.models import CouncillorCount, Gender, Party

DATASET = "councillors"
PARTY_NAMES = dict(Party.choices)
GENDER_ORDER = [Gender.FEMALE, Gender.MALE, Gender.NOT_RECORDED]


@dataclass
class PartyRow:
    party: str
    name: str
    by_gender: dict[str, int]
    total: int
    cells: list[int] = field(default_factory=list)  # by gender, in the table's column order


@dataclass
class CouncillorTable:
    """One council's councillors by party and gender, largest party first."""

    year: int
    rows: list[PartyRow]
    genders: list[tuple[str, str]]  # (code, label) of the columns shown
    totals: dict[str, int]
    total: int
    total_cells: list[int] = field(default_factory=list)
    # For a council created after the count: its predecessors' totals (name, code, total).
    predecessors: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def women_percent(self) -> int | None:
        known = self.totals.get(Gender.FEMALE, 0) + self.totals.get(Gender.MALE, 0)
        return round(100 * self.totals.get(Gender.FEMALE, 0) / known) if known else None


def council_councillors(council_pk: int, predecessor_codes: Iterable[str] = ()) -> CouncillorTable | None:
    """The council's latest count as a table, or its predecessors' totals if it has none (one query).

    ``predecessor_codes`` are the mySociety codes of the councils it replaced.
    """
    rows = list(
        CouncillorCount.objects.filter(Q(council_id=council_pk) | Q(council__la_code__in=list(predecessor_codes)))
        .order_by("-year")
        .values_list(
            "council_id", "council__name", "council__gss_code", "council__la_code", "year", "party", "gender", "count"
        )
    )
    own = [row for row in rows if row[0] == council_pk]
    if own:
        year = own[0][4]
        by_party: dict[str, dict[str, int]] = defaultdict(dict)
        for *_, row_year, party, gender, count in own:
            if row_year == year:
                by_party[party][gender] = count
        totals: dict[str, int] = defaultdict(int)
        for genders in by_party.values():
            for gender, count in genders.items():
                totals[gender] += count
        table_rows = sorted(
            (
                PartyRow(party, PARTY_NAMES.get(party, party), genders, sum(genders.values()))
                for party, genders in by_party.items()
            ),
            key=lambda row: (row.party == Party.OTHER, -row.total, row.name),
        )
        shown = [(g.value, g.label) for g in GENDER_ORDER if g in (Gender.FEMALE, Gender.MALE) or totals.get(g)]
        for row in table_rows:
            row.cells = [row.by_gender.get(code, 0) for code, _ in shown]
        return CouncillorTable(
            year, table_rows, shown, dict(totals), sum(totals.values()), [totals.get(code, 0) for code, _ in shown]
        )
    if not rows:
        return None
    year = rows[0][4]
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for _, name, gss, la_code, row_year, _, _, count in rows:
        if row_year == year:
            sums[(name, gss or la_code)] += count
    predecessors = [(name, code, total) for (name, code), total in sorted(sums.items())]
    return CouncillorTable(year, [], [], {}, 0, predecessors=predecessors)


@dataclass(frozen=True)
class CouncillorTotals:
    """Councillors in one year by region, council type, party and gender (every row summed once)."""

    year: int | None
    by_region: dict[str, int]
    by_type: dict[str, int]
    by_party: dict[str, int]
    by_gender: dict[str, int]
    total: int


def councillor_totals(year: int | None = None) -> CouncillorTotals:
    """The totals for ``year`` (the latest counted when None); one query, two without a year."""
    if year is None:
        year = CouncillorCount.objects.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return CouncillorTotals(None, {}, {}, {}, {}, 0)
    rows = (
        CouncillorCount.objects.filter(year=year)
        .values_list("region", "council__type", "party", "gender")
        .annotate(total=Sum("count"))
        .order_by()
    )
    by_region: dict[str, int] = defaultdict(int)
    by_type: dict[str, int] = defaultdict(int)
    by_party: dict[str, int] = defaultdict(int)
    by_gender: dict[str, int] = defaultdict(int)
    total = 0
    for region, kind, party, gender, count in rows:
        by_region[region] += count
        by_type[kind] += count
        by_party[party] += count
        by_gender[gender] += count
        total += count
    return CouncillorTotals(year, dict(by_region), dict(by_type), dict(by_party), dict(by_gender), total)
