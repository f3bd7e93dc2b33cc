"""The public CSV download of a search (/exchange/resources.csv): the export's columns, each code
beside a label a reader can use, and whether the row is demo content.

The columns the editors' import reads come from ``exporters`` unchanged (so a download can
still be edited and imported); each column of slugs or codes is followed by one of names
(``type_name`` after ``type``, ``theme_names`` after ``themes``, ``council_names`` after
``councils`` ...), and ``collection``, ``collection_name`` and ``demo`` (true/false) come last. A column the
export already has is not added twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from tiex.library import exporters
from tiex.library.choices import Collection, EvidenceLevel, ResourceType, collection_of
from tiex.library.models import ResourcePage

_JOIN = "; "
_TYPE_NAMES = dict(ResourceType.choices)
_EVIDENCE_NAMES = dict(EvidenceLevel.choices)
_COLLECTION_NAMES = dict(Collection.choices)

# Code column -> (label column, the label of a resource).
LABELS: dict[str, tuple[str, Callable[[ResourcePage], str]]] = {
    "type": ("type_name", lambda page: _TYPE_NAMES.get(page.resource_type, page.resource_type)),
    "themes": ("theme_names", lambda page: _JOIN.join(theme.name for theme in page.themes.all())),
    "service_areas": ("service_area_names", lambda page: _JOIN.join(area.name for area in page.service_areas.all())),
    "councils": ("council_names", lambda page: _JOIN.join(council.name for council in page.councils.all())),
    "replicated_by": (
        "replicated_by_names",
        lambda page: _JOIN.join(council.name for council in page.replicated_by.all()),
    ),
    "evidence_level": (
        "evidence_level_name",
        lambda page: _EVIDENCE_NAMES.get(page.evidence_level, page.evidence_level),
    ),
}
EXTRA: dict[str, Callable[[ResourcePage], Any]] = {
    "collection": lambda page: collection_of(page.source_dataset),
    "collection_name": lambda page: _COLLECTION_NAMES[collection_of(page.source_dataset)],
    "demo": lambda page: "true" if page.is_demo else "false",
}


def _layout() -> list[tuple[str, int | Callable[[ResourcePage], Any]]]:
    """(column, index in the export's row or a function of the resource), in download order."""
    base = list(exporters.DOWNLOAD_COLUMNS)
    layout: list[tuple[str, int | Callable[[ResourcePage], Any]]] = []
    for at, column in enumerate(base):
        layout.append((column, at))
        label = LABELS.get(column)
        if label is not None and label[0] not in base:
            layout.append(label)
    layout += [(column, value) for column, value in EXTRA.items() if column not in base]
    return layout


def columns() -> list[str]:
    return [column for column, _value in _layout()]


def rows(pages: list[ResourcePage], request: HttpRequest | None = None) -> Any:
    """Each resource as a row in ``columns()`` order (uses the selector's prefetches)."""
    layout = _layout()
    for page in pages:
        row = exporters.resource_row(page, request)
        yield [row[value] if isinstance(value, int) else value(page) for _column, value in layout]
