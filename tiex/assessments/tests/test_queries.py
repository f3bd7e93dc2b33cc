"""Query budgets of the participant's answer page and the results page (issue 9: make bench's pages).

The structure of a published version is read once per process (selectors.version_structure),
so it costs nothing once warm; the figures below are for a warm process, the case of every
request but the first. The answer page: the session, the person and their roles (3), the
assessment, the person's seat and their answers (6). The results page (8, the same however
many councils, results and resources there are): those 3, the assessment, the Exchange's state
(which keys what is kept: the comparator group, the Exchange resources of next steps and the
support offers), one read of the agreed answers of this result, the council's earlier rounds and
the comparator group's published results, and the action plan with its linked resources (2);
the financial indicators of the council and its group are kept with the group (no query).
The comparison API (6, the same however many councils have published): the framework, the
council, the framework's latest version, the comparator group, the group's stored theme scores,
and the financial indicators of the council and the group.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tiex.accounts.services import organisation_for_council
from tiex.assessments import services
from tiex.assessments.demo import load_offers
from tiex.assessments.models import Assessment, ConsensusAnswer, Status, Visibility
from tiex.assessments.tests.factories import load, scaled_spec, start, team
from tiex.councils.tests.factories import CouncilFactory
from tiex.finance.services import finance_summaries_refresh
from tiex.finance.tests.factories import add_outturns, falling
from tiex.plans.services import action_create

pytestmark = pytest.mark.django_db

ANSWER_PAGE_MAX = 5  # session, user, roles, the seat with its assessment, the answers
RESULTS_PAGE_MAX = 8


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _bulk_results(version: Any, councils: list[Any]) -> None:
    """Published results for these councils, written in bulk (as the demo loader does): every third
    contactable, a quarter shared with signed-in people only, levels spread over the scale."""
    statements = list(version.statements.all())
    now = timezone.now()
    rows = [
        Assessment(
            council=council,
            organisation=organisation_for_council(council=council),
            version=version,
            status=Status.PUBLISHED,
            visibility=Visibility.SIGNED_IN if number % 4 == 0 else Visibility.PUBLIC,
            closing_date=now.date(),
            created_at=now - datetime.timedelta(days=60),
            published_at=now - datetime.timedelta(days=30),
            contactable=number % 3 == 0,
            contact_email=f"lead{number}@peer.example.gov.uk" if number % 3 == 0 else "",
        )
        for number, council in enumerate(councils)
    ]
    created = Assessment.objects.bulk_create(rows)
    ConsensusAnswer.objects.bulk_create(
        ConsensusAnswer(
            assessment=assessment,
            statement=statement,
            values={"current": 1 + (number + position) % 5, "ambition": 5},
        )
        for number, assessment in enumerate(created)
        for position, statement in enumerate(statements)
    )


@pytest.mark.parametrize("scale", [1, 10], ids=["1x", "10x"])
def test_the_results_page_reads_at_most_eight_queries(scale: int, django_assert_max_num_queries: Any) -> None:
    from tiex.library.tests.factories import make_resource

    version = load(scaled_spec())
    load_offers()
    for number in range(3 * scale):
        make_resource(f"Knowing our place {number}", themes=("understanding-of-place",))
        make_resource(f"Planning the money {number}", themes=("financial-planning",))
    home = CouncilFactory(name="Home")
    peers = CouncilFactory.create_batch(8 * scale)  # the comparator group (same type)
    _bulk_results(version, peers)
    _bulk_results(version, CouncilFactory.create_batch(8 * scale, unitary=True))  # other councils
    for council in (home, *peers):  # revenue outturn returns: the finances shown beside the group
        add_outturns(council, refresh=False)
    finance_summaries_refresh()
    before, lead, people = _publish(version, home, 2)
    now = start(version, before.organisation, lead, people)
    answers = {s.pk: ({"current": 3, "ambition": 5}, "") for s in version.statements.all()}
    answers[version.statements.get(code="P1").pk] = ({"current": 1, "ambition": 4}, "")
    services.consensus_save(actor=lead, assessment=now, answers=answers)
    services.assessment_publish(actor=lead, assessment=now, visibility="public")
    action_create(
        actor=lead, organisation=now.organisation, source_kind="assessment", source_id=now.pk, title="Act on P1"
    )
    client = _client(lead)
    url = f"/assessments/{now.pk}/results/"
    assert client.get(url).status_code == 200  # warm: the version's structure is read once per process
    with django_assert_max_num_queries(RESULTS_PAGE_MAX):
        page = client.get(url).content.decode()
    assert "Change since" in page and "Act on P1" in page and "Knowing our place " in page
    assert "Councils to ask" in page and "@peer.example.gov.uk" in page and "Peer challenge" in page
    assert "Finances beside the group" in page and f"{8 * scale} of the {8 * scale} councils" in page


def _publish(version: Any, council: Any, current: int) -> tuple[Any, Any, Any]:
    organisation, lead, people = team(council=council, members=1)
    assessment = start(version, organisation, lead, people)
    answers = {s.pk: ({"current": current, "ambition": 5}, "") for s in version.statements.all()}
    answers[version.statements.get(code="P1").pk] = ({"current": 1, "ambition": 4}, "")
    services.consensus_save(actor=lead, assessment=assessment, answers=answers)
    services.assessment_publish(actor=lead, assessment=assessment, visibility="public")
    return assessment, lead, people


@pytest.mark.parametrize("statements", [1, 10], ids=["1x", "10x"])
def test_the_answer_page_reads_at_most_eight_queries(statements: int, django_assert_max_num_queries: Any) -> None:
    from tiex.assessments.importers import SectionSpec, StatementSpec

    spec = scaled_spec()
    spec.sections = [
        SectionSpec(
            "place",
            "Understanding of place",
            statements=[StatementSpec(f"P{n}", f"Statement {n}.") for n in range(1, statements + 1)],
        )
    ]
    version = load(spec)
    organisation, lead, people = team(members=3)
    assessment = start(version, organisation, lead, people)
    participant = assessment.participants.get(user=people[0])
    for statement in version.statements.all():
        services.response_save(participant=participant, statement=statement, values={"current": 2}, comment="Seen")
    client = _client(people[0])
    url = f"/assessments/{assessment.pk}/answer/place/"
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(ANSWER_PAGE_MAX):
        page = client.get(url).content.decode()
    assert f"Statement {statements}." in page


COMPARISON_API_MAX = 8


@pytest.mark.parametrize("peers", [6, 60], ids=["1x", "10x"])
def test_the_comparison_api_reads_at_most_eight_queries(peers: int, django_assert_max_num_queries: Any) -> None:
    version = load(scaled_spec())
    home = CouncilFactory(name="Home", type="CTY")
    add_outturns(home, refresh=False)
    for number in range(peers):
        peer = CouncilFactory(name=f"Peer {number}", type="CTY")
        add_outturns(peer, falling(1 + number % 3), refresh=False)
        _publish(version, peer, 1 + number % 5)
    finance_summaries_refresh()
    url = f"/api/v1/frameworks/test-scaled/comparison?council={home.gss_code}&group=same-type"
    client = Client()
    assert client.get(url).status_code == 200  # warm, as a running site is
    with django_assert_max_num_queries(COMPARISON_API_MAX):
        data = client.get(url).json()
    assert data["group"]["count"] == peers and data["group"]["shared"] == peers
    assert data["themes"][0]["n"] == peers and not data["themes"][0]["suppressed"]
    assert data["finance"]["with_figures"] == peers and data["finance"]["indicators"][0]["n"] == peers


@pytest.mark.parametrize("teams", [1, 10], ids=["1x", "10x"])
def test_the_answer_page_reads_the_same_queries_however_many_councils_answer(
    teams: int, django_assert_max_num_queries: Any
) -> None:
    version = load(scaled_spec())
    for _ in range(teams):  # other councils' teams, with their own answers
        organisation, lead, people = team(members=3)
        other = start(version, organisation, lead, people)
        for seat in other.participants.all():
            for statement in version.statements.all():
                services.response_save(participant=seat, statement=statement, values={"current": 3})
    organisation, lead, people = team(members=3)
    assessment = start(version, organisation, lead, people)
    participant = assessment.participants.get(user=people[0])
    services.response_save(
        participant=participant, statement=version.statements.get(code="P1"), values={"current": 2}, comment="Mine"
    )
    client = _client(people[0])
    url = f"/assessments/{assessment.pk}/answer/place/"
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(ANSWER_PAGE_MAX):
        page = client.get(url).content.decode()
    assert "We know our place." in page and "Mine" in page
