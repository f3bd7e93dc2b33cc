"""Finding the councils and esd categories a partnerships file names (reads only).

Councils are named by GSS code (current or former: ``CouncilCode``), by mySociety code,
or by name, current or former, as the association's spreadsheets write them ("Aylesbury
Vale District Council", "Taunton Deane", "Bournemouth Borough Council"). Names go
through the councils app's name index (tiex.councils.importers.matching): an exact
match on a name, official name or alternative name beats a loose one without words
like "council" or "borough", and combined authorities lose to councils proper. A council
abolished since (Aylesbury Vale in 2020) is found as the former council, so the
partnership keeps its history and shows within its successor's area. A name that
matches no council, or several, is a row error suggesting the closest names (difflib).

The export writes each council by name when that name finds it again, and by code
otherwise, so an export always reads back to the same councils.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from tiex.councils.importers.matching import NameIndex
from tiex.councils.models import Council, CouncilCode
from tiex.councils.names import normalise_name
from tiex.partnerships.csv_format import CellError
from tiex.partnerships.models import ServiceCategory

GSS_CODE = re.compile(r"^[EWSNK]\d{8}$", re.IGNORECASE)
SUGGESTIONS = 3


@dataclass(frozen=True)
class CouncilInfo:
    id: int
    name: str
    code: str  # GSS code, or mySociety code for the few without one
    is_current: bool

    @property
    def described(self) -> str:
        return f"{self.name} ({self.code}{'' if self.is_current else ', former council'})"


class CouncilLookup:
    def __init__(self) -> None:
        self.index = NameIndex.build()
        self.councils = {
            pk: CouncilInfo(pk, name, gss or la_code, current)
            for pk, name, gss, la_code, current in Council.objects.values_list(
                "pk", "name", "gss_code", "la_code", "is_current"
            )
        }
        self.by_code: dict[str, int] = {}
        for pk, la_code, gss in Council.objects.values_list("pk", "la_code", "gss_code"):
            self.by_code[la_code.upper()] = pk
            if gss:
                self.by_code[gss.upper()] = pk
        for code, pk in CouncilCode.objects.values_list("code", "council_id"):
            self.by_code.setdefault(code.upper(), pk)
        names: dict[str, set[int]] = defaultdict(set)
        for info in self.councils.values():
            names[normalise_name(info.name)].add(info.id)
        self.names = dict(names)

    def find(self, value: str) -> int:
        """The council a cell names; ``CellError`` (with suggestions) when none or several match."""
        code = value.strip().upper()
        if code in self.by_code:
            return self.by_code[code]
        if GSS_CODE.match(code):
            raise CellError(f"{value!r} is not the GSS code of any council, current or former")
        found = sorted({c.council_id for c in self.index.find(value, lambda c: c.is_council)})
        if not found:
            found = sorted({c.council_id for c in self.index.find(value)})
        if len(found) == 1:
            return found[0]
        if found:
            named = "; ".join(self.councils[pk].described for pk in found)
            raise CellError(f"{value!r} matches more than one council: {named}. Give the GSS code instead")
        raise CellError(f"{value!r} matches no council, current or former.{self.suggest(value)}")

    def suggest(self, value: str) -> str:
        close = difflib.get_close_matches(normalise_name(value), list(self.names), n=SUGGESTIONS, cutoff=0.6)
        described = [self.councils[pk].described for key in close for pk in sorted(self.names[key])]
        return f" Did you mean: {'; '.join(described[:SUGGESTIONS])}?" if described else ""

    def cell(self, council_id: int) -> str:
        """How the export names a council: its name when that finds it again, else its code."""
        info = self.councils[council_id]
        try:
            if self.find(info.name) == council_id:
                return info.name
        except CellError:
            pass
        return info.code


class CategoryLookup:
    """esd functions at level 1 or 2, by identifier or label (ignoring case)."""

    def __init__(self) -> None:
        self.by_id: dict[int, tuple[str, int]] = {}
        labels: dict[str, list[int]] = defaultdict(list)
        for identifier, label, level, _pk in ServiceCategory.objects.values_list("identifier", "label", "level", "pk"):
            self.by_id[identifier] = (label, level)
            if level <= ServiceCategory.Level.SECOND:
                labels[" ".join(label.lower().split())].append(identifier)
        self.labels = dict(labels)
        self.pks = dict(ServiceCategory.objects.values_list("identifier", "pk"))

    def find(self, value: str) -> int:
        """The pk of the category a cell names."""
        if value.isdigit():
            identifier = int(value)
            if identifier not in self.by_id:
                raise CellError(f"{value} is not an esd function identifier (import esd-functions first?)")
            label, level = self.by_id[identifier]
            if level > ServiceCategory.Level.SECOND:
                raise CellError(f"{value} ({label}) is an esd function at level {level}; use level 1 or 2")
            return self.pks[identifier]
        found = self.labels.get(" ".join(value.lower().split()), [])
        if len(found) == 1:
            return self.pks[found[0]]
        if found:
            raise CellError(
                f"{value!r} is the label of esd functions {', '.join(map(str, found))}; give the identifier"
            )
        close = difflib.get_close_matches(value.lower(), list(self.labels), n=SUGGESTIONS, cutoff=0.6)
        hint = f" Did you mean: {'; '.join(close)}?" if close else ""
        raise CellError(f"{value!r} is not an esd function at level 1 or 2.{hint}")

    def cell(self, identifier: int, label: str) -> str:
        """How the export names a category: its label, or its identifier when the label is shared."""
        return label if len(self.labels.get(" ".join(label.lower().split()), [])) == 1 else str(identifier)
