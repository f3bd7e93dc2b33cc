"""Importers for the council reference datasets (named in tiex/core/datasets.toml).

Each is ``(path, *, dataset, progress) -> ImportReport``, run inside one
transaction by tiex.core.importing.run_import: it validates every row, raises
ImportFailed with all the problems (so a bad file changes nothing), and upserts
on natural keys (so re-importing a file changes nothing). docs/data.md
describes the datasets and how each maps onto the models.
"""

from tiex.councils.importers.boundaries import import_boundaries
from tiex.councils.importers.climate import import_climate_emergency_declarations, import_net_zero_commitments
from tiex.councils.importers.codes import import_council_codes
from tiex.councils.importers.comparators import (
    import_dfe_neighbours,
    import_geographic_neighbours,
    import_similarity_clusters,
)
from tiex.councils.importers.control import import_control
from tiex.councils.importers.councillors import import_councillors
from tiex.councils.importers.councils import import_councils

__all__ = [
    "import_boundaries",
    "import_climate_emergency_declarations",
    "import_control",
    "import_council_codes",
    "import_councillors",
    "import_councils",
    "import_dfe_neighbours",
    "import_geographic_neighbours",
    "import_net_zero_commitments",
    "import_similarity_clusters",
]
