"""Reads for the uptake pages: every booking as a ``uptake.Fact``, the councillor counts, the map.

One query reads the bookings with their programme and council; one reads the councillor
totals (tiex.councils.councillors); one the programmes' names. The staff page, the public
page and both downloads go through ``uptake_tables``, so they always agree; the public ones
then pass through ``uptake.suppress``.
"""

from __future__ import annotations

from collections.abc import Sequence

from tiex.core.selectors import data_version
from tiex.councils.councillors import CouncillorTotals, councillor_totals
from tiex.councils.models import CouncilType, Nation, Party
from tiex.development import uptake, uptake_map
from tiex.development.choices import HOLDS_PLACE
from tiex.development.models import Booking, ProgrammePage
from tiex.partnerships import map_selectors

NATIONS = {nation.value for nation in Nation}


def booking_facts() -> list[uptake.Fact]:
    """Every booking (cancelled ones too: the counting decides), with its programme and council (one query)."""
    rows = Booking.objects.values_list(
        "cohort__programme__slug", "council__region", "council__type", "party", "status", "completed"
    ).order_by()
    return [uptake.Fact(*row) for row in rows]


def _region_order(regions: Sequence[str]) -> list[str]:
    """England's regions by name, then Wales, Scotland, Northern Ireland."""
    nations = [Nation.WALES, Nation.SCOTLAND, Nation.NORTHERN_IRELAND]
    english = sorted(region for region in regions if region and region not in NATIONS)
    return english + [str(nation) for nation in nations if nation in regions]


def uptake_tables(facts: list[uptake.Fact] | None = None, totals: CouncillorTotals | None = None) -> list[uptake.Table]:
    """The exact tables by programme, region, council type and party (staff only as they are)."""
    facts = booking_facts() if facts is None else facts
    totals = councillor_totals() if totals is None else totals
    programmes = dict(ProgrammePage.objects.order_by("title").values_list("slug", "title"))
    counted = frozenset(str(status) for status in HOLDS_PLACE)
    party_keys = [party.value for party in Party]
    type_keys = [kind.value for kind in CouncilType if kind.value in totals.by_type]
    return [
        uptake.build_table(
            "programme",
            uptake.count_by(facts, "programme", counted),
            labels=programmes,
            keys=list(programmes),
        ),
        uptake.build_table(
            "region",
            uptake.count_by(facts, "region", counted),
            labels={},
            councillors=totals.by_region,
            keys=_region_order(list(totals.by_region)),
        ),
        uptake.build_table(
            "council_type",
            uptake.count_by(facts, "council_type", counted),
            labels=dict(CouncilType.choices),
            councillors=totals.by_type,
            keys=type_keys,
        ),
        uptake.build_table(
            "party",
            uptake.count_by(facts, "party", counted),
            labels=dict(Party.choices),
            councillors=totals.by_party,
            keys=party_keys,
        ),
    ]


def region_map(region_table: uptake.Table) -> uptake_map.UptakeMap | None:
    """England's council areas shaded by their region's row (cached outlines; None without boundaries)."""
    version = data_version()
    base = map_selectors.basemap(version)
    if base is None:
        return None
    places = map_selectors.council_places(version)
    region_of = {place.code: place.region for place in places.values()}
    outlines = [uptake_map.Outline(outline.gss, outline.name, outline.path) for outline in base.outlines]
    return uptake_map.uptake_map(base.view_box, outlines, region_of, region_table.rows)
