"""Finding councils by name, for files that name councils rather than code them.

Every council is indexed under its name, official name and alternative names,
normalised (tiex.councils.names.normalise_name), and also under a *loose* form
without trailing words such as "borough", "council" or "county", so DfE's
"Bedford Borough" finds mySociety's "Bedford" and "Dorset" finds the former
"Dorset County" when a former council is wanted. An exact match always beats a
loose one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from tiex.councils.models import Council, CouncilType, Powers
from tiex.councils.names import normalise_name

NOT_COUNCILS = frozenset({CouncilType.COMBINED_AUTHORITY, CouncilType.STRATEGIC_REGIONAL_AUTHORITY})
UPPER_OR_UNITARY = frozenset({Powers.UPPER_TIER, Powers.UNITARY})
GENERIC_WORDS = frozenset({"borough", "council", "county", "city", "district", "metropolitan"})


@dataclass(frozen=True)
class Candidate:
    council_id: int
    la_code: str
    is_current: bool
    type: str
    powers: str

    @property
    def is_council(self) -> bool:
        return self.type not in NOT_COUNCILS


def loosen(key: str) -> str:
    """A normalised name without trailing generic words ("bedford borough" -> "bedford")."""
    words = key.split()
    while len(words) > 1 and words[-1] in GENERIC_WORDS:
        words.pop()
    return " ".join(words)


class NameIndex:
    def __init__(self, exact: dict[str, list[Candidate]], loose: dict[str, list[Candidate]]):
        self.exact = exact
        self.loose = loose

    @classmethod
    def build(cls) -> NameIndex:
        exact: dict[str, list[Candidate]] = defaultdict(list)
        loose: dict[str, list[Candidate]] = defaultdict(list)
        rows = Council.objects.values_list(
            "id", "la_code", "name", "official_name", "alt_names", "is_current", "type", "powers"
        )
        for council_id, la_code, name, official_name, alt_names, is_current, kind, powers in rows:
            candidate = Candidate(council_id, la_code, is_current, kind, powers)
            keys = {normalise_name(n) for n in [name, official_name, *alt_names.splitlines()] if n.strip()}
            for key in keys:
                exact[key].append(candidate)
            for key in {loosen(key) for key in keys}:
                loose[key].append(candidate)
        return cls(dict(exact), dict(loose))

    def find(self, name: str, keep: Callable[[Candidate], bool] = lambda c: True) -> list[Candidate]:
        """Candidates passing ``keep`` under the exact name, or failing that under the loose name."""
        key = normalise_name(name)
        for table, lookup_key in ((self.exact, key), (self.loose, loosen(key))):
            found = [c for c in table.get(lookup_key, []) if keep(c)]
            if found:
                return found
        return []

    def _first(self, name: str, *preferences: Callable[[Candidate], bool]) -> list[int]:
        for keep in preferences:
            found = self.find(name, keep)
            if found:
                return sorted({c.council_id for c in found})
        return []

    def current(self, name: str) -> list[int]:
        """Ids of the current councils with this name; councils proper beat combined authorities."""
        return self._first(name, lambda c: c.is_current and c.is_council, lambda c: c.is_current)

    def upper_tier(self, name: str, *, former: bool = False) -> list[int]:
        """Ids of upper-tier or unitary councils with this name: current ones, or former ones if ``former``."""
        return self._first(
            name,
            lambda c: c.is_council and c.powers in UPPER_OR_UNITARY and c.is_current != former,
            lambda c: c.is_council and c.powers in UPPER_OR_UNITARY,
            lambda c: c.is_council,
        )
