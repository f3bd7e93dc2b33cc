"""Demo partnerships for `tiex demo`: real councils, made-up partnerships, the published totals.

``load_demo`` is called by ``tiex demo`` (and by ``tiex bootstrap`` on a new database).
What it builds is set in partnerships.toml beside this file: the published figures to
reproduce, how many partnerships start each year, who works with whom (patterns) and
what they share (templates), and a few partnerships of councils since merged.

Every partnership is drawn from one random generator seeded from the file, so every run
with the same councils builds the same demo. Councils come from the spine: a lead
council of the pattern's type, then its nearest neighbours by centroid (districts of the
same county first); a former council without a centroid of its own is placed at its
successor's. A partnership whose councils were abolished ends in the year they were
(the map shows it within the successor's area).

Calibration, with the map's totals definition (counted in year Y when it started by Y
and had not ended by then; cumulative = its rows up to Y plus its "earlier years" row):
each year's savings are spread over the partnerships counted in it, by each one's size
and how long it has run, and scaled to that year's figure; older partnerships carry what
they saved before 2012/13 as an "earlier years" row, and partnerships new to the 2017
and 2018 editions may carry savings from joint working before they were set up. Amounts
are rounded to £1,000, so the totals match the published figures to well within 1%.

It is fast (a few bulk inserts) and idempotent: it replaces the demo partnerships (keyed
on their DEMO- references, so their ids stay the same) and never touches any other.
"""

from __future__ import annotations

import math
import random
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from tiex.councils.models import Council, Nation
from tiex.partnerships.csv_format import CellError, parse_other_partners
from tiex.partnerships.demo.plans import LAST_DATA_YEAR, Plan
from tiex.partnerships.demo.write import write_plans
from tiex.partnerships.demo_rounds import load_demo_rounds
from tiex.partnerships.lookups import CouncilLookup
from tiex.partnerships.models import Partnership, SavingsEvidence, SavingsStatus, ServiceCategory

DEMO_PATH = Path(__file__).with_name("partnerships.toml")
DEMO_TYPES = ("CTY", "NMD", "UA", "MD", "LBO", "CC")


def read_config(path: Path = DEMO_PATH) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class Place:
    id: int
    name: str
    type: str
    county_id: int | None
    lat: float
    lon: float
    created: int | None  # the year a council set up since 2019 began
    ended: int | None  # the year it was abolished


def _places() -> dict[int, Place]:
    rows = list(
        Council.objects.filter(nation=Nation.ENGLAND, type__in=DEMO_TYPES).values(
            "id", "name", "type", "county_id", "latitude", "longitude", "start_date", "end_date"
        )
    )
    successor = dict(Council.successors.through.objects.values_list("from_council_id", "to_council_id"))
    where = {row["id"]: (row["latitude"], row["longitude"]) for row in rows}
    all_where = {pk: (lat, lon) for pk, lat, lon in Council.objects.values_list("id", "latitude", "longitude")}
    places = {}
    for row in rows:
        pk, lat, lon = row["id"], *where[row["id"]]
        seen = {pk}
        while lat is None and successor.get(pk) and successor[pk] not in seen:
            pk = successor[pk]
            seen.add(pk)
            lat, lon = all_where.get(pk, (None, None))
        if lat is None or lon is None:
            continue
        start, end = row["start_date"], row["end_date"]
        places[row["id"]] = Place(
            row["id"],
            row["name"],
            row["type"],
            row["county_id"],
            lat,
            lon,
            start.year if start and start.year >= 2019 else None,
            end.year if end else None,
        )
    return places


def _distance(a: Place, b: Place) -> float:
    dx = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot(dx, a.lat - b.lat)


def _join(names: Sequence[str]) -> str:
    """ "Babergh and Mid Suffolk"; a name with its own "and" takes "&" ("Mole Valley and Reigate & Banstead")."""
    names = [name.replace(" and ", " & ") for name in names] if len(names) > 1 else list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


class Builder:
    def __init__(self, config: dict[str, Any], places: dict[int, Place], categories: set[int]):
        self.config = config
        self.places = places
        self.categories = categories
        self.rng = random.Random(config["seed"])  # noqa: S311 (demo data, nothing secret)
        self.names: set[str] = set()
        self.plans: list[Plan] = []

    def pool(self, year: int, types: Sequence[str]) -> list[Place]:
        """Councils of these types that existed in ``year`` and lasted at least to 2018/19 (or still exist)."""
        cutoff = LAST_DATA_YEAR + 1 if year <= LAST_DATA_YEAR else timezone.now().year + 1
        return [
            p
            for p in self.places.values()
            if p.type in types and (p.ended is None or p.ended >= cutoff) and (p.created is None or p.created <= year)
        ]

    def group(self, pattern: dict[str, Any], year: int) -> list[Place] | None:
        leads = self.pool(year, pattern["lead"])
        if not leads:
            return None
        lead = self.rng.choice(sorted(leads, key=lambda p: p.id))
        if pattern.get("all_districts"):
            districts = [p for p in self.pool(year, ["NMD"]) if p.county_id == lead.id]
            return [lead, *sorted(districts, key=lambda p: p.name)] if len(districts) >= 2 else None
        size = self.rng.choice(pattern["sizes"])
        near = sorted(
            (p for p in self.pool(year, pattern["partners"]) if p.id != lead.id),
            key=lambda p: (p.county_id != lead.county_id if lead.type == "NMD" else False, _distance(lead, p)),
        )
        chosen = [lead, *near[:size]]
        if pattern.get("with_county"):
            county = self.places.get(lead.county_id or 0)
            if county is None:
                return None
            chosen.append(county)
        return chosen if len(chosen) >= 2 else None

    def area(self, lead: Place) -> str:
        county = self.places.get(lead.county_id or 0) if lead.type == "NMD" else None
        return county.name if county else lead.name

    def places_text(self, councils: list[Place]) -> str:
        if len(councils) <= 3:
            return _join([c.name for c in councils])
        lead = councils[0]
        if lead.type == "CTY" or (lead.type == "NMD" and lead.county_id in self.places):
            return f"{self.area(lead)} councils"
        return f"{lead.name} and neighbouring councils"

    def generic(self, reference: str, year: int, *, ended_by: int | None = None) -> Plan | None:
        """A partnership starting in ``year``; None when the councils are too few to make a new one."""
        patterns = self.config["pattern"]
        for _ in range(40):
            pattern = self.rng.choices(patterns, weights=[p["weight"] for p in patterns])[0]
            fits = [t for t in self.config["template"] if pattern["name"] in t.get("patterns", [pattern["name"]])]
            template = self.rng.choices(fits, weights=[t["weight"] for t in fits])[0]
            councils = self.group(pattern, year)
            if not councils:
                continue
            name = self.rng.choice(template["names"]).format(
                places=self.places_text(councils), area=self.area(councils[0])
            )
            if name in self.names:
                continue
            return self.plan(reference, name, template, councils, year, ended_by)
        return None

    def plan(
        self,
        reference: str,
        name: str,
        template: dict[str, Any],
        councils: list[Place],
        year: int,
        ended_by: int | None,
    ) -> Plan:
        self.names.add(name)
        abolished = [c.ended for c in councils if c.ended is not None]
        area = self.area(councils[0])
        partners = parse_other_partners("; ".join(p.format(area=area) for p in template.get("partners", [])))
        weight = template.get("size", 1.0) * self.rng.lognormvariate(0, 0.8) * (1 + 0.25 * (len(councils) - 2))
        return Plan(
            reference=reference,
            name=name,
            description=template["description"],
            kind=template["kind"],
            start_year=year,
            end_year=ended_by or (min(abolished) if abolished else None),
            councils=[c.id for c in councils],
            categories=[c for c in template.get("categories", []) if c in self.categories],
            weight=weight,
            partners=partners,
            tags=list(template.get("benefits", [])),
            benefits=template.get("benefits_text", ""),
        )

    def historic(self, lookup: CouncilLookup) -> list[Plan]:
        plans = []
        for number, entry in enumerate(self.config.get("historic", []), start=1):
            try:
                ids = [lookup.find(name) for name in entry["councils"]]
            except CellError:
                continue  # the councils are not imported: leave it out
            councils = [self.places[pk] for pk in ids if pk in self.places]
            if len(councils) != len(ids):
                continue
            template = {**entry, "names": [entry["name"]], "benefits": ["resilience", "capacity"]}
            plans.append(self.plan(f"DEMO-H{number:02d}", entry["name"], template, councils, entry["start_year"], None))
        return plans


def build(config: dict[str, Any], places: dict[int, Place], categories: set[int], lookup: CouncilLookup) -> list[Plan]:
    """Every demo partnership with its savings, calibrated to the published figures."""
    builder = Builder(config, places, categories)
    calibration = config["calibration"]
    published = {row["year"]: row for row in config["published"]}
    historic = builder.historic(lookup)
    counts = {int(year): count for year, count in calibration["new_partnerships"].items()}
    counts[2017] = published[2017]["partnerships"] - published[2016]["partnerships"]
    counts[LAST_DATA_YEAR] = published[LAST_DATA_YEAR]["partnerships"] - published[2017]["partnerships"]
    if published[2012]["partnerships"] + sum(counts[y] for y in range(2013, 2017)) != published[2016]["partnerships"]:
        raise ValueError("partnerships.toml: new_partnerships for 2013 to 2016 do not add up to the 2016/17 count")
    rng = builder.rng
    first = config["first_start_year"]
    old_years = [rng.choices(range(first, 2013), weights=range(1, 2014 - first))[0] for _ in range(400)]
    starts: list[int] = []
    for year, count in [(2012, published[2012]["partnerships"]), *sorted(counts.items())]:
        own = sum(1 for h in historic if (h.start_year <= 2012 if year == 2012 else h.start_year == year))
        starts += (old_years.pop() if year == 2012 else year for _ in range(count - own))
    drafts: list[Plan | None] = list(historic)
    for number, year in enumerate(starts, start=1):
        drafts.append(builder.generic(f"DEMO-{number:04d}", year))
    for offset in range(calibration["ended_before_2012"]):
        start = rng.randint(first, 2008)
        drafts.append(builder.generic(f"DEMO-E{offset + 1:02d}", start, ended_by=rng.randint(start + 2, 2012)))
    for offset in range(calibration["in_development"]):
        plan = builder.generic(f"DEMO-D{offset + 1:02d}", rng.choice([2019, 2020]))
        if plan is not None:
            plan.has_savings, plan.reason = False, calibration["in_development_reason"]
        drafts.append(plan)
    plans = [plan for plan in drafts if plan is not None]  # with too few councils, fewer partnerships
    reasons = [r["text"] for r in config["no_savings_reason"]]
    for plan in plans:
        generic = plan.start_year <= LAST_DATA_YEAR and not plan.reference.startswith("DEMO-H")
        if generic and rng.random() < calibration["no_savings_share"]:
            plan.has_savings, plan.reason = False, rng.choice(reasons)
    _calibrate(plans, config, rng)
    return plans


def _spread(plans: list[Plan], total: int, weights: list[float], year: int | None) -> None:
    if not plans:
        return
    scale = total / sum(weights)
    for plan, weight in zip(plans, weights, strict=True):
        plan.savings[year] = max(1000, round(weight * scale / 1000) * 1000)


def _calibrate(plans: list[Plan], config: dict[str, Any], rng: random.Random) -> None:
    calibration = config["calibration"]
    published = {row["year"]: row for row in config["published"]}
    in_year = {**{int(y): v for y, v in calibration["in_year_gbp"].items()}, 2018: published[2018]["in_year_gbp"]}
    cumulative = {year: row["cumulative_gbp"] for year, row in published.items()}
    if cumulative[2012] + sum(in_year[y] for y in range(2013, 2017)) != cumulative[2016]:
        raise ValueError("partnerships.toml: in_year_gbp for 2013 to 2016 must add up to the growth from 2012 to 2016")
    saving = [p for p in plans if p.has_savings]
    for year in range(2012, LAST_DATA_YEAR + 1):
        counted = [p for p in saving if p.counted(year)]
        ramp = [{0: 0.5, 1: 0.85}.get(year - p.start_year, 1.0) * rng.uniform(0.85, 1.15) for p in counted]
        _spread(counted, in_year[year], [p.weight * r for p, r in zip(counted, ramp, strict=True)], year)
    old = [p for p in saving if p.start_year < 2012 and p.counted(2012)]
    weights = [p.weight * (2012 - p.start_year) * rng.uniform(0.8, 1.2) for p in old]
    _spread(old, cumulative[2012] - in_year[2012], weights, None)
    for year in (2017, LAST_DATA_YEAR):
        new = [p for p in saving if p.start_year == year and rng.random() < calibration["earlier_history_share"]]
        for plan in new:
            plan.history = True
            plan.description += " It formalised joint working the councils had begun earlier."
        carry = cumulative[year] - cumulative[year - 1] - in_year[year]
        _spread(new, carry, [p.weight * rng.uniform(0.8, 1.2) for p in new], None)
    for plan in saving:  # the partnerships that ended before 2012/13: a modest saving each year they ran
        if plan.end_year is not None and plan.end_year <= 2012:
            for year in range(plan.start_year, plan.end_year):
                plan.savings[year] = max(1000, round(plan.weight * 120_000 / 1000) * 1000)
    evidence = calibration["evidence"]
    for plan in saving:
        for saved_in in plan.savings:
            share = calibration["expected_share_new_2018" if plan.start_year == 2018 else "expected_share_2018"]
            if saved_in == LAST_DATA_YEAR and rng.random() < share:
                plan.basis[saved_in] = (SavingsStatus.EXPECTED, rng.choice([SavingsEvidence.NONE, "council_return"]))
            else:
                kind = rng.choices(list(evidence), weights=list(evidence.values()))[0]
                plan.basis[saved_in] = (SavingsStatus.ACHIEVED, kind)


def load_demo(*, if_empty: bool = False) -> str:
    """Create or replace the demo partnerships; with ``if_empty``, only when there are none yet."""
    if if_empty and Partnership.objects.filter(is_demo=True).exists():
        return "demo partnerships are already loaded."
    places = _places()
    if not places:
        return "no demo partnerships: import the councils first (tiex bootstrap)."
    categories = dict(ServiceCategory.objects.filter(level__lte=2).values_list("identifier", "pk"))
    plans = build(read_config(), places, set(categories), CouncilLookup())
    counts = write_plans(plans, categories)
    rounds = load_demo_rounds()
    return (
        f"{len(plans)} demo partnerships ({counts['created']} created, {counts['updated']} changed, "
        f"{counts['removed']} removed); {rounds}."
        + ("" if categories else " No esd functions yet, so no categories: import esd-functions first.")
    )
