"""Which councils to talk to about sharing a service: pure ranking over plain data (no ORM).

selectors_interests.interest_suggestions gathers the facts in a few queries; this module
turns them into an ordered list of suggestions, each with the reasons for it:

* a council is suggested when it shares the service already (it is in a partnership, not
  ended, tagged with the category) or has a published, open interest in the same category;
* councils similar to the asking council (a statistical neighbour, the same type of
  council) and its geographic neighbours come first; then the rest;
* within each of those two groups, nearest first, by the great-circle distance between
  the councils' centroids (haversine); councils whose centre is not known come last, by name.

Example reasons: "shares legal services with Mid Suffolk in Anglia Legal; 12 km away; a
statistical neighbour".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tiex.councils.geo import distance_km


@dataclass(frozen=True)
class Place:
    """A council as the ranking needs it: who, and where its centre is."""

    pk: int
    name: str
    code: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class SharingFact:
    """``council`` is in partnership ``partnership_name`` (tagged with the category) with ``partners``."""

    council: Place
    partnership_pk: int
    partnership_name: str
    partners: tuple[str, ...] = ()


@dataclass(frozen=True)
class InterestFact:
    """``council`` has published an open interest in the category (``interest_pk``)."""

    council: Place
    interest_pk: int


@dataclass
class Suggestion:
    council: Place
    distance_km: float | None
    similar: str = ""  # "a statistical neighbour", "the same type of council", "" when neither
    neighbour: bool = False  # a geographic neighbour
    partnerships: list[tuple[int, str]] = field(default_factory=list)  # (pk, name)
    interest_pks: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def sentence_case(label: str) -> str:
    """A category label as it reads inside a sentence: "Legal services" -> "legal services" (acronyms kept)."""
    if len(label) > 1 and label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def _and(names: Iterable[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def km_phrase(value: float | None) -> str:
    if value is None:
        return "distance not known"
    return "under 1 km away" if value < 1 else f"{value:,.0f} km away"


def _distance(a: Place, b: Place) -> float | None:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def suggest(
    own: Place,
    category_label: str,
    sharing: Iterable[SharingFact],
    interests: Iterable[InterestFact],
    similar: Mapping[int, str] | None = None,
    neighbours: Iterable[int] = (),
    limit: int | None = None,
) -> list[Suggestion]:
    """The councils ``own`` might talk to about ``category_label``, best first, each with its reasons.

    ``similar`` maps a council's pk to why it is similar ("a statistical neighbour");
    ``neighbours`` are the pks of ``own``'s geographic neighbours. ``own`` is never suggested.
    """
    similar = similar or {}
    neighbour_set = set(neighbours)
    what = sentence_case(category_label)
    found: dict[int, Suggestion] = {}

    def entry(place: Place) -> Suggestion:
        if place.pk not in found:
            found[place.pk] = Suggestion(
                council=place,
                distance_km=_distance(own, place),
                similar=similar.get(place.pk, ""),
                neighbour=place.pk in neighbour_set,
            )
        return found[place.pk]

    for fact in sharing:
        if fact.council.pk == own.pk:
            continue
        item = entry(fact.council)
        if all(pk != fact.partnership_pk for pk, _ in item.partnerships):
            item.partnerships.append((fact.partnership_pk, fact.partnership_name))
            partners = [name for name in fact.partners if name != fact.council.name]
            with_whom = f" with {_and(partners)}" if partners else ""
            item.reasons.append(f"shares {what}{with_whom} in {fact.partnership_name}")
    for interest in interests:
        if interest.council.pk == own.pk:
            continue
        item = entry(interest.council)
        if not item.interest_pks:
            item.reasons.append(f"is also looking to share {what}")
        item.interest_pks.append(interest.interest_pk)

    for item in found.values():
        item.reasons.append(km_phrase(item.distance_km))
        if item.similar:
            item.reasons.append(item.similar)
        if item.neighbour:
            item.reasons.append("a geographic neighbour")

    def key(item: Suggestion) -> tuple[bool, bool, float, str, str]:
        first = bool(item.similar) or item.neighbour
        return (not first, item.distance_km is None, item.distance_km or 0.0, item.council.name, item.council.code)

    ranked = sorted(found.values(), key=key)
    return ranked if limit is None else ranked[: max(limit, 0)]
