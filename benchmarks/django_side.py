"""The benchmark steps that run inside Django, one process per database.

    python benchmarks/django_side.py scale FACTOR     multiply the councils (and their rows) FACTOR times
    python benchmarks/django_side.py queries          JSON: status and SQL query count of every target

DATABASE_URL (and DJANGO_SETTINGS_MODULE) choose the database; benchmarks/run.py sets them.
"""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from targets import TARGETS  # noqa: E402

from tiex.councils.models import ClusterLabel, ComparatorLink, ControlYear, Council  # noqa: E402


def placeholders() -> dict[str, str]:
    county = Council.objects.filter(type="CTY", is_current=True).order_by("name").first()
    if county is None:
        county = Council.objects.order_by("name").first()
    values = {"council": county.code if county else "E10000016", "resource": "none", "resource_id": "0"}
    try:
        from tiex.library.models import ResourcePage
    except ImportError:
        return values
    resource = ResourcePage.objects.live().order_by("pk").first()
    if resource is not None:
        values.update(resource=resource.slug, resource_id=str(resource.pk))
    return values


@transaction.atomic
def scale(factor: int) -> None:
    """Add factor-1 copies of every council, with their control history, comparators and clusters."""
    originals = list(Council.objects.order_by("pk"))
    years = list(ControlYear.objects.all())
    links = list(ComparatorLink.objects.all())
    labels = list(ClusterLabel.objects.all())
    for number in range(2, factor + 1):
        clones = []
        for council in originals:
            clone = copy.copy(council)
            clone.pk = None
            clone.la_code = f"{council.la_code}Z{number}"  # letters and digits, as URLs expect
            clone.gss_code = None
            clone.name = f"{council.name} {number}"
            clone.search_names = f"{council.search_names} {number}"
            clone.county_id = clone.combined_authority_id = None
            clones.append(clone)
        created = Council.objects.bulk_create(clones, batch_size=500)
        twin = {council.pk: clone.pk for council, clone in zip(originals, created, strict=True)}
        ControlYear.objects.bulk_create(
            [copy_row(row, council_id=twin[row.council_id]) for row in years], batch_size=500
        )
        ComparatorLink.objects.bulk_create(
            [copy_row(row, council_id=twin[row.council_id], neighbour_id=twin[row.neighbour_id]) for row in links],
            batch_size=500,
        )
        ClusterLabel.objects.bulk_create(
            [copy_row(row, council_id=twin[row.council_id]) for row in labels], batch_size=500
        )
    counts = {"councils": Council.objects.count(), "control_years": ControlYear.objects.count()}
    counts.update(scale_resources(factor))
    counts.update(scale_partnerships(factor))
    print(json.dumps(counts))


def scale_resources(factor: int) -> dict[str, int]:
    """Add factor-1 copies of every published Exchange resource (through the Exchange's bulk service)."""
    try:
        from tiex.library import services as library
        from tiex.library.models import ResourcePage
    except ImportError:  # no Exchange in this version
        return {}
    pages = list(
        ResourcePage.objects.live().prefetch_related("themes", "service_areas", "councils", "replicated_by", "outcomes")
    )
    items = []
    for number in range(2, factor + 1):
        for page in pages:
            snapshot = library.resource_snapshot(page)
            data = library.ResourceData(
                **{name: snapshot[name] for name in library.SIMPLE_FIELDS if name != "title"},
                title=f"{snapshot['title']} {number}",
                themes=tuple(snapshot["themes"]),
                service_areas=tuple(snapshot["service_areas"]),
                councils=tuple(snapshot["councils"]),
                replicated_by=tuple(snapshot["replicated_by"]),
                outcomes=tuple(library.OutcomeData(*outcome) for outcome in snapshot["outcomes"]),
            )
            items.append(library.BulkResource(data=data, source_dataset="bench-copy", source_key=f"{page.pk}-{number}"))
    library.resources_bulk_create(items=items)
    return {"resources": ResourcePage.objects.live().count()}


def scale_partnerships(factor: int) -> dict[str, int]:
    """Add factor-1 copies of every shared-services partnership, with its councils, categories and savings."""
    try:
        from tiex.partnerships.models import Partnership, PartnershipCouncil, Savings
    except ImportError:  # no Shared Services Map in this version
        return {}
    originals = list(Partnership.objects.order_by("pk"))
    memberships = list(PartnershipCouncil.objects.all())
    savings = list(Savings.objects.all())
    tagged = list(Partnership.categories.through.objects.all())
    for number in range(2, factor + 1):
        created = Partnership.objects.bulk_create(
            [copy_row(p, reference=f"{p.reference}-{number}", name=f"{p.name} {number}") for p in originals],
            batch_size=500,
        )
        twin = {p.pk: clone.pk for p, clone in zip(originals, created, strict=True)}
        PartnershipCouncil.objects.bulk_create(
            [copy_row(row, partnership_id=twin[row.partnership_id]) for row in memberships], batch_size=500
        )
        Savings.objects.bulk_create(
            [copy_row(row, partnership_id=twin[row.partnership_id]) for row in savings], batch_size=500
        )
        Partnership.categories.through.objects.bulk_create(
            [copy_row(row, partnership_id=twin[row.partnership_id]) for row in tagged], batch_size=500
        )
    return {"partnerships": Partnership.objects.count()}


def copy_row(row: Any, **changes: Any) -> Any:
    clone = copy.copy(row)
    clone.pk = None
    for name, value in changes.items():
        setattr(clone, name, value)
    return clone


def queries() -> None:
    values = placeholders()
    client = Client()
    results = {}
    for target in TARGETS:
        path = target.path.format(**values)
        try:
            client.get(path)  # warm caches (templates, the regions list ...), as a running site has them
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
        except Exception as exc:  # a broken page is a figure to report, not a reason to stop
            print(f"{target.name}: {path} raised {exc!r}", file=sys.stderr)
            results[target.name] = {"path": path, "status": 500, "queries": None}
            continue
        results[target.name] = {"path": path, "status": response.status_code, "queries": len(captured.captured_queries)}
    print(json.dumps({"placeholders": values, "targets": results}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["scale"]:
        scale(int(sys.argv[2]))
    elif sys.argv[1:2] == ["queries"]:
        queries()
    else:
        raise SystemExit(__doc__)
