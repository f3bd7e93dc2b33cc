"""Checks the councils importer makes of what it loads, as row warnings with the fix applied.

mySociety's list is carefully kept but carries a few errors a visitor must not see as fact:

* **Record dates given as start dates.** Most councils' ``start-date`` is blank; about 75
  carry a date between 27 May and 28 June 2005 (Leeds 8 June, Bristol 18 June 2005) that is
  when their entry in the former GOV.UK local-authority register was recorded, not when the
  council began: no UK council was created in 2005. Start dates in ``REGISTER_RECORD_DATES``,
  and any other start date shared by ``SHARED_DATE_LIMIT`` or more councils that is not a
  1 April (the day reorganisations take effect), are left out.
* **Dates in the future** (after the day of the import) are left out.
* **A region that disagrees with the county's districts.** Regions are made of whole
  counties, so a county and its districts are in one region. Where more than half of a
  county's current districts share a region, the county and any district that disagrees are
  given that region (Derbyshire and Lincolnshire are in the East Midlands; the file puts them
  in the West Midlands and Yorkshire and The Humber). Without such a majority the region is
  left out.
* **A county centroid far from its districts.** Several counties' ``lat``/``long`` fall
  outside the county (Kent's is in London, Lancashire's in the East Midlands). When a county
  with at least ``CENTROID_MIN_DISTRICTS`` current districts lies more than
  ``CENTROID_LIMIT_KM`` from the mean of their centroids, that mean is used instead.

Each fix is recorded twice: as a warning in the import report (listed on /data/), whose
message starts with the council's name and codes, and in the council's ``corrections``
(field -> sentence), which the profile shows beside the value.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any, Protocol

from tiex.core.importing import ImportReport
from tiex.councils.geo import distance_km, mean_point

REGISTER_RECORD_DATES = (datetime.date(2005, 5, 1), datetime.date(2005, 7, 31))
SHARED_DATE_LIMIT = 10
CENTROID_LIMIT_KM = 25.0
CENTROID_MIN_DISTRICTS = 3


class Record(Protocol):
    line: int
    la_code: str
    gss_code: str | None
    values: dict[str, Any]
    county: str


def _long_date(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def check_records(records: dict[str, Any], report: ImportReport, today: datetime.date) -> None:
    """Apply every check to the parsed records (in place), warning on the report for each fix."""
    for record in records.values():
        record.values["corrections"] = {}
    _check_dates(records, report, today)
    _check_regions(records, report)
    _check_centroids(records, report)


def who(record: Record) -> str:
    """The council a warning is about, as its message starts: "Derbyshire County Council (E10000007, DBY)"."""
    values = record.values
    name = values.get("official_name") or values.get("name") or record.la_code
    codes = ", ".join(code for code in (record.gss_code, record.la_code) if code)
    return f"{name} ({codes})"


def _warn(report: ImportReport, record: Record, column: str, message: str, *, action: str) -> None:
    report.warn(record.line, column, f"{who(record)}: {message}", action=action)


def _correct(record: Record, field: str, sentence: str) -> None:
    record.values["corrections"][field] = sentence


def _check_dates(records: dict[str, Any], report: ImportReport, today: datetime.date) -> None:
    shared = Counter(record.values["start_date"] for record in records.values() if record.values["start_date"])
    for record in records.values():
        start = record.values["start_date"]
        if start is not None:
            in_window = REGISTER_RECORD_DATES[0] <= start <= REGISTER_RECORD_DATES[1]
            common = shared[start] >= SHARED_DATE_LIMIT and (start.month, start.day) != (4, 1)
            if in_window or common:
                reason = (
                    "is when the council's entry in the local-authority register was recorded, not when it began"
                    if in_window
                    else f"is shared by {shared[start]} councils, so it marks the record, not the council's start"
                )
                _warn(report, record, "start-date", f"{start} {reason}", action="shown without a start date")
                record.values["start_date"] = None
                _correct(record, "start_date", f"The source gives {_long_date(start)}, which {reason}.")
        for column, name in (("start-date", "start_date"), ("end-date", "end_date")):
            value = record.values[name]
            if value is not None and value > today:
                _warn(report, record, column, f"{value} is in the future", action=f"shown without a {column}")
                record.values[name] = None
                _correct(record, name, f"The source gives {_long_date(value)}, a date still to come.")


def _check_regions(records: dict[str, Any], report: ImportReport) -> None:
    districts: dict[str, list[Any]] = {}
    for record in records.values():
        if record.county and record.values["is_current"] and record.county in records:
            districts.setdefault(record.county, []).append(record)
    for county_code, members in districts.items():
        county = records[county_code]
        if not county.values["is_current"]:
            continue
        votes = Counter(member.values["region"] for member in members if member.values["region"])
        region, count = votes.most_common(1)[0] if votes else ("", 0)
        if count * 2 <= len(members):
            region = ""
        for record in [county, *members]:
            given = record.values["region"]
            if given == region or (not region and not given):
                continue
            whose = "its districts" if record is county else f"its county ({county.values['name']}) and its districts"
            if region:
                message = f"{given or 'no region'} disagrees with {whose}, which are in {region}"
                action = f"shown as {region}, stated as corrected"
                sentence = f"Corrected from {given or 'none'} in the source: {whose} are in {region}."
            else:
                message = f"{given} cannot be checked: {county.values['name']}'s districts are in different regions"
                action = "shown without a region"
                sentence = f"The source gives {given}, which its county's districts do not agree on."
            _warn(report, record, "region", message, action=action)
            record.values["region"] = region
            _correct(record, "region", sentence)


def _check_centroids(records: dict[str, Any], report: ImportReport) -> None:
    points: dict[str, list[tuple[float, float]]] = {}
    for record in records.values():
        lat, lon = record.values["latitude"], record.values["longitude"]
        if record.county and record.values["is_current"] and lat is not None and lon is not None:
            points.setdefault(record.county, []).append((lat, lon))
    for county_code, members in points.items():
        county = records.get(county_code)
        if county is None or len(members) < CENTROID_MIN_DISTRICTS:
            continue
        lat, lon = county.values["latitude"], county.values["longitude"]
        middle = mean_point(members)
        if lat is None or lon is None:
            continue
        away = distance_km(lat, lon, *middle)
        if away > CENTROID_LIMIT_KM:
            _warn(
                report,
                county,
                "lat",
                f"the centroid ({lat:.3f}, {lon:.3f}) is {away:.0f} km from the middle of its districts",
                action=f"the middle of its districts ({middle[0]:.3f}, {middle[1]:.3f}) is used for distances",
            )
            county.values["latitude"], county.values["longitude"] = round(middle[0], 6), round(middle[1], 6)
            _correct(county, "centroid", f"The source's centroid is {away:.0f} km from the middle of its districts.")
