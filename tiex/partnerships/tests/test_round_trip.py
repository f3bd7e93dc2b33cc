"""An export imported again unedited changes nothing: 0 created, 0 updated, the database as it was.

A property test over generated partnerships (text with quotes, leading = + - @, commas,
semicolons in free text, unicode; councils whose names are shared or missing a GSS code;
categories that share a label; savings with and without an earlier-years row), and the
staff download and `tiex export partnerships` that write the file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.core.models import AuditEvent
from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships import exporters
from tiex.partnerships.models import (
    BenefitTag,
    OtherPartner,
    OtherPartnerKind,
    Partnership,
    PartnershipBenefit,
    PartnershipCouncil,
    PartnershipKind,
    PartnershipStatus,
    Savings,
    SavingsEvidence,
    SavingsStatus,
)
from tiex.partnerships.partnership_import import import_partnerships
from tiex.partnerships.tests.factories import PartnershipFactory, SavingsFactory, ServiceCategoryFactory

pytestmark = pytest.mark.django_db

TRICKY = st.sampled_from(["=cmd", "+1", "-2", "@SUM(A1)", "'", "''", '"', ",", ";", ":", "(fire)", "\t x"])
WORDS = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\x85\u2028\u2029"),
    min_size=1,
    max_size=15,
)
LINE = st.lists(st.one_of(WORDS, TRICKY), min_size=1, max_size=4).map(" ".join).map(str.strip).filter(bool)
TEXT = st.one_of(st.just(""), LINE, st.lists(LINE, min_size=2, max_size=3).map("\n".join))
NAME = LINE.filter(lambda name: ";" not in name)


@pytest.fixture
def world() -> dict[str, list[int]]:
    councils = [
        CouncilFactory(name="Babergh", gss_code="E07000200"),
        CouncilFactory(name="Somerset", unitary=True, gss_code="E06000066"),
        CouncilFactory(name="Somerset", county_council=True, former=True, gss_code="E10000027"),  # a shared name
        CouncilFactory(name="Isles of Scilly", gss_code=None, la_code="IOS"),
        CouncilFactory(name="Twin", gss_code=None, la_code="TW1"),
        CouncilFactory(name="Twin", gss_code=None, la_code="TW2"),  # shared name, no GSS code
    ]
    top = ServiceCategoryFactory(identifier=30, label="Environmental protection")
    categories = [
        top,
        ServiceCategoryFactory(identifier=41, label="Utilites", parent=top),
        ServiceCategoryFactory(identifier=92, label="Utilites", parent=top),  # the esd list has this twice
    ]
    return {"councils": [c.pk for c in councils], "categories": [c.pk for c in categories]}


@st.composite
def partnerships(draw: Any, world: dict[str, list[int]], reference: str) -> dict[str, Any]:
    start = draw(st.one_of(st.none(), st.integers(1990, 2030)))
    end = draw(st.one_of(st.none(), st.integers(start or 1990, 2040)))
    years = draw(st.lists(st.integers(1995, 2030), unique=True, max_size=4))
    earlier = draw(st.one_of(st.none(), st.integers(0, 10**8)))
    savings = [
        (
            year,
            draw(st.integers(0, 10**9)),
            draw(st.sampled_from(SavingsStatus.values)),
            draw(st.sampled_from(SavingsEvidence.values)),
        )
        for year in [*years, *([None] if earlier is not None else [])]
    ]
    partner_names = draw(st.lists(NAME, unique_by=str.lower, max_size=3))
    return {
        "reference": reference,
        "name": draw(NAME)[:300],
        "description": draw(TEXT),
        "kind": draw(st.sampled_from(PartnershipKind.values)),
        "status": draw(st.sampled_from(PartnershipStatus.values)),
        "start_year": start,
        "end_year": end,
        "lead_council_id": draw(st.one_of(st.none(), st.sampled_from(world["councils"]))),
        "councils": draw(st.lists(st.sampled_from(world["councils"]), unique=True, min_size=1, max_size=4)),
        "partners": [(name, draw(st.sampled_from(OtherPartnerKind.values))) for name in partner_names],
        "categories": draw(st.lists(st.sampled_from(world["categories"]), unique=True, max_size=3)),
        "tags": draw(st.lists(st.sampled_from(BenefitTag.values), unique=True, max_size=3)),
        "benefits": draw(TEXT),
        "no_savings_reason": draw(LINE) if not savings else draw(st.one_of(st.just(""), LINE)),
        "contact_email": draw(st.sampled_from(["", "team@example.org"])),
        "savings": savings,
    }


def create(item: dict[str, Any]) -> None:
    fields = {k: v for k, v in item.items() if k not in {"councils", "partners", "categories", "tags", "savings"}}
    partnership = Partnership.objects.create(**fields)
    PartnershipCouncil.objects.bulk_create(
        [PartnershipCouncil(partnership=partnership, council_id=c) for c in item["councils"]]
    )
    OtherPartner.objects.bulk_create(
        [OtherPartner(partnership=partnership, name=n, kind=k) for n, k in item["partners"]]
    )
    partnership.categories.set(item["categories"])
    PartnershipBenefit.objects.bulk_create([PartnershipBenefit(partnership=partnership, tag=t) for t in item["tags"]])
    Savings.objects.bulk_create(
        [
            Savings(partnership=partnership, financial_year=y, amount_gbp=a, status=s, evidence=e)
            for y, a, s, e in item["savings"]
        ]
    )


def state() -> dict[str, Any]:
    """Everything an import could change, compared before and after."""
    partnerships = Partnership.objects.prefetch_related(
        "memberships", "other_partners", "categories", "benefit_tags", "savings"
    )
    return {
        "partnerships": {
            p.reference: (
                [getattr(p, f.attname) for f in Partnership._meta.concrete_fields],
                sorted(m.council_id for m in p.memberships.all()),
                sorted((o.pk, o.name, o.kind) for o in p.other_partners.all()),
                sorted(c.pk for c in p.categories.all()),
                sorted((t.pk, t.tag) for t in p.benefit_tags.all()),
                sorted(
                    (
                        (s.pk, s.financial_year, s.amount_gbp, s.status, s.evidence, s.updated_at)
                        for s in p.savings.all()
                    ),
                    key=str,
                ),
            )
            for p in partnerships
        },
        "audit": AuditEvent.objects.count(),
    }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_an_export_imported_again_changes_nothing(world: dict[str, list[int]], tmp_path: Path, data: Any) -> None:
    count = data.draw(st.integers(1, 3), label="count")
    items = [data.draw(partnerships(world, f"REF-{n}"), label=f"partnership {n}") for n in range(count)]
    with transaction.atomic():
        for item in items:
            create(item)
        before = state()
        path = tmp_path / "export.csv"
        exporters.export_to_file(path)
        report = import_partnerships(path)
        assert (report.created, report.updated, report.unchanged) == (0, 0, count)
        assert state() == before
        transaction.set_rollback(True)


def test_an_export_into_an_empty_database_builds_the_same_partnerships(world, tmp_path) -> None:
    babergh, somerset = world["councils"][0], world["councils"][1]
    p = PartnershipFactory(reference="X-1", name="=Shared; audit", lead_council_id=babergh, councils=[])
    PartnershipCouncil.objects.create(partnership=p, council_id=somerset)
    SavingsFactory(partnership=p, financial_year=None, amount_gbp=900)
    SavingsFactory(partnership=p, financial_year=2017, amount_gbp=100, status="expected", evidence="none")
    path = tmp_path / "export.csv"
    exporters.export_to_file(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [
        (r["savings_year"], r["savings_in_year_gbp"], r["savings_to_date_gbp"], r["savings_basis"]) for r in rows
    ] == [("2017/18", "100", "1000", "expected")]
    # The factory adds the lead to the councils; "Somerset" names two councils, so its code is written.
    assert rows[0]["name"] == "'=Shared; audit" and rows[0]["councils"] == "Babergh; E06000066"
    assert rows[0]["lead_council"] == "Babergh"
    Partnership.objects.all().delete()
    assert import_partnerships(path).created == 1
    again = Partnership.objects.get()
    assert again.name == "=Shared; audit"
    assert sorted(again.savings.values_list("financial_year", "amount_gbp"), key=str) == [(2017, 100), (None, 900)]


def test_the_staff_download_and_the_command(world, tmp_path, capsys) -> None:
    PartnershipFactory(reference="X-2", councils=[], no_savings_reason="Resilience only")
    admin = member_of(association(), Role.ADMIN, email="admin@example.org")
    editor = member_of(association(), Role.EDITOR, email="editor@example.org")
    for user in (admin, editor):
        give_totp(user)
    client = Client()
    client.force_login(editor)  # editors curate partnerships, so may download them all here
    assert client.get("/admin/shared-services/export.csv").status_code == 200
    client.force_login(admin)
    response = client.get("/admin/shared-services/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert tuple(rows[0]) == exporters.COLUMNS and rows[0]["reference"] == "X-2"
    call_command("export_data", "partnerships", str(tmp_path / "out.csv"))
    assert "Exported 1 partnerships" in capsys.readouterr().out
    assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith("X-2,")
