"""Reads for the Shared Services Map's map (kept apart from selectors.py, which lists and filters).

For the page, one call::

    from tiex.partnerships.map_selectors import map_context
    context["map"] = map_context(filtered_partnerships, query=request.GET.urlencode(), count=total)

``filtered_partnerships`` is the page's whole filtered set, not one page of it: a
``QuerySet[Partnership]`` (one query for its memberships), a list of partnerships already
fetched with ``memberships`` prefetched (no query), or partnership ids; ``query`` is the filters'
querystring, so the JavaScript map fetches the same set as GeoJSON
(``/shared-services/download.geojson?<query>``, docs/partnerships.md); ``count`` is the
number of partnerships the page lists (default: those with at least one council).
``templates/partnerships/_map.html`` renders ``map`` (a ``MapContext``): the static SVG map
without JavaScript, the text summary, and the container map.js draws into.

Costs at most two queries however many partnerships (the councils' data version, and the
partnerships' council memberships unless prefetched), and two more when the cache is cold:
the projected boundaries and the council-to-area index depend on council data only, and
are cached under the councils' data version (tiex/councils/selectors.py ``cache_key``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar, cast

from django.db.models import QuerySet
from django.urls import reverse

from tiex.core.selectors import data_version
from tiex.councils import selectors as councils
from tiex.councils.svg import reduce_geometry
from tiex.partnerships import maps
from tiex.partnerships.models import Partnership, PartnershipCouncil

# The boundaries the JavaScript map draws: rounded to 3 decimals (about 100 m) and
# simplified at about 200 m, enough at the zoom levels the map allows.
BOUNDARY_PRECISION = 3
BOUNDARY_TOLERANCE = 0.002

T = TypeVar("T")


@dataclass(frozen=True)
class MapContext:
    """What templates/partnerships/_map.html needs."""

    static: maps.StaticMap | None
    partnership_count: int
    area_count: int  # areas with at least one partnership
    data_url: str  # the filtered set as GeoJSON, for map.js
    boundaries_url: str  # the versioned boundaries file, for map.js


_MISSING = object()


def _cached(name: str, version: str, build: Callable[[], T]) -> T:
    key = councils.cache_key("partnerships-map", name, version=version)
    cache = councils.page_cache()
    value = cache.get(key, _MISSING)
    if value is _MISSING:  # None is a value too (no boundaries loaded: no basemap)
        value = build()
        cache.set(key, value, councils.CACHE_SECONDS)
    return cast(T, value)


def council_places(version: str) -> dict[int, councils.CouncilPlace]:
    """Every council by id with the lower-tier areas it covers (cached)."""
    return _cached("places", version, councils.council_places)


def _build_basemap() -> maps.Basemap | None:
    areas = [maps.Area(council.code, council.name, council.boundary) for council in councils.boundary_list("lower")]
    return maps.basemap(areas)


def basemap(version: str) -> maps.Basemap | None:
    """The current lower-tier areas projected for the static map (cached)."""
    return _cached("basemap", version, _build_basemap)


def area_counts(
    memberships: Iterable[tuple[int, int]], places: dict[int, councils.CouncilPlace]
) -> tuple[Counter[str], Counter[int], set[int]]:
    """From (partnership id, council id) pairs: partnerships per area code, partnerships per
    council placed by its centroid (it covers no area), and the partnerships seen."""
    by_partnership: dict[int, set[int]] = {}
    for partnership_id, council_id in memberships:
        by_partnership.setdefault(partnership_id, set()).add(council_id)
    per_area: Counter[str] = Counter()
    per_point: Counter[int] = Counter()
    for council_ids in by_partnership.values():
        covered: set[str] = set()
        for council_id in council_ids:
            place = places.get(council_id)
            if place is None:
                continue
            if place.areas:
                covered.update(place.areas)
            elif place.latitude is not None and place.longitude is not None:
                per_point[council_id] += 1
        per_area.update(covered)
    return per_area, per_point, set(by_partnership)


def map_context(
    partnerships: QuerySet[Partnership] | Iterable[Partnership] | Iterable[int],
    *,
    query: str = "",
    count: int | None = None,
    version: str | None = None,
) -> MapContext:
    """The map of a filtered set of partnerships (see the module docstring); ``version`` is the
    data version when the caller has read it already."""
    version = version or data_version()
    places = council_places(version)
    memberships: Iterable[tuple[int, int]]
    if isinstance(partnerships, QuerySet):
        rows = PartnershipCouncil.objects.filter(partnership__in=partnerships.order_by().values("pk"))
        memberships = rows.values_list("partnership_id", "council_id")
    else:
        items = list(partnerships)
        if all(isinstance(item, Partnership) for item in items):
            # Fetched already (with memberships prefetched, as selectors.partnership_list does).
            memberships = [
                (item.pk, membership.council_id)
                for item in items
                if isinstance(item, Partnership)
                for membership in item.memberships.all()
            ]
        else:
            rows = PartnershipCouncil.objects.filter(partnership_id__in=items)
            memberships = rows.values_list("partnership_id", "council_id")
    per_area, per_point, seen = area_counts(memberships, places)
    base = basemap(version)
    static = None
    if base is not None:
        points = [
            maps.Point(place.code, place.name, place.longitude, place.latitude, per_point[pk])
            for pk, place in places.items()
            if pk in per_point and place.longitude is not None and place.latitude is not None
        ]
        static = maps.shade(base, per_area, points)
    index = reverse("partnerships:index")
    return MapContext(
        static=static,
        partnership_count=len(seen) if count is None else count,
        area_count=sum(1 for value in per_area.values() if value),
        data_url=f"{index}download.geojson" + (f"?{query}" if query else ""),
        boundaries_url=f"{reverse('partnerships:boundaries')}?v={version}",
    )


def boundaries_json(version: str) -> bytes:
    """The JavaScript map's base layer, as compact JSON (seconds of work: cache it).

    A GeoJSON FeatureCollection of the current lower-tier areas (properties ``gss``,
    ``name``, ``region``), plus ``covers``: for every other council that covers areas (a
    county, a combined authority, a former council), its code -> the area codes, so the map
    highlights a partnership's county or since-merged council by the areas it covers.
    """
    places = council_places(version)
    features = []
    regions = {place.code: place.region for place in places.values()}
    for council in councils.boundary_list("lower"):
        geometry = reduce_geometry(council.boundary, precision=BOUNDARY_PRECISION, tolerance=BOUNDARY_TOLERANCE)
        if geometry is None:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"gss": council.code, "name": council.name, "region": regions.get(council.code, "")},
                "geometry": geometry,
            }
        )
    covers = {
        place.code: list(place.areas) for place in places.values() if place.areas and place.areas != (place.code,)
    }
    document = {"type": "FeatureCollection", "features": features, "covers": covers}
    return json.dumps(document, separators=(",", ":")).encode()
