"""Reads about a council's climate commitments: net zero promises and its climate emergency declaration.

Companion to selectors.py (split for size): reads only, one query for a council found by
``selectors.council_lookup`` (which joins its declaration), two for any other. The
data is mySociety and Climate Emergency UK's (CC BY 4.0), imported by importers/climate.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiex.core.datasets import DatasetNotFound, DatasetSpec, dataset_spec
from tiex.councils.models import ClimateEmergencyDeclaration, Council, NetZeroCommitment

DATASETS = ("net-zero-commitments", "climate-emergency-declarations")
# Whole-area promises first, then the council's own operations, then anything else.
SCOPE_ORDER = {"Whole area": 0, "Council operations": 1}


@dataclass(frozen=True)
class ClimateCommitments:
    commitments: list[NetZeroCommitment]
    declaration: ClimateEmergencyDeclaration | None

    def __bool__(self) -> bool:
        return bool(self.commitments) or self.declaration is not None


def climate_commitments(council: Council) -> ClimateCommitments:
    """The council's net zero commitments (whole area first) and its declaration, if any."""
    commitments = sorted(
        NetZeroCommitment.objects.filter(council=council),
        key=lambda item: (SCOPE_ORDER.get(item.scope, len(SCOPE_ORDER)), item.scope),
    )
    # council_lookup() brings the declaration with the council (None when there is none);
    # any other council costs one more query here.
    declaration: ClimateEmergencyDeclaration | None = getattr(council, "climate_declaration", None)
    return ClimateCommitments(commitments=commitments, declaration=declaration)


def climate_sources() -> list[DatasetSpec]:
    """The two datasets' manifest entries (publisher, licence, attribution), as the profile credits them."""
    sources = []
    for slug in DATASETS:
        try:
            sources.append(dataset_spec(slug))
        except DatasetNotFound:
            continue
    return sources
