"""Council boundaries from ONSvisual's TopoJSON (or any GeoJSON FeatureCollection).

Each feature carries its GSS code (``areacd``; ONS downloads use ``LAD25CD`` and
the like) and optionally the first (``start``) and last (``end``) year it was in
use. A feature is used when it is valid in the chosen year and its code is a
current or former code of a council. When several features match one council
(a unitary is in both the lower- and upper-tier layers), the preferred layer
wins (ltla, utla, cty, cauth, then any other), and within a layer the council's
current code beats a former one. Features for areas that are not councils
(regions, countries) are counted and skipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tiex.core.datasets import DatasetSpec
from tiex.core.importing import ErrorCollector, ImportFailed, ImportReport, Progress, RowError
from tiex.councils.importers._common import Ticker
from tiex.councils.models import PRINCIPAL_TYPES, Council, CouncilCode
from tiex.councils.topojson import Decoder, TopologyError, iter_objects, round_geometry

BOUNDARY_YEAR = 2025
PRECISION = 5  # decimal places of a degree: about a metre
LAYER_PREFERENCE = ("ltla", "utla", "cty", "cauth")
_CODE_PROPERTY = re.compile(r"^(areacd|[a-z]+\d{2}cd)$", re.IGNORECASE)


@dataclass
class Feature:
    layer: str
    where: str  # where in the file, for error messages
    code: str
    start: int | None
    end: int | None
    geometry: Any  # a TopoJSON geometry object, or a GeoJSON geometry

    def valid_in(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or self.end >= year)


def _year(properties: dict[str, Any], key: str, where: str, errors: ErrorCollector) -> int | None:
    value = properties.get(key)
    if value is None or value == "":
        return None
    try:
        year = int(value)
        if year != float(value) or not 1900 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors.add(None, f"{where}.properties.{key}", f"{value!r} is not a year")
        return None
    return year


def _feature(layer: str, where: str, properties: Any, geometry: Any, errors: ErrorCollector) -> Feature | None:
    if not isinstance(properties, dict):
        errors.add(None, f"{where}.properties", "is missing")
        return None
    key = next((k for k in properties if _CODE_PROPERTY.match(k)), None)
    code = str(properties.get(key) or "").strip().upper() if key else ""
    if not code:
        errors.add(None, f"{where}.properties.areacd", "no GSS code (areacd or e.g. LAD25CD)")
    start, end = _year(properties, "start", where, errors), _year(properties, "end", where, errors)
    if not code:
        return None
    return Feature(layer=layer, where=where, code=code, start=start, end=end, geometry=geometry)


def read_features(data: Any, errors: ErrorCollector) -> tuple[list[Feature], Decoder | None]:
    """The features of a TopoJSON topology or a GeoJSON FeatureCollection."""
    kind = data.get("type") if isinstance(data, dict) else None
    features: list[Feature] = []
    if kind == "Topology":
        decoder = Decoder(data, precision=PRECISION)
        for layer, index, obj in iter_objects(data):
            where = f"objects.{layer}.geometries[{index}]"
            feature = _feature(layer, where, obj.get("properties"), obj, errors)
            if feature:
                features.append(feature)
        return features, decoder
    if kind == "FeatureCollection":
        for index, item in enumerate(data.get("features") or []):
            where = f"features[{index}]"
            if not isinstance(item, dict) or not isinstance(item.get("geometry"), (dict, type(None))):
                errors.add(None, where, "is not a GeoJSON feature")
                continue
            feature = _feature("features", where, item.get("properties"), item.get("geometry"), errors)
            if feature:
                features.append(feature)
        return features, None
    errors.add(None, "type", f"expected a TopoJSON Topology or a GeoJSON FeatureCollection, not {kind!r}")
    return features, None


def _load_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return json.load(handle)
    except json.JSONDecodeError as exc:
        raise ImportFailed([RowError(path.name, exc.lineno, None, f"not valid JSON: {exc.msg}")]) from exc


def import_boundaries(
    path: Path, *, dataset: DatasetSpec, progress: Progress | None = None, year: int = BOUNDARY_YEAR
) -> ImportReport:
    """Set Council.boundary (GeoJSON, WGS84, 5 dp) and boundary_year from the features valid in ``year``."""
    errors = ErrorCollector(path)
    data = _load_json(path)
    try:
        features, decoder = read_features(data, errors)
    except TopologyError as exc:
        raise ImportFailed([RowError(path.name, None, None, str(exc))]) from exc
    errors.raise_if_any()

    codes = {
        code: (council_id, current)
        for code, council_id, current in CouncilCode.objects.values_list("code", "council_id", "is_current")
    }
    for council_id, gss_code in Council.objects.filter(gss_code__isnull=False).values_list("id", "gss_code"):
        if gss_code:
            codes.setdefault(gss_code, (council_id, True))
    layer_order = {layer: rank for rank, layer in enumerate(LAYER_PREFERENCE)}
    best: dict[int, tuple[tuple[int, int, int], Feature]] = {}
    out_of_year = not_council = 0
    for order, feature in enumerate(features):
        if not feature.valid_in(year):
            out_of_year += 1
            continue
        owner = codes.get(feature.code)
        if owner is None:
            not_council += 1
            continue
        council_id, current = owner
        rank = (layer_order.get(feature.layer, len(LAYER_PREFERENCE)), 0 if current else 1, order)
        if council_id not in best or rank < best[council_id][0]:
            best[council_id] = (rank, feature)

    ticker = Ticker(progress, len(best), every=50)
    geometries: dict[int, dict[str, Any]] = {}
    empty = 0
    for council_id, (_, feature) in best.items():
        try:
            if decoder is not None:
                geometry = decoder.geometry(feature.geometry)
            else:
                geometry = round_geometry(feature.geometry, PRECISION) if feature.geometry else None
        except TopologyError as exc:
            errors.add(None, feature.where, str(exc))
            continue
        if geometry is None:
            empty += 1
        else:
            geometries[council_id] = geometry
        ticker.tick()
    errors.raise_if_any()

    to_update = []
    councils = Council.objects.filter(pk__in=list(geometries)).only("id", "boundary", "boundary_year")
    for council in councils:
        geometry = geometries[council.pk]
        if council.boundary != geometry or council.boundary_year != year:
            council.boundary, council.boundary_year = geometry, year
            to_update.append(council)
    Council.objects.bulk_update(to_update, ["boundary", "boundary_year"], batch_size=100)
    ticker.finish()

    used = len(geometries)
    report = ImportReport(rows=len(features), updated=len(to_update), unchanged=used - len(to_update))
    report.skipped = len(features) - used
    report.notes.append(
        f"{used} councils have a {year} boundary; skipped {out_of_year} features not valid in {year}, "
        f"{not_council} for areas that are not councils (regions, countries, ...), "
        f"{len(features) - out_of_year - not_council - len(best)} duplicates from a less preferred layer"
        + (f", {empty} empty geometries" if empty else "")
        + "."
    )
    missing = (
        Council.objects.filter(is_current=True, type__in=PRINCIPAL_TYPES, boundary__isnull=True)
        .order_by("name")
        .values_list("name", flat=True)
    )
    if missing:
        report.notes.append(f"Current principal councils without a boundary: {', '.join(missing[:20])}.")
    return report
