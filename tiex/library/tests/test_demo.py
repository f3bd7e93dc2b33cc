"""tiex demo: at least 30 varied demo resources, all marked as demo; running it again changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tiex.library.choices import EvidenceLevel
from tiex.library.demo import read_demo
from tiex.library.models import ResourcePage, ServiceArea, Theme

pytestmark = pytest.mark.django_db


def test_the_demo_file_is_varied_and_uses_known_terms(db) -> None:  # type: ignore[no-untyped-def]
    entries = read_demo()
    assert len(entries) >= 30
    assert len({entry["slug"] for entry in entries}) == len(entries)
    themes = set(Theme.objects.values_list("slug", flat=True))
    areas = set(ServiceArea.objects.values_list("slug", flat=True))
    for entry in entries:
        assert set(entry.get("themes", [])) <= themes, entry["slug"]
        assert set(entry.get("service_areas", [])) <= areas, entry["slug"]
    assert {entry["evidence_level"] for entry in entries} == set(EvidenceLevel.values)
    assert {"case-study", "guidance", "toolkit", "training", "report"} <= {entry["type"] for entry in entries}
    used_themes = {theme for entry in entries for theme in entry.get("themes", [])}
    assert used_themes == themes  # every theme has something
    text = " ".join(entry["title"] + entry["summary"] for entry in entries).lower()
    for topic in (
        "one public estate",
        "housing adviser",
        "behavioural insights",
        "cyber",
        "commercial",
        "digital leadership",
        "procurement strategy",
        "shared chief executive",
    ):
        assert topic in text, topic


def test_tiex_demo_is_idempotent_and_marks_everything_as_demo(exchange) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("demo", stdout=out)
    count = len(read_demo())
    assert f"{count} demo resources created" in out.getvalue()
    assert ResourcePage.objects.count() == count
    assert set(ResourcePage.objects.values_list("is_demo", flat=True)) == {True}
    assert ResourcePage.objects.live().count() == count
    call_command("demo", stdout=out)
    assert f"0 demo resources created, 0 updated, {count} unchanged" in out.getvalue()
    call_command("demo", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()
    assert ResourcePage.objects.count() == count
