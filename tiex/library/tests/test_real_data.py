"""The real council climate plans with the real council list, and the demo content on top
(skipped when the reference data folder is absent)."""

from __future__ import annotations

import csv
import datetime
import re

import pytest
from django.conf import settings
from django.test import Client

from tiex.core.datasets import dataset_spec
from tiex.core.importing import run_import
from tiex.library.demo import load_demo
from tiex.library.importers import CLIMATE_DATASET
from tiex.library.models import ResourcePage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not dataset_spec(CLIMATE_DATASET).default_local_source().exists(),
        reason=f"no reference data at {settings.DATA_DIR}",
    ),
]


def test_the_real_climate_plans_and_the_demo_content(exchange) -> None:  # type: ignore[no-untyped-def]
    run_import("councils")
    run_import("council-codes-2025")
    report = run_import(CLIMATE_DATASET)
    source = dataset_spec(CLIMATE_DATASET).default_local_source()
    with source.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    documents = {(row["local-authority-code"], row["url"]) for row in rows if row["url"]}
    assert report.rows == len(rows) == 1030
    assert report.created == len(documents)
    assert report.skipped == len(rows) - len(documents)
    plans = ResourcePage.objects.filter(source_dataset=CLIMATE_DATASET)
    assert plans.count() == len(documents)
    assert not plans.filter(councils=None).exists()  # every plan is linked to its council
    load_demo()

    # The register's one date after today (Mole Valley's 29/03/2029) is a warning, never a date shown.
    assert [(w.field, w.message) for w in report.warnings] == [("date_retrieved", "29/03/2029 is after today")]
    assert not plans.filter(date__gt=datetime.date.today()).exists()
    # Themes from what each plan is, not one blanket tag for all of them.
    blanket = plans.filter(themes__slug="leadership-of-place").count()
    assert blanket < plans.count() / 10
    assert plans.filter(themes__slug="capacity-to-deliver").count() > 300  # the action plans

    client = Client()
    demo = ResourcePage.objects.filter(is_demo=True).count()
    # The default view is the Exchange's own resources; the plans are a collection of their own.
    own = client.get("/exchange/").content.decode()
    assert f'id="results-count">{demo:,} resources' in own
    assert f'Council climate plans <span class="govuk-visually-hidden">,</span>({plans.count():,})' in own
    everything = client.get("/exchange/", {"collection": "all"}).content.decode()
    assert f"{plans.count() + demo:,} resources" in everything
    newest_plan = client.get("/api/v1/resources", {"collection": "climate-plans", "limit": 1}).json()["items"][0]
    assert newest_plan["date"] <= datetime.date.today().isoformat()
    waste = client.get("/exchange/", {"q": "waste"}).content.decode()
    narrowed = client.get("/exchange/", {"q": "waste", "theme": "income-and-spend"}).content.decode()
    count = int(re.search(r'id="results-count">([\d,]+) resource', waste).group(1).replace(",", ""))
    narrowed_count = int(re.search(r'id="results-count">([\d,]+) resource', narrowed).group(1).replace(",", ""))
    assert 0 < narrowed_count < count
    api = client.get("/api/v1/resources", {"q": "waste", "theme": "income-and-spend", "limit": 100}).json()
    assert api["count"] == narrowed_count
    slugs = re.findall(
        r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="/exchange/([^/]+)/"', narrowed
    )
    assert [item["slug"] for item in api["items"]][: len(slugs)] == slugs
