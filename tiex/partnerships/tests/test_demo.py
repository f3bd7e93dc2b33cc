"""`tiex demo`'s partnerships: the published figures reproduced, real neighbouring councils, merged
councils shown, deterministic, idempotent, and never touching other partnerships.

The totals are computed here with a plain query, straight from the definition in the
Shared Services Map brief (counted in year Y when start_year <= Y and end_year > Y, either
empty; cumulative = rows up to Y plus undated rows), not through the app's own totals code.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.db.models import Q, Sum

from tiex.core.datasets import dataset_spec
from tiex.core.importing import run_import
from tiex.councils.models import Council
from tiex.partnerships import exporters
from tiex.partnerships.demo import load_demo
from tiex.partnerships.lookups import CouncilLookup
from tiex.partnerships.models import Partnership, Savings, SavingsStatus
from tiex.partnerships.partnership_import import import_partnerships
from tiex.partnerships.tests.factories import PartnershipFactory, SavingsFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not dataset_spec("councils").default_local_source().exists(), reason=f"no reference data at {settings.DATA_DIR}"
    ),
]

PUBLISHED = {  # financial year: (partnerships, cumulative savings) as the association published them
    2012: (325, 278_000_000),
    2016: (486, 643_000_000),
    2017: (559, 971_000_000),
    2018: (626, 1_340_000_000),
}


def _counted(year: int) -> Q:
    return (Q(start_year__isnull=True) | Q(start_year__lte=year)) & (Q(end_year__isnull=True) | Q(end_year__gt=year))


def totals(year: int) -> tuple[int, int, int]:
    """(partnerships counted, cumulative savings, savings in the year) over every partnership."""
    counted = Partnership.objects.filter(_counted(year))
    rows = Savings.objects.filter(partnership__in=counted)
    cumulative = rows.filter(Q(financial_year__lte=year) | Q(financial_year__isnull=True)).aggregate(
        s=Sum("amount_gbp")
    )
    in_year = rows.filter(financial_year=year).aggregate(s=Sum("amount_gbp"))
    return counted.count(), cumulative["s"] or 0, in_year["s"] or 0


def _fingerprint() -> list[tuple]:
    return sorted(
        (p.reference, p.name, p.start_year, p.end_year, tuple(sorted(c.la_code for c in p.councils.all())))
        for p in Partnership.objects.filter(is_demo=True).prefetch_related("councils")
    ) + sorted(
        Savings.objects.filter(partnership__is_demo=True).values_list(
            "partnership__reference", "financial_year", "amount_gbp", "status", "evidence"
        ),
        key=str,
    )


@pytest.fixture
def spine() -> None:
    run_import("councils")
    run_import("esd-functions")


def test_the_demo_reproduces_the_published_figures_with_real_neighbouring_councils(spine) -> None:
    mine = PartnershipFactory(reference="REAL-1", name="A real partnership", start_year=None)
    SavingsFactory(partnership=mine, financial_year=2018, amount_gbp=5)
    started = time.perf_counter()
    message = load_demo()
    elapsed = time.perf_counter() - started
    assert "658 demo partnerships (658 created" in message
    assert elapsed < 60  # about three seconds in practice; generous for a loaded test machine
    mine.delete()  # the published figures are the demo's alone

    for year, (count, cumulative) in PUBLISHED.items():
        counted, cumulative_gbp, _in_year = totals(year)
        assert counted == count, year
        assert abs(cumulative_gbp - cumulative) <= cumulative / 100, (year, cumulative_gbp)
    assert abs(totals(2018)[2] - 200_000_000) <= 2_000_000  # "close to £200m" in 2018/19

    demo = Partnership.objects.filter(is_demo=True).prefetch_related("councils", "other_partners", "savings")
    # Neighbours: most partnerships' councils lie within 60 km of the lead (about 0.55 degrees).
    near = 0
    for partnership in demo:
        lead = partnership.lead_council
        others = [c for c in partnership.councils.all() if c.latitude and lead.latitude]
        if all(abs(c.latitude - lead.latitude) < 0.55 and abs(c.longitude - lead.longitude) < 0.9 for c in others):
            near += 1
    assert near > 0.9 * demo.count()
    kinds = {c.type for p in demo for c in p.councils.all()}
    assert {"NMD", "CTY", "LBO", "UA"} <= kinds
    assert demo.filter(other_partners__kind="fire").exists() and demo.filter(other_partners__kind="health").exists()
    assert Savings.objects.filter(partnership__is_demo=True, status=SavingsStatus.EXPECTED).exists()
    no_savings = demo.filter(savings=None)
    assert no_savings.exists() and not no_savings.filter(no_savings_reason="").exists()
    assert len(set(Savings.objects.filter(partnership__is_demo=True).values_list("evidence", flat=True))) == 4
    assert demo.filter(categories__isnull=False).distinct().count() == demo.count()
    # Councils since merged: Taunton Deane and West Somerset, in Somerset's area today.
    merged = Partnership.objects.get(name="Taunton Deane and West Somerset shared services")
    assert {c.name for c in merged.councils.all()} == {"Taunton Deane", "West Somerset"}
    assert merged.status == "ended" and merged.end_year == 2019
    somerset = Council.objects.get(gss_code="E06000066")
    assert all(
        somerset in council.successors.all() or somerset in council.successors.get().successors.all()
        for council in merged.councils.all()
    )


def test_loading_again_replaces_the_demo_only_and_builds_the_same(spine) -> None:
    load_demo()
    first = _fingerprint()
    ids = set(Partnership.objects.filter(is_demo=True).values_list("pk", flat=True))
    mine = PartnershipFactory(reference="REAL-2", name="Not demo")
    SavingsFactory(partnership=mine)
    assert "already loaded" in load_demo(if_empty=True)
    load_demo()
    assert _fingerprint() == first
    assert set(Partnership.objects.filter(is_demo=True).values_list("pk", flat=True)) == ids  # same pages
    mine.refresh_from_db()
    assert mine.savings.count() == 1 and mine.name == "Not demo"


def test_the_demo_exported_and_imported_again_is_unchanged(spine, tmp_path) -> None:
    load_demo()
    path = tmp_path / "export.csv"
    count = exporters.export_to_file(path)
    report = import_partnerships(path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, count)


def test_the_spreadsheets_names_find_the_real_former_councils(spine) -> None:
    lookup = CouncilLookup()
    found = {
        name: Council.objects.get(pk=lookup.find(name)).gss_code
        for name in (
            "Aylesbury Vale District Council",
            "Aylesbury Vale",
            "Taunton Deane",
            "Bournemouth Borough Council",
            "St Edmundsbury",
            "Buckinghamshire Council",
            "E07000200",
        )
    }
    assert found == {
        "Aylesbury Vale District Council": "E07000004",
        "Aylesbury Vale": "E07000004",
        "Taunton Deane": "E07000190",
        "Bournemouth Borough Council": "E06000028",
        "St Edmundsbury": "E07000204",
        "Buckinghamshire Council": "E06000060",
        "E07000200": "E07000200",
    }
