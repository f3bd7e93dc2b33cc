"""What a council's profile shows of the Shared Services Map (the councils app calls these).

Plain values only, so the profile (cached by the councils app) never holds a query set:

* ``council_sharing``: the council's partnerships (with those of the former councils it
  replaced, marked) and the esd categories that its similar councils share but it does
  not, with how many of them do; two queries however many councils there are;
* ``sharing_state``: a short token that changes whenever a dataset is imported or a
  partnerships write bumps the partnerships' state (selectors_state.py; one small query),
  for the profile's cache key in place of the councils' data version.

Partnerships are public data. Ended partnerships are listed (marked) but do not count as
sharing a category today.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from tiex.partnerships.models import Partnership, PartnershipCouncil, PartnershipStatus
from tiex.partnerships.selectors_state import partnerships_state

MISSING_SHOWN = 10
STATUS_LABELS = dict(PartnershipStatus.choices)


@dataclass(frozen=True)
class ProfilePartnership:
    pk: int
    name: str
    status: str
    status_label: str
    # The former councils it was a partnership of ("Aylesbury Vale and Wycombe"), when the
    # council itself is not a member.
    via: str = ""


@dataclass(frozen=True)
class MissingCategory:
    """An esd category ``councils`` of the ``of`` similar councils share and the council does not."""

    identifier: int
    label: str
    councils: int
    of: int


@dataclass(frozen=True)
class CouncilSharing:
    partnerships: list[ProfilePartnership] = field(default_factory=list)
    missing: list[MissingCategory] = field(default_factory=list)
    similar_count: int = 0
    missing_total: int = 0


def _names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def sharing_state() -> str:
    """The version of the councils' imported data and of the partnerships together (one small
    query): every import and every partnerships write (services_state.state_bump) changes it."""
    return partnerships_state().version


def council_sharing(
    *, council_pk: int, predecessors: dict[str, str], similar: set[str], shown: int = MISSING_SHOWN
) -> CouncilSharing:
    """The profile's shared-services section for one council.

    ``predecessors`` maps the mySociety codes (``la_code``) of the former councils it replaced
    to their names; ``similar`` holds the codes of its similar councils (statistical
    neighbours and councils of the same type). Two queries.
    """
    own = (
        PartnershipCouncil.objects.filter(Q(council_id=council_pk) | Q(council__la_code__in=list(predecessors)))
        .order_by("partnership__name", "partnership_id")
        .values_list("partnership_id", "partnership__name", "partnership__status", "council_id", "council__name")
    )
    found: dict[int, tuple[str, str]] = {}
    itself: set[int] = set()
    formers: dict[int, list[str]] = defaultdict(list)
    for pk, name, status, member_id, member_name in own:
        found[pk] = (name, status)
        if member_id == council_pk:
            itself.add(pk)  # the council's own membership wins over its predecessors'
        else:
            formers[pk].append(member_name)
    partnerships = {
        pk: ProfilePartnership(
            pk,
            name,
            status,
            STATUS_LABELS.get(status, status),
            "" if pk in itself else _names(sorted(formers[pk])),
        )
        for pk, (name, status) in found.items()
    }

    similar = set(similar) - set(predecessors)
    shared_by: dict[int, set[str]] = defaultdict(set)
    labels: dict[int, tuple[int, str, int | None]] = {}
    mine: set[int] = set()
    links = (
        Partnership.categories.through.objects.filter(
            Q(partnership__memberships__council__la_code__in=similar)
            | Q(partnership__memberships__council_id=council_pk)
            | Q(partnership__memberships__council__la_code__in=list(predecessors))
        )
        .exclude(partnership__status=PartnershipStatus.ENDED)
        .values_list(
            "servicecategory_id",
            "servicecategory__identifier",
            "servicecategory__label",
            "servicecategory__parent_id",
            "partnership__memberships__council_id",
            "partnership__memberships__council__la_code",
        )
        .distinct()
    )
    for category_id, identifier, label, parent_id, member_id, code in links:
        labels[category_id] = (identifier, label, parent_id)
        if member_id == council_pk or code in predecessors:
            mine.add(category_id)
        elif code in similar:
            shared_by[category_id].add(code)
    # Sharing a level 2 category counts as sharing its level 1 parent, and the other way round.
    covered = set(mine) | {labels[pk][2] for pk in mine if labels[pk][2] is not None}
    missing = [
        MissingCategory(identifier=labels[pk][0], label=labels[pk][1], councils=len(codes), of=len(similar))
        for pk, codes in shared_by.items()
        if pk not in covered and labels[pk][2] not in covered
    ]
    missing.sort(key=lambda item: (-item.councils, item.label.lower()))
    return CouncilSharing(
        partnerships=list(partnerships.values()),
        missing=missing[:shown],
        similar_count=len(similar),
        missing_total=len(missing),
    )


def partner_councils(council_pk: int) -> dict[int, str]:
    """The councils in a partnership (not ended) with ``council_pk``: {council id: partnership name}.

    One query. Peer challenges use it to keep conflicts of interest out of a challenge's team.
    """
    partnership_ids = PartnershipCouncil.objects.filter(council_id=council_pk).values("partnership_id")
    rows = (
        PartnershipCouncil.objects.filter(partnership_id__in=partnership_ids)
        .exclude(partnership__status=PartnershipStatus.ENDED)
        .exclude(council_id=council_pk)
        .order_by("partnership__name")
        .values_list("council_id", "partnership__name")
    )
    found: dict[int, str] = {}
    for council_id, name in rows:
        found.setdefault(council_id, name)
    return found
