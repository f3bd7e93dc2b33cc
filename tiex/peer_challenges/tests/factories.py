"""factory_boy factories for peer challenges.

The kinds and skills are reference data: ``corporate_kind()`` / ``finance_kind()`` load
``data/*.toml`` (once per test database) and return the kind. ``ChallengeFactory`` makes
a corporate challenge at a new council, at the enquiry stage, unless told otherwise.
"""

from __future__ import annotations

import factory

from tiex.councils.models import Party
from tiex.councils.tests.factories import CouncilFactory
from tiex.peer_challenges.models import (
    Challenge,
    ChallengeKind,
    Document,
    DocumentKind,
    Feedback,
    FeedbackFrom,
    Peer,
    PeerKind,
    Recommendation,
    StageStep,
    TeamMember,
    TeamRole,
    VisitSession,
)
from tiex.peer_challenges.reference import reference_load


def _kind(slug: str) -> ChallengeKind:
    kind = ChallengeKind.objects.filter(slug=slug).first()
    if kind is None:
        reference_load()
        kind = ChallengeKind.objects.get(slug=slug)
    return kind


def corporate_kind() -> ChallengeKind:
    return _kind("corporate")


def finance_kind() -> ChallengeKind:
    return _kind("finance")


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    council = factory.SubFactory(CouncilFactory)
    kind = factory.LazyFunction(corporate_kind)
    reference = factory.Sequence(lambda n: f"pc-test-{n:05d}")


class StageStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageStep

    challenge = factory.SubFactory(ChallengeFactory)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    challenge = factory.SubFactory(ChallengeFactory)
    kind = DocumentKind.REPORT
    title = factory.Sequence(lambda n: f"Peer challenge report {n}")
    url = factory.Sequence(lambda n: f"https://council.example/reports/{n}.pdf")


class VisitSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitSession

    challenge = factory.SubFactory(ChallengeFactory)
    starts_at = factory.Faker("date_time", tzinfo=None)
    kind = "interview"
    title = factory.Sequence(lambda n: f"Interview {n}")
    people_met = 3


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    challenge = factory.SubFactory(ChallengeFactory)
    order = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"Recommendation {n}: agree a medium-term financial strategy")


class PeerFactory(factory.django.DjangoModelFactory):
    """A member peer (Labour) at a new council; ``PeerFactory(officer=True)`` makes an officer peer."""

    class Meta:
        model = Peer

    class Params:
        officer = factory.Trait(kind=PeerKind.OFFICER, party="", group_office="", role="Chief executive")

    full_name = factory.Sequence(lambda n: f"Peer {n:04d}")
    email = factory.Sequence(lambda n: f"peer{n}@council.example")
    kind = PeerKind.MEMBER
    council = factory.SubFactory(CouncilFactory)
    party = Party.LABOUR
    group_office = "Labour Group Office"


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    challenge = factory.SubFactory(ChallengeFactory)
    peer = factory.SubFactory(PeerFactory)
    role = TeamRole.MEMBER_PEER
    days = 4


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    challenge = factory.SubFactory(ChallengeFactory)
    given_by = FeedbackFrom.COUNCIL
    positive_impact = True
    satisfied = True
