"""`tiex demo`'s peer challenges: calibrated to the published figures, every stage, some overdue,
a pool of demo peers, deterministic and idempotent, never touching other challenges.

The calibration figures are counted here with plain queries from their definitions (a challenge
counts in the financial year its visit ended; "none since 2012" is no corporate challenge visit
ending on or after 1 April 2012 and before the day), not through the coverage code, and then
again through ``selectors_coverage.coverage_on`` to check that the two agree.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date

import pytest
from django.conf import settings
from django.db.models import Q

from tiex.core.datasets import dataset_spec
from tiex.core.importing import run_import
from tiex.councils.models import PRINCIPAL_TYPES, Council, Nation
from tiex.peer_challenges import coverage as cov
from tiex.peer_challenges import deadlines, selectors_coverage
from tiex.peer_challenges import financial_years as fy
from tiex.peer_challenges.demo import load_demo
from tiex.peer_challenges.models import Challenge, Peer, Stage, StageStep, TeamMember
from tiex.peer_challenges.tests.factories import ChallengeFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not dataset_spec("councils").default_local_source().exists(), reason=f"no reference data at {settings.DATA_DIR}"
    ),
]
TODAY = date(2026, 11, 27)
COVERAGE_DATE = date(2018, 4, 1)


@pytest.fixture
def spine() -> None:
    run_import("councils")
    run_import("control")


def _fingerprint() -> list[tuple]:
    return sorted(
        Challenge.objects.filter(is_demo=True).values_list("pk", "reference", "council_id", "stage", "visit_start")
    ) + sorted(Peer.objects.filter(is_demo=True).values_list("pk", "full_name", "council_id", "party"))


def test_the_demo_reproduces_the_published_figures(spine) -> None:
    message = load_demo(today=TODAY)
    assert "demo peer challenges" in message and "420 demo peers" in message
    delivered = Challenge.objects.filter(is_demo=True, visit_end__lte=TODAY)

    # About 70 corporate or finance challenges a year from 2012/13.
    per_year = Counter(fy.financial_year(end) for end in delivered.values_list("visit_end", flat=True))
    for year in range(2012, fy.financial_year(TODAY)):
        assert 60 <= per_year[year] <= 80, (year, per_year[year])

    # At the start of 2018/19: about 100 councils with none since 2012, 63 that never had one.
    existing = Council.objects.filter(nation=Nation.ENGLAND, type__in=PRINCIPAL_TYPES).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=COVERAGE_DATE),
        Q(end_date__isnull=True) | Q(end_date__gt=COVERAGE_DATE),
    )
    corporate = Challenge.objects.filter(kind__counts_as_corporate=True, visit_end__lt=COVERAGE_DATE)
    since_2012 = corporate.filter(visit_end__gte=date(2012, 4, 1))
    without = existing.exclude(pk__in=since_2012.values("council_id")).count()
    never = existing.exclude(pk__in=corporate.values("council_id")).count()
    assert 95 <= without <= 105 and 60 <= never <= 66, (without, never)
    # ... and the coverage selector, as it stood that day, agrees.
    result = cov.apply(selectors_coverage.coverage_on(COVERAGE_DATE), cov.CoverageFilters())
    assert (result.without, result.never) == (without, never)

    # Progress reviews follow most challenges delivered more than a year ago.
    old = delivered.filter(visit_end__lte=date(2025, 4, 1))
    reviewed = StageStep.objects.filter(
        challenge__in=old, stage=Stage.PROGRESS_REVIEW, completed_date__isnull=False
    ).count()
    assert 0.7 <= reviewed / old.count() <= 0.9

    # Every stage is reached by some challenge; some council steps are overdue today.
    assert set(Challenge.objects.filter(is_demo=True).values_list("stage", flat=True)) == set(Stage.values)
    overdue = 0
    for challenge in delivered.filter(visit_end__gte=date(2024, 11, 1)).prefetch_related("steps"):
        done = {step.stage: step.completed_date for step in challenge.steps.all()}
        items = deadlines.deadlines(
            visit_end=challenge.visit_end,
            report_published=done.get(Stage.REPORT_PUBLISHED),
            action_plan_published=done.get(Stage.ACTION_PLAN),
            progress_review_published=done.get(Stage.PROGRESS_REVIEW_PUBLISHED),
        )
        overdue += bool(deadlines.overdue(items, today=TODAY))
    assert overdue >= 5

    # Coverage today: some councils still have none since 2012, and a target list to work from.
    today = cov.apply(selectors_coverage.coverage_councils(), cov.CoverageFilters())
    assert 20 <= today.without <= 60
    assert today.target

    # The pool of demo peers (one test: loading the spine and the demo takes a minute).
    peers = Peer.objects.filter(is_demo=True).select_related("council")
    assert 300 <= peers.count() <= 600
    assert all(peer.full_name.endswith("(demo)") for peer in peers)
    members = peers.filter(kind="member")
    assert len(set(members.values_list("party", flat=True))) >= 4
    assert not peers.filter(kind="officer").exclude(party="").exists()
    assert len({peer.council.type for peer in peers}) >= 4 and len({peer.council.region for peer in peers}) >= 8
    # Teams: never a peer from the council challenged; member peers of more than one party.
    placements = TeamMember.objects.filter(challenge__is_demo=True).select_related("peer", "challenge")
    assert placements.exists()
    assert not any(p.peer.council_id == p.challenge.council_id for p in placements)
    parties: dict[int, set[str]] = {}
    for placement in placements.filter(peer__kind="member"):
        parties.setdefault(placement.challenge_id, set()).add(placement.peer.party)
    assert sum(1 for found in parties.values() if len(found) > 1) > 0.9 * len(parties)


def test_loading_again_changes_nothing_and_leaves_other_challenges_alone(spine) -> None:
    load_demo(today=TODAY)
    first = _fingerprint()
    mine = ChallengeFactory(reference="real-one", council=Council.objects.filter(is_current=True).first())
    assert "already loaded" in load_demo(if_empty=True)
    assert "0 created, 0 changed, 0 removed" in load_demo(today=TODAY)
    assert _fingerprint() == first
    assert Challenge.objects.filter(pk=mine.pk, is_demo=False).exists()


def test_the_demos_recent_reports_are_in_the_exchanges_collection(spine) -> None:
    from tiex.library.choices import Collection, collection_of
    from tiex.library.models import ResourcePage
    from tiex.peer_challenges.models import PUBLISHABLE_DOCUMENT_KINDS, Document

    started = time.monotonic()
    message = load_demo(today=TODAY)
    took = time.monotonic() - started
    listed = ResourcePage.objects.filter(source_dataset="peer-challenges", is_demo=True)
    recent = Document.objects.filter(
        challenge__is_demo=True, kind__in=PUBLISHABLE_DOCUMENT_KINDS, published_at__date__gte=date(2024, 11, 27)
    )
    assert listed.count() == recent.count() > 50, message
    assert f"{recent.count()} reports and plans of the last 2 years listed in the Exchange" in message
    page = listed.live().first()
    assert collection_of(page.source_dataset) == Collection.PEER_CHALLENGE_REPORTS.value
    assert page.councils.count() == 1 and page.external_url.startswith("https://www.example.org/demo/")
    assert took < 60, f"tiex demo's peer challenges took {took:.1f}s"
    # Again, the same day: nothing changes; a year later the window moves on.
    keys = set(listed.values_list("pk", "source_key"))
    assert "0 created" in load_demo(today=TODAY) and set(listed.values_list("pk", "source_key")) == keys
    load_demo(today=date(2027, 11, 27))
    assert not set(listed.values_list("pk", "source_key")) >= keys
