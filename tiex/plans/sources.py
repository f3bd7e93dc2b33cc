"""Where an action came from, for reading the plan: each source kind's label and link.

Plans does not import the apps that feed it. An app that adds actions registers, once, a
function that describes its sources: given the source ids of some actions, it returns each
id's ``Source`` (a label such as "Corporate peer challenge, March 2019" and, where the
source has a page, its address) in one query. Kinds nobody registered are described by
their ``SourceKind`` label alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tiex.plans.models import Action, SourceKind


@dataclass(frozen=True)
class Source:
    label: str
    href: str = ""


Describer = Callable[[list[int]], dict[int, Source]]

_DESCRIBERS: dict[str, Describer] = {}


def register(kind: str, describer: Describer) -> None:
    """Describe the sources of ``kind`` with ``describer`` (called from an app's ``ready()``)."""
    if kind not in SourceKind.values:
        raise ValueError(f"Unknown source kind {kind!r}")
    _DESCRIBERS[kind] = describer


def describe(actions: Iterable[Action]) -> None:
    """Give each action a ``source`` (a ``Source``): one query per registered kind present."""
    listed = list(actions)
    by_kind: dict[str, set[int]] = {}
    for action in listed:
        by_kind.setdefault(action.source_kind, set()).add(action.source_id)
    found: dict[tuple[str, int], Source] = {}
    for kind, ids in by_kind.items():
        describer = _DESCRIBERS.get(kind)
        if describer is not None:
            found.update({(kind, pk): source for pk, source in describer(sorted(ids)).items()})
    labels = dict(SourceKind.choices)
    for action in listed:
        fallback = Source(label=labels.get(action.source_kind, action.source_kind))
        action.source = found.get((action.source_kind, action.source_id), fallback)  # type: ignore[attr-defined]
