"""Comparison with similar councils: published results only, one per council, suppressed below five."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from tiex.assessments import selectors, selectors_comparison, services
from tiex.assessments.models import Assessment
from tiex.assessments.tests.factories import load, scaled_spec, start, team
from tiex.councils.tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db


def _publish(version: Any, council: Any, current: int, visibility: str = "public") -> Any:
    organisation, lead, people = team(council=council, members=1)
    assessment = start(version, organisation, lead, people)
    answers = {s.pk: ({"current": current, "ambition": 5}, "") for s in version.statements.all()}
    services.consensus_save(actor=lead, assessment=assessment, answers=answers)
    services.assessment_publish(actor=lead, assessment=assessment, visibility=visibility)
    return assessment


@pytest.fixture
def group():
    version = load(scaled_spec())
    me = CouncilFactory(name="Home", type="CTY")
    others = [CouncilFactory(name=f"Peer {i}", type="CTY") for i in range(6)]
    CouncilFactory(name="Different type", type="MD")
    return version, me, others


def test_per_theme_median_and_quartiles_of_the_group(group) -> None:
    version, me, others = group
    for council, current in zip(others[:5], (1, 2, 3, 4, 5), strict=True):
        _publish(version, council, current)
    _publish(version, others[5], 5, visibility="council")  # not shared: does not count
    result = selectors_comparison.comparison(
        user=AnonymousUser(), framework=version.framework, council=me, kind="same-type"
    )
    assert len(result.members) == 6 and result.shared == 5
    place = result.themes[0]
    assert (place.code, place.distribution.n, place.distribution.median) == ("place", 5, 3)
    assert (place.distribution.lower_quartile, place.distribution.upper_quartile) == (2, 4)


def test_only_each_councils_latest_result_counts_and_small_groups_are_suppressed(group) -> None:
    version, me, others = group
    _publish(version, others[0], 1)
    _publish(version, others[0], 5)
    for council in others[1:4]:
        _publish(version, council, 3)
    result = selectors_comparison.comparison(
        user=AnonymousUser(), framework=version.framework, council=me, kind="same-type"
    )
    place = result.themes[0]
    assert result.shared == 4 and place.distribution.suppressed and place.distribution.median is None


def test_the_comparison_api(group) -> None:
    version, me, others = group
    for council, current in zip(others[:5], (1, 2, 3, 4, 5), strict=True):
        _publish(version, council, current)
    url = f"/api/v1/frameworks/test-scaled/comparison?council={me.gss_code}&group=same-type"
    data = Client().get(url).json()
    assert data["group"]["count"] == 6 and data["group"]["shared"] == 5
    assert {c["name"] for c in data["group"]["councils"]} == {f"Peer {i}" for i in range(6)}
    theme = data["themes"][0]
    assert (theme["n"], theme["median"], theme["suppressed"]) == (5, 3.0, False)
    assert (
        Client().get(f"/api/v1/frameworks/test-scaled/comparison?council={me.gss_code}&group=nope").status_code == 422
    )
    assert Client().get("/api/v1/frameworks/test-scaled/comparison").status_code == 422
    assert Client().get("/api/v1/frameworks/test-scaled/comparison?council=E99999999").status_code == 404


def test_the_results_page_compares_with_the_group(group) -> None:
    version, me, others = group
    for council, current in zip(others[:5], (1, 2, 3, 4, 5), strict=True):
        _publish(version, council, current)
    mine = _publish(version, me, 2)
    page = Client().get(f"/assessments/{mine.pk}/results/?group=same-type").content.decode()
    assert "Compared with similar councils" in page and "5 of them have shared" in page
    assert "Peer 3" in page  # the group's members are named (never against a figure)
    small = Client().get(f"/assessments/{mine.pk}/results/?group=geographic-neighbours").content.decode()
    assert "Not shown: fewer than 5 councils" in small


def test_publishing_stores_the_theme_scores_a_comparison_reads_and_withdrawing_empties_them(group) -> None:
    version, _me, others = group
    organisation, lead, people = team(council=others[0], members=1)
    assessment = start(version, organisation, lead, people)
    p1, p2, m1 = (version.statements.get(code=code) for code in ("P1", "P2", "M1"))
    services.consensus_save(
        actor=lead,
        assessment=assessment,
        answers={p1.pk: ({"current": 1, "ambition": 4}, ""), p2.pk: ({"current": 4}, ""), m1.pk: ({"ambition": 3}, "")},
    )
    assessment.refresh_from_db()
    assert assessment.theme_scores == {}  # nothing is compared before it is published
    services.assessment_publish(actor=lead, assessment=assessment, visibility="public")
    assessment.refresh_from_db()
    # The mean on the first dimension ("current") per theme; "money" has no value on it.
    assert assessment.theme_scores == {"place": 2.5}
    services.assessment_withdraw(actor=lead, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.theme_scores == {}
    services.assessment_publish(actor=lead, assessment=assessment, visibility="signed-in")
    assessment.refresh_from_db()
    assert assessment.theme_scores == {"place": 2.5}


def test_a_withdrawn_result_leaves_the_comparison(group) -> None:
    version, me, others = group
    published = [
        _publish(version, council, current) for council, current in zip(others, (1, 2, 3, 4, 5, 5), strict=True)
    ]
    withdrawn = published[-1]
    services.assessment_withdraw(actor=withdrawn.created_by, assessment=withdrawn)
    result = selectors_comparison.comparison(
        user=AnonymousUser(), framework=version.framework, council=me, kind="same-type"
    )
    place = result.themes[0]
    assert result.shared == 5 and (place.distribution.n, place.distribution.median) == (5, 3)


def test_the_widest_group_is_every_council_that_has_shared_a_result(group) -> None:
    version, me, others = group
    different = CouncilFactory(name="Metropolitan", type="MD")
    for council, current in zip([*others[:4], different, me], (1, 2, 3, 4, 5, 5), strict=True):
        _publish(version, council, current)
    structure = selectors.version_structure(version)
    shared, themes = selectors_comparison.group_themes(
        user=AnonymousUser(), framework=version.framework, structure=structure, la_codes=None
    )
    assert shared == 6
    assert (themes[0].code, themes[0].distribution.n, themes[0].distribution.median) == ("place", 6, 3.5)


def test_the_migration_fills_in_the_theme_scores_of_results_published_before_it(group) -> None:
    import importlib

    from django.apps import apps

    version, _me, others = group
    published = _publish(version, others[0], 4)
    organisation, lead, people = team(council=others[1], members=1)
    unpublished = start(version, organisation, lead, people)
    Assessment.objects.filter(pk=published.pk).update(theme_scores={})
    migration = importlib.import_module("tiex.assessments.migrations.0003_assessment_theme_scores")
    migration.backfill(apps, None)
    published.refresh_from_db()
    unpublished.refresh_from_db()
    assert published.theme_scores == {"place": 4.0, "money": 4.0}
    assert unpublished.theme_scores == {}


def test_a_result_published_again_with_another_consensus_counts_with_its_new_scores(group) -> None:
    version, me, others = group
    published = [_publish(version, council, 2) for council in others[:5]]
    before = selectors_comparison.comparison(
        user=AnonymousUser(), framework=version.framework, council=me, kind="same-type"
    )
    assert before.themes[0].distribution.upper_quartile == 2
    answers = {s.pk: ({"current": 5, "ambition": 5}, "") for s in version.statements.all()}
    for changed in published[:2]:
        services.assessment_withdraw(actor=changed.created_by, assessment=changed)
        services.consensus_save(actor=changed.created_by, assessment=changed, answers=answers)
        services.assessment_publish(actor=changed.created_by, assessment=changed, visibility="public")
    after = selectors_comparison.comparison(
        user=AnonymousUser(), framework=version.framework, council=me, kind="same-type"
    )
    place = after.themes[0].distribution
    assert (place.n, place.median, place.upper_quartile) == (5, 2, 5)
