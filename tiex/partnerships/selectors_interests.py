"""Reads for finding a partner: who may see which interest, and the councils to suggest.

The rule: a council's interest is seen by its own members always; by anyone else signed in
only when it is published (``visible_to_councils``). A private interest is never shown to
another council, nor used to suggest its council to anyone. Responses are seen by the
interested council's members and by the council that wrote them.

Partnerships are public data, so any partnership may ground a suggestion.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from tiex.accounts.roles import Role
from tiex.accounts.selectors import roles_of
from tiex.councils import comparators
from tiex.councils.models import ComparatorKind, Council, CouncilType
from tiex.partnerships import suggest
from tiex.partnerships.models import PartnershipCouncil, PartnershipStatus, ServiceCategory
from tiex.partnerships.models_interests import InterestResponse, InterestStatus, SharingInterest

SUGGESTIONS_SHOWN = 20


def member_council_ids(user: Any) -> list[int]:
    """The councils whose organisation this user belongs to (any role)."""
    roles = roles_of(user)
    return sorted(roles.council_roles) if roles.active else []


def may_respond_for(user: Any, council_id: int) -> bool:
    return roles_of(user).council_role(council_id) == Role.SUPER_USER


def member_councils(user: Any) -> list[tuple[int, str]]:
    """(pk, name) of the councils the user is a member of, by name (one query; none when there are none)."""
    ids = member_council_ids(user)
    if not ids:
        return []
    return list(Council.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))


def category_choices() -> list[tuple[int, str]]:
    """The esd categories an interest may name (levels 1 and 2): "Parent: child" for level 2, by that label."""
    rows = ServiceCategory.objects.filter(level__lte=2).values_list("pk", "label", "level", "parent__label")
    labelled = [(pk, label if level == 1 else f"{parent}: {label}") for pk, label, level, parent in rows]
    return sorted(labelled, key=lambda pair: pair[1].lower())


def category_get(pk: int) -> ServiceCategory | None:
    return ServiceCategory.objects.filter(pk=pk, level__lte=2).first()


def _with_related(queryset: QuerySet[SharingInterest]) -> QuerySet[SharingInterest]:
    return queryset.select_related("council", "category", "category__parent", "created_by")


def may_see(user: Any, interest: SharingInterest) -> bool:
    roles = roles_of(user)
    if not roles.authenticated or not roles.active:
        return False
    return interest.visible_to_councils or interest.council_id in roles.council_roles


def interest_get_for(user: Any, pk: int) -> SharingInterest | None:
    """The interest if this user may see it, else None (the view answers 404 either way)."""
    interest = _with_related(SharingInterest.objects.filter(pk=pk)).first()
    if interest is None or not may_see(user, interest):
        return None
    return interest


def interests_of_councils(council_ids: list[int]) -> list[SharingInterest]:
    """Every interest (open first, newest first) of these councils, private ones included."""
    if not council_ids:
        return []
    found = _with_related(SharingInterest.objects.filter(council_id__in=council_ids))
    return sorted(found, key=lambda interest: (not interest.is_open, -interest.created_at.timestamp(), -interest.pk))


def interests_published(*, excluding_council_ids: list[int]) -> list[SharingInterest]:
    """Open interests other councils have published, newest first."""
    found = SharingInterest.objects.filter(status=InterestStatus.OPEN, visible_to_councils=True).exclude(
        council_id__in=excluding_council_ids
    )
    return list(_with_related(found))


def _family(category: ServiceCategory) -> set[int]:
    """A category and, for a level 1 one, its level 2 children (as the map's category filter matches)."""
    family = {category.pk}
    if category.level == 1:
        family |= set(ServiceCategory.objects.filter(parent_id=category.pk).values_list("pk", flat=True))
    return family


def relevant_to(interests: list[SharingInterest], own: list[SharingInterest]) -> set[int]:
    """The pks of ``interests`` in the same category (or its parent or children) as an open one of ``own``."""
    mine: set[int] = set()
    for interest in own:
        if interest.is_open:
            mine.add(interest.category_id)
            if interest.category.parent_id:
                mine.add(interest.category.parent_id)
    return {
        interest.pk
        for interest in interests
        if interest.category_id in mine
        or (interest.category.parent_id is not None and interest.category.parent_id in mine)
    }


def responses_for(user: Any, interest: SharingInterest) -> list[InterestResponse]:
    """All responses for the interested council's members; another council sees only its own."""
    ids = member_council_ids(user)
    responses = InterestResponse.objects.filter(interest=interest).select_related("council", "created_by")
    if interest.council_id not in ids:
        responses = responses.filter(council_id__in=ids)
    return list(responses)


def _place(pk: int, name: str, gss: str | None, la: str, lat: float | None, lon: float | None) -> suggest.Place:
    return suggest.Place(pk=pk, name=name, code=gss or la, latitude=lat, longitude=lon)


PLACE_FIELDS = ("pk", "name", "gss_code", "la_code", "latitude", "longitude")


def interest_suggestions(interest: SharingInterest, limit: int = SUGGESTIONS_SHOWN) -> list[suggest.Suggestion]:
    """Councils the interested council might talk to, best first, with reasons (suggest.py).

    At most five queries: the category's children, the councils in partnerships sharing it,
    the published open interests in it, and the council's DfE statistical and geographic
    neighbours (when those apply to its tier). Former councils are not suggested.
    """
    own_council = interest.council
    family = _family(interest.category)
    rows = (
        PartnershipCouncil.objects.filter(partnership__categories__in=family)
        .exclude(partnership__status=PartnershipStatus.ENDED)
        .values_list(
            "partnership_id",
            "partnership__name",
            "council__is_current",
            "council__type",
            *(f"council__{name}" for name in PLACE_FIELDS),
        )
        .distinct()
        .order_by("partnership__name", "partnership_id", "council__name")
    )
    members: dict[int, list[tuple[suggest.Place, bool, str]]] = defaultdict(list)
    names: dict[int, str] = {}
    for partnership_id, partnership_name, is_current, council_type, *place in rows:
        names[partnership_id] = partnership_name
        members[partnership_id].append((_place(*place), is_current, council_type))
    types: dict[int, str] = {}
    codes_to_pk: dict[str, int] = {}
    sharing: list[suggest.SharingFact] = []
    for partnership_id, councils in members.items():
        everyone = tuple(place.name for place, _, _ in councils)
        for place, is_current, council_type in councils:
            if not is_current:
                continue
            types[place.pk] = council_type
            sharing.append(
                suggest.SharingFact(
                    council=place,
                    partnership_pk=partnership_id,
                    partnership_name=names[partnership_id],
                    partners=everyone,
                )
            )
    published = (
        SharingInterest.objects.filter(category__in=family, status=InterestStatus.OPEN, visible_to_councils=True)
        .exclude(council_id=own_council.pk)
        .filter(council__is_current=True)
        .order_by("pk")
        .values_list("pk", "council__type", *(f"council__{name}" for name in PLACE_FIELDS))
    )
    interests = []
    for interest_pk, council_type, *place in published:
        found = _place(*place)
        types[found.pk] = council_type
        interests.append(suggest.InterestFact(council=found, interest_pk=interest_pk))
    for fact_place in [fact.council for fact in sharing] + [fact.council for fact in interests]:
        codes_to_pk[fact_place.code] = fact_place.pk

    similar: dict[int, str] = {}
    same_type = f"the same type of council ({CouncilType(own_council.type).label.lower()})"
    for pk, council_type in types.items():
        if council_type == own_council.type:
            similar[pk] = same_type
    neighbours: set[int] = set()
    for kind in (ComparatorKind.DFE_STATISTICAL_NEIGHBOURS, ComparatorKind.GEOGRAPHIC_NEIGHBOURS):
        if not types or not comparators.applies(own_council, kind):
            continue
        for item in comparators.similar_councils(own_council, kind):
            pk_or_none = codes_to_pk.get(item.council.code)
            if pk_or_none is None:
                continue
            if kind == ComparatorKind.GEOGRAPHIC_NEIGHBOURS:
                neighbours.add(pk_or_none)
            else:
                similar[pk_or_none] = "a statistical neighbour"
    here = _place(
        own_council.pk,
        own_council.name,
        own_council.gss_code,
        own_council.la_code,
        own_council.latitude,
        own_council.longitude,
    )
    return suggest.suggest(
        here,
        interest.category.label,
        sharing,
        interests,
        similar=similar,
        neighbours=neighbours,
        limit=limit,
    )
