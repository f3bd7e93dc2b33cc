"""The filtered set as GeoJSON in the shape docs/partnerships.md (SSM_SPEC) gives, for tests
of the map's JavaScript on a branch where /shared-services/download.geojson is not served yet.

The browser test hands this to the page only when that address answers 404 (a Playwright
route that asks the site first), so once the real download exists the map is tested on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tiex.partnerships import savings
from tiex.partnerships.models import Partnership


def feature_collection(partnerships: Iterable[Partnership], year: int) -> dict[str, Any]:
    features = []
    for partnership in partnerships:
        councils = [membership.council for membership in partnership.memberships.select_related("council")]
        rows = list(partnership.savings.all())
        points = [[c.longitude, c.latitude] for c in councils if c.longitude is not None and c.latitude is not None]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "MultiPoint", "coordinates": points},
                "properties": {
                    "id": partnership.pk,
                    "reference": partnership.reference,
                    "name": partnership.name,
                    "kind": partnership.kind,
                    "kind_label": partnership.get_kind_display(),
                    "status": partnership.status,
                    "status_label": partnership.get_status_display(),
                    "url": f"/shared-services/{partnership.pk}/",
                    "councils": [{"gss": c.code, "name": c.name, "current": c.is_current} for c in councils],
                    "savings_in_year_gbp": savings.in_year(rows, year),
                    "savings_to_date_gbp": savings.cumulative(rows, up_to_year=year),
                    "is_demo": partnership.is_demo,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
