"""The whole reference load against the real files (skipped when TIEX_DATA_DIR does not hold them)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db.models import Sum

from tiex.core.datasets import manifest
from tiex.core.importing import run_import
from tiex.councils.models import ComparatorKind, ComparatorLink, Council, CouncilCode, CouncillorCount

REFERENCE = [spec for spec in manifest().values() if spec.reference and spec.importer.startswith("tiex.councils.")]
present = all(spec.default_local_source(settings.DATA_DIR).exists() for spec in REFERENCE)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not present, reason=f"the reference data files are not in {settings.DATA_DIR}"),
]


def test_full_reference_load():
    reports = {spec.slug: run_import(spec.slug) for spec in REFERENCE}

    principal = Council.objects.principal().filter(nation="England")
    assert principal.count() == 317
    assert principal.filter(boundary__isnull=True).count() == 0
    assert principal.exclude(control_year=2025).count() == 0
    barnsley = Council.objects.get(la_code="BNS")
    assert barnsley.gss_code == "E08000038"
    assert CouncilCode.objects.get(code="E08000016").council == barnsley
    kent = Council.objects.get(la_code="KEN")
    assert (kent.control, kent.control_year) == ("ref", 2025)
    assert kent.control_years.get(year=2025).control_changed is True
    assert ComparatorLink.objects.filter(kind=ComparatorKind.DFE_STATISTICAL_NEIGHBOURS).count() == 1580
    assert reports["councils"].created == 470
    # mySociety's 2021 count: 20,249 seats, 3 of them vacant; North East councils had 770 councillors.
    assert CouncillorCount.objects.aggregate(total=Sum("count"))["total"] == 20246
    assert CouncillorCount.objects.filter(region="North East").aggregate(total=Sum("count"))["total"] == 770
    assert not CouncillorCount.objects.filter(region="").exists()

    again = run_import("councils")
    assert (again.created, again.updated) == (0, 0)
