"""What each person may read: structure, private answers, disagreement, consensus pre-fill, results."""

from __future__ import annotations

import pytest

from tiex.accounts.tests.factories import UserFactory
from tiex.assessments import selectors, selectors_results, services
from tiex.assessments.models import Participant, Visibility
from tiex.assessments.tests.factories import indicator_spec, load, scaled_spec, start, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    version = load(scaled_spec())
    organisation, lead, people = team(members=3)
    assessment = start(version, organisation, lead, people)
    p1, p2, m1 = (version.statements.get(code=code) for code in ("P1", "P2", "M1"))
    # P1 divides the team (1, 5, 5, 1); P2 and M1 are agreed.
    for user, p1_now in zip([lead, *people], (1, 5, 5, 1), strict=True):
        participant = Participant.objects.get(assessment=assessment, user=user)
        services.response_save(
            participant=participant, statement=p1, values={"current": p1_now, "ambition": 5}, comment=f"{user}"
        )
        services.response_save(participant=participant, statement=p2, values={"current": 3, "ambition": 4})
        services.response_save(participant=participant, statement=m1, values={"current": 2, "ambition": 2})
    return assessment, lead, people


def test_structure_has_pages_in_order() -> None:
    structure = selectors.version_structure(load(indicator_spec()))
    assert [page.section.code for page in structure.pages] == ["A1"]
    assert structure.pages[0].parent.code == "A"
    assert [s.code for s in structure.statements] == ["A1.a", "A1.b"]
    assert [i.code for i in structure.indicators[structure.statements[0].pk]] == ["NA1", "PA1", "A1", "A2"]
    assert [level.label for level in structure.levels] == ["Not achieved", "Partially achieved", "Achieved"]


def test_disagreement_lists_the_most_divided_first(answered) -> None:
    assessment, _, _ = answered
    structure = selectors.version_structure(assessment.version)
    rows = selectors.disagreement(assessment=assessment, structure=structure, named=False)
    first = rows[0]
    assert (first.statement.code, first.dimension.key, first.spread, first.answers) == ("P1", "current", 2.0, 4)
    assert [count for _, _, count in first.distribution] == [2, 0, 0, 0, 2]
    assert first.median == 1
    assert first.named == []
    named = selectors.disagreement(assessment=assessment, structure=structure, named=True)[0]
    assert len(named.named) == 4 and all(person for person, _, _ in named.named)


def test_the_consensus_starts_from_the_median_then_keeps_what_was_agreed(answered) -> None:
    assessment, lead, _ = answered
    structure = selectors.version_structure(assessment.version)
    initial = selectors.consensus_initial(assessment=assessment, structure=structure)
    p1 = assessment.version.statements.get(code="P1")
    assert initial[p1.pk] == ({"current": 1, "ambition": 5}, "")
    services.consensus_save(
        actor=lead, assessment=assessment, answers={p1.pk: ({"current": 3, "ambition": 5}, "Split")}
    )
    assert selectors.consensus_initial(assessment=assessment, structure=structure)[p1.pk] == (
        {"current": 3, "ambition": 5},
        "Split",
    )


def test_results_by_theme_with_gaps(answered) -> None:
    assessment, lead, _ = answered
    structure = selectors.version_structure(assessment.version)
    answers = {
        pk: (values, note)
        for pk, (values, note) in selectors.consensus_initial(assessment=assessment, structure=structure).items()
    }
    services.consensus_save(actor=lead, assessment=assessment, answers=answers)
    result = selectors_results.results(assessment=assessment, structure=structure)
    place, money = result.themes
    # Place: P1 current 1 ambition 5 (gap 4); P2 3 and 4 (gap 1): means 2.0 and 4.5, gap 2.5.
    assert (place.means, place.gap) == ({"current": 2.0, "ambition": 4.5}, 2.5)
    assert (money.means, money.gap) == ({"current": 2.0, "ambition": 2.0}, 0.0)
    assert result.has_gap and result.improvements[0].code == "P1"


def test_a_participant_sees_only_their_own_answers(answered) -> None:
    assessment, _, people = answered
    mine = Participant.objects.get(assessment=assessment, user=people[0])
    responses = selectors.responses_of(participant=mine)
    assert {response.participant_id for response in responses.values()} == {mine.pk}
    assert selectors.participant_for(assessment=assessment, user=UserFactory()) is None


def test_published_results_are_seen_by_exactly_those_allowed(answered) -> None:
    assessment, lead, people = answered
    outsider, _, _ = team()
    stranger = outsider.memberships.first().user
    p1 = assessment.version.statements.get(code="P1")
    services.consensus_save(actor=lead, assessment=assessment, answers={p1.pk: ({"current": 2}, "")})
    assert not selectors.published_for_user(user=people[0]).exists()  # agreed, not yet published
    services.assessment_publish(actor=lead, assessment=assessment, visibility=Visibility.COUNCIL)
    assert selectors.published_for_user(user=people[0]).exists()
    assert not selectors.published_for_user(user=stranger).exists()
    services.assessment_publish(actor=lead, assessment=assessment, visibility=Visibility.SIGNED_IN)
    assert selectors.published_for_user(user=stranger).exists()
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.published_for_user(user=AnonymousUser()).exists()
    assert selectors.assessment_get_for_user(user=AnonymousUser(), pk=assessment.pk) is None
    services.assessment_publish(actor=lead, assessment=assessment, visibility=Visibility.PUBLIC)
    assert selectors.published_for_user(user=AnonymousUser()).exists()
    assert selectors.assessment_get_for_user(user=AnonymousUser(), pk=assessment.pk) == assessment
