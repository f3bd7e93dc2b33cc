"""Reads for the team page and the feedback figures: conflicts, query counts, the yearly shares."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiex.councils.comparators import close_councils
from tiex.councils.models import ComparatorKind
from tiex.councils.tests.factories import ComparatorLinkFactory, CouncilFactory
from tiex.partnerships.models import PartnershipStatus
from tiex.partnerships.selectors_profile import partner_councils
from tiex.partnerships.tests.factories import PartnershipFactory
from tiex.peer_challenges import selectors_feedback, selectors_team
from tiex.peer_challenges.tests.factories import ChallengeFactory, FeedbackFactory, PeerFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def test_close_councils_reads_neighbours_both_ways_and_the_county() -> None:
    county = CouncilFactory(name="Shire", type="CTY")
    council = CouncilFactory(name="Middle", county=county)
    listed, listing = CouncilFactory(name="Listed"), CouncilFactory(name="Listing")
    ComparatorLinkFactory(council=council, neighbour=listed, kind=ComparatorKind.GEOGRAPHIC_NEIGHBOURS, rank=1)
    ComparatorLinkFactory(council=listing, neighbour=council, kind=ComparatorKind.GEOGRAPHIC_NEIGHBOURS, rank=2)
    ComparatorLinkFactory(council=council, neighbour=CouncilFactory(), kind=ComparatorKind.DFE_STATISTICAL_NEIGHBOURS)
    assert close_councils(council.pk) == {
        listed.pk: "a geographic neighbour",
        listing.pk: "a geographic neighbour",
        county.pk: "the county it lies in",
    }
    assert close_councils(county.pk) == {council.pk: "one of its districts"}


def test_partner_councils_leave_out_ended_partnerships() -> None:
    council, partner, former = CouncilFactory(), CouncilFactory(), CouncilFactory()
    PartnershipFactory(name="Live", councils=[council, partner])
    PartnershipFactory(name="Over", councils=[council, former], status=PartnershipStatus.ENDED)
    assert partner_councils(council.pk) == {partner.pk: "Live"}


def test_team_suggestions_take_a_fixed_number_of_queries() -> None:
    challenge = ChallengeFactory()
    for _ in range(3):
        TeamMemberFactory(peer=PeerFactory())

    def count() -> int:
        team = selectors_team.team_of(challenge)
        with CaptureQueriesContext(connection) as queries:
            selectors_team.team_suggestions(challenge, focus=frozenset(), team=team, today=date(2026, 1, 1))
        return len(queries)

    before = count()
    for _ in range(10):
        TeamMemberFactory(peer=PeerFactory(officer=True))
    assert count() == before <= 8


def test_feedback_shares_count_each_council_once_a_year_by_its_latest_answer() -> None:
    council = CouncilFactory()
    spring = ChallengeFactory(council=council, visit_start=date(2018, 5, 1))
    autumn = ChallengeFactory(council=council, visit_start=date(2018, 11, 1))  # same financial year
    FeedbackFactory(challenge=spring, positive_impact=False, satisfied=False)
    FeedbackFactory(challenge=autumn, positive_impact=True, satisfied=False)
    other = ChallengeFactory(visit_start=date(2019, 2, 1))  # still 2018/19
    FeedbackFactory(challenge=other, positive_impact=True, satisfied=True)
    FeedbackFactory(challenge=other, given_by="peer", peer=PeerFactory(), positive_impact=True, satisfied=False)
    cancelled = ChallengeFactory(visit_start=date(2019, 5, 1), cancelled_at="2019-04-01T00:00Z")
    FeedbackFactory(challenge=cancelled)
    FeedbackFactory(challenge=ChallengeFactory(visit_start=date(2019, 4, 1)), positive_impact=False, satisfied=True)
    years = selectors_feedback.feedback_shares_by_year()
    assert [(y.label, y.councils, y.positive, y.satisfied, y.peer_responses) for y in years] == [
        ("2018/19", 2, 2, 1, 1),
        ("2019/20", 1, 0, 1, 0),
    ]
    assert years[0].positive_share == 1.0 and years[0].satisfied_share == 0.5
    assert years[0].peers_satisfied_share == 0.0 and years[1].peers_positive_share is None
