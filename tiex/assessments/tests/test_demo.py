"""Demo assessments (`tiex demo`): enough councils, deterministic, idempotent, fast, and comparisons show figures."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser

from tiex.accounts.models import Membership, User
from tiex.assessments import scoring, selectors, selectors_comparison, selectors_results
from tiex.assessments.demo import load_demo
from tiex.assessments.importers import import_bundled_frameworks
from tiex.assessments.models import Assessment, ConsensusAnswer, Response, Status, Visibility
from tiex.assessments.tests.factories import indicator_spec, load
from tiex.councils.models import ComparatorKind
from tiex.councils.tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> None:
    import_bundled_frameworks()
    load(indicator_spec(slug="ncsc-caf"))
    CouncilFactory.create_batch(50)  # districts
    CouncilFactory.create_batch(30, unitary=True)
    CouncilFactory.create_batch(20, county_council=True)
    CouncilFactory.create_batch(5, nation="Wales", type="WPA")  # not English: never chosen


def _fingerprint() -> list[tuple]:
    return sorted(
        (
            a.council.la_code,
            a.version.framework.slug,
            a.created_at.date(),
            a.status,
            a.visibility,
            a.participants.count(),
        )
        for a in Assessment.objects.filter(demo=True).select_related("council", "version__framework")
    ) + sorted(
        ConsensusAnswer.objects.filter(assessment__demo=True).values_list(
            "assessment__council__la_code", "assessment__version__framework__slug", "statement__code", "values"
        ),
        key=str,
    )


def test_demo_assessments_for_at_least_80_english_councils_across_three_frameworks(world) -> None:
    message = load_demo()
    demo = Assessment.objects.filter(demo=True)
    assert demo.values("council").distinct().count() >= 80
    assert not demo.exclude(council__nation="England").exists()
    assert set(demo.values_list("version__framework__slug", flat=True)) == {
        "transformation-and-innovation",
        "efficient-and-intelligent-councils",
        "ncsc-caf",
    }
    published = demo.filter(status=Status.PUBLISHED)
    for visibility in Visibility.values:
        assert published.filter(visibility=visibility).exists(), visibility
    assert demo.filter(status=Status.CLOSED).exists()
    # Some councils have two rounds on the same framework, and the change since the first shows.
    twice = [
        a
        for a in published.order_by("-created_at")
        if published.filter(council=a.council, version=a.version).count() == 2
    ]
    assert twice
    result = selectors_results.results(assessment=twice[0], structure=selectors.version_structure(twice[0].version))
    assert selectors_results.previous_round(assessment=twice[0], result=result) is not None
    # Several participants each, who answered with some disagreement.
    assert all(a.participants.count() >= 3 for a in demo)
    assert Response.objects.filter(participant__assessment__demo=True).count() > 1000
    some = demo.filter(version__framework__slug="transformation-and-innovation").first()
    assert some is not None
    spreads = selectors.disagreement(assessment=some, structure=selectors.version_structure(some.version), named=False)
    assert any(row.spread > 0 for row in spreads)
    assert "demo assessments created" in message
    # About two in five published results chose to be contactable (the file's share), none unpublished.
    contactable = published.filter(contactable=True)
    assert 0.25 * published.count() < contactable.count() < 0.55 * published.count()
    assert not contactable.exclude(contact_email__endswith="demo.tiex.invalid").exists()
    assert not demo.exclude(status=Status.PUBLISHED).filter(contactable=True).exists()


def test_demo_people_cannot_sign_in_and_have_no_real_names(world) -> None:
    load_demo()
    people = User.objects.filter(email__endswith="@demo.tiex.invalid")
    assert people.count() >= 80 * 3
    assert all(not person.has_usable_password() for person in people)
    assert all(person.full_name.startswith("Demo ") for person in people)
    person = people.first()
    assert authenticate(email=person.email, password="") is None
    assert Membership.objects.filter(user__in=people, role="super_user").count() >= 80


def test_demo_is_deterministic(world) -> None:
    load_demo()
    first = _fingerprint()
    Assessment.objects.filter(demo=True).delete()
    load_demo()
    assert _fingerprint() == first


def test_demo_is_idempotent(world) -> None:
    load_demo()
    counts = (Assessment.objects.count(), Response.objects.count(), User.objects.count(), Membership.objects.count())
    message = load_demo()
    assert message.startswith("0 demo assessments created")
    assert (Assessment.objects.count(), Response.objects.count(), User.objects.count(), Membership.objects.count()) == (
        counts
    )
    assert load_demo(if_empty=True) == "demo assessments are already loaded; 0 support offers added."


def test_comparison_of_a_demo_council_shows_figures(world) -> None:
    load_demo()
    shown = []
    for assessment in Assessment.objects.filter(
        demo=True,
        status=Status.PUBLISHED,
        visibility=Visibility.PUBLIC,
        version__framework__slug="transformation-and-innovation",
    ).select_related("council", "version__framework")[:10]:
        comparison = selectors_comparison.comparison(
            user=AnonymousUser(),
            framework=assessment.version.framework,
            council=assessment.council,
            kind=ComparatorKind.SAME_TYPE,
        )
        shown.extend(theme for theme in comparison.themes if not theme.distribution.suppressed)
    assert shown
    assert all(theme.distribution.median is not None for theme in shown)


def test_demo_without_councils_or_frameworks_says_so() -> None:
    assert load_demo().startswith("skipped: no framework")
    import_bundled_frameworks()
    assert "import the councils first" in load_demo()
    assert not Assessment.objects.exists()


def test_published_demo_results_store_the_theme_scores_the_publish_service_would(world) -> None:
    load_demo()
    published = Assessment.objects.filter(demo=True, status=Status.PUBLISHED).select_related("version")
    assert published.exists()
    for assessment in published:
        first = assessment.version.dimensions.order_by("order", "pk").first()
        answers = ConsensusAnswer.objects.filter(assessment=assessment).values_list(
            "statement__section__code", "values"
        )
        assert assessment.theme_scores == scoring.theme_scores(answers, first.key)
    assert not Assessment.objects.filter(demo=True).exclude(status=Status.PUBLISHED).exclude(theme_scores={}).exists()
