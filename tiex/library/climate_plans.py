"""What a council climate plan from mySociety's register is, read from its row: pure functions, no ORM.

- ``plan_period``: the plan's own period ("2020-2030"), from the register's ``time_period``
  column or, where that is empty, a period written in the title ("Climate Change Strategy
  2021 to 2030"). A single year in a title is not a period (it is usually a target: "Net Zero
  by 2030"), so it is not used.
- ``describe``: the document's label and themes, from the mapping held as data in
  ``data/climate_plans.toml`` (by the register's ``type`` and ``scope``).
- ``parse_loose_date``: the register's other dates (2023-09-18, 15/02/2021, 14/9/20, 2023/01/24,
  13 March 2020).
"""

from __future__ import annotations

import datetime
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAPPING_PATH = Path(__file__).with_name("data") / "climate_plans.toml"

# 2020-2030, 2020 to 2030, 2021-25, 2020/21, 2015/16 to 2020/21; en and em dashes too (\u2013, \u2014).
_PERIOD = re.compile(
    r"(?<!\d)((?:19|20)\d\d)(?:/\d\d(?!\d))?\s*(?:-|\u2013|\u2014|to|/)\s*((?:19|20)\d\d|\d\d)(?:/(\d\d))?(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Period:
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.start} to {self.end}" if self.end != self.start else str(self.start)


def _full_year(text: str, start: int) -> int:
    if len(text) == 4:
        return int(text)
    return start - start % 100 + int(text)


def plan_period(text: str) -> Period | None:
    """The first period written in ``text`` whose end is not before its start, or None."""
    for match in _PERIOD.finditer(text or ""):
        start = int(match[1])
        end = _full_year(match[2], start)
        if match[3] and len(match[2]) == 4:  # 2020/21-style end: the financial year's second year
            end = _full_year(match[3], end)
        if start <= end <= start + 100:
            return Period(start, end)
    return None


def parse_loose_date(value: str) -> datetime.date | None:
    """Dates as the register writes them: 2023-09-18, 15/02/2021, 14/9/20, or a bare year."""
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%Y %B %d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    if re.fullmatch(r"(19|20)\d\d", value):
        return datetime.date(int(value), 1, 1)
    return None


@dataclass(frozen=True)
class Description:
    label: str  # "Action plan"
    themes: tuple[str, ...]
    known_type: bool
    known_scope: bool


@functools.cache
def mapping(path: Path = MAPPING_PATH) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def service_areas() -> tuple[str, ...]:
    return tuple(mapping().get("service_areas", ()))


def _key(value: str) -> str:
    return " ".join(value.split()).lower()


def _capitalised(value: str) -> str:
    text = " ".join(value.split())
    return text[:1].upper() + text[1:].lower() if text else ""


def describe(doc_type: str, scope: str) -> Description:
    """The label and themes of a document of this type and scope (types and scopes as the register writes them)."""
    data = mapping()
    types, scopes = data.get("types", {}), data.get("scopes", {})
    by_type = types.get(_key(doc_type))
    by_scope = scopes.get(_key(scope))
    label = by_type["label"] if by_type else _capitalised(doc_type)
    themes = [*(by_type or {}).get("themes", ()), *(by_scope or {}).get("themes", ())]
    return Description(
        label=label,
        themes=tuple(dict.fromkeys(themes)),
        known_type=by_type is not None,
        known_scope=by_scope is not None,
    )
