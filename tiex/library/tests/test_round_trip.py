"""An admin export imported again unedited changes nothing: 0 created, 0 updated, the database as it was.

A property test over generated resources (titles and bodies with quotes, leading = + - @,
unicode, entities, HTML), and the demo content (`tiex demo`).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageLogEntry, Revision

from tiex.core.csv import render_csv
from tiex.core.models import AuditEvent
from tiex.library import exporters, richtext, selectors, services
from tiex.library.choices import EvidenceLevel, OutcomeKind, ResourceType
from tiex.library.demo import read_demo
from tiex.library.models import BODY_FEATURES, ResourcePage
from tiex.library.resource_csv import import_resources
from tiex.library.tests.factories import CouncilFactory, editor

pytestmark = pytest.mark.django_db

THEMES = ("capacity-to-deliver", "organisational-leadership", "procurement-and-commissioning")

# Text that a spreadsheet, HTML or the CSV format could get wrong.
TRICKY = st.sampled_from(
    ["=cmd", "+1", "-2", "@SUM(A1)", "'", "''", "'=cmd", '"', '""', ",", "&amp;", "&lt;b&gt;", "&#x27;", "<b>", "\t"]
)
WORDS = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\x85\u2028\u2029"),
    min_size=1,
    max_size=20,
)
LINE = st.lists(st.one_of(WORDS, TRICKY), min_size=1, max_size=5).map(" ".join)
VISIBLE_LINE = st.tuples(LINE, st.sampled_from(["A", "é", "東", "1"])).map(lambda parts: parts[1] + parts[0])


@st.composite
def bodies(draw: Any) -> str:
    """A body as the site stores one: from plain text (submissions, imports) or HTML (the editor)."""
    if draw(st.booleans()):
        paragraphs = draw(st.lists(st.one_of(LINE, LINE.map(lambda t: "- " + t), LINE.map(lambda t: "## " + t))))
        return richtext.text_to_html("\n\n".join(paragraphs))
    parts = draw(
        st.lists(
            st.one_of(
                LINE.map(lambda t: f"<p>{richtext.escape(t)}</p>"),
                LINE.map(lambda t: f"<p><b>{richtext.escape(t)}</b> and <i>more</i></p>"),
                LINE.map(lambda t: f'<p><a href="https://example.org/x?a=1&amp;b=2">{richtext.escape(t)}</a></p>'),
                LINE.map(lambda t: f"<h2>{richtext.escape(t)}</h2>"),
                LINE.map(lambda t: f"<ul><li>{richtext.escape(t)}</li><li>two</li></ul>"),
                LINE.map(lambda t: f"<ol><li>{richtext.escape(t)}</li></ol>"),
            ),
            max_size=4,
        )
    )
    return "html:" + "".join(parts)  # cleaned in the test: cleaning draws random block keys


def stored_body(body: str) -> str:
    return richtext.clean_html(body.removeprefix("html:"), BODY_FEATURES) if body.startswith("html:") else body


OUTCOME_TEXT = VISIBLE_LINE.map(lambda t: t.replace(";", ",")).filter(lambda t: t.strip() != "")


@st.composite
def resources(draw: Any, councils: tuple[int, ...]) -> tuple[services.ResourceData, bool]:
    outcomes = [
        services.OutcomeData(
            kind=OutcomeKind.SAVING,
            amount=draw(st.decimals(min_value=1, max_value=10_000_000, places=2)),
            period=draw(st.sampled_from(["one-off", "per-year", "total"])),
            status=draw(st.sampled_from(["achieved", "expected"])),
            description=draw(st.one_of(st.just(""), OUTCOME_TEXT)),
        )
        for _ in range(draw(st.integers(0, 2)))
    ] + [
        services.OutcomeData(
            kind=OutcomeKind.BENEFIT,
            status=draw(st.sampled_from(["achieved", "expected"])),
            description=draw(OUTCOME_TEXT),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    data = services.ResourceData(
        title=draw(st.one_of(VISIBLE_LINE, TRICKY.map(lambda t: t + " title")))[:200],
        summary=draw(VISIBLE_LINE)[:900],
        body=draw(bodies()),
        resource_type=draw(st.sampled_from(ResourceType.values)),
        themes=tuple(draw(st.lists(st.sampled_from(THEMES), unique=True, max_size=2))),
        councils=tuple(draw(st.lists(st.sampled_from(councils), unique=True, max_size=2))),
        date=draw(st.one_of(st.none(), st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 1, 1)))),
        evidence_level=draw(st.sampled_from(EvidenceLevel.values)),
        evidence_note=draw(st.one_of(st.just(""), LINE)),
        contact_name=draw(st.one_of(st.just(""), LINE))[:200],
        licence=draw(st.sampled_from(["", "OGL v3.0", "=CC BY 4.0"])),
        outcomes=tuple(outcomes),
        is_demo=draw(st.booleans()),
    )
    return data, draw(st.booleans())


def state() -> dict[str, Any]:
    """Everything an import could change, compared before and after."""
    pages = ResourcePage.objects.prefetch_related("themes", "service_areas", "councils", "replicated_by", "outcomes")
    return {
        "pages": {
            page.pk: (
                services.resource_snapshot(page),
                page.slug,
                page.live,
                page.has_unpublished_changes,
                page.latest_revision_id,
                page.last_published_at,
            )
            for page in pages
        },
        "revisions": Revision.objects.count(),
        "history": PageLogEntry.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def export_to(path: Path) -> Path:
    rows = (exporters.resource_row(page) for page in selectors.resources_for_export(include_drafts=True))
    path.write_text(render_csv(exporters.DOWNLOAD_COLUMNS, rows), encoding="utf-8")
    return path


@pytest.fixture
def council_ids(exchange: Any) -> tuple[int, ...]:
    return tuple(CouncilFactory().pk for _ in range(3))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_an_export_imported_again_changes_nothing(council_ids: tuple[int, ...], tmp_path: Path, data: Any) -> None:
    items = data.draw(st.lists(resources(council_ids), min_size=1, max_size=4), label="resources")
    with transaction.atomic():
        for item, publish in items:
            services.resource_create(actor=None, data=replace(item, body=stored_body(item.body)), publish=publish)
        before = state()
        report = import_resources(export_to(tmp_path / "export.csv"))
        assert (report.created, report.updated, report.unchanged) == (0, 0, len(items))
        assert state() == before
        transaction.set_rollback(True)


def test_neutralised_cells_come_back_as_they_were(exchange: Any, tmp_path: Path) -> None:
    services.resource_create(
        actor=None,
        data=services.ResourceData(title="=cmd", summary="'=quoted already", evidence_note="-1", licence="@x"),
    )
    exported = export_to(tmp_path / "export.csv").read_text()
    row = next(csv.DictReader(io.StringIO(exported)))
    assert (row["title"], row["summary"], row["evidence_note"]) == ("'=cmd", "''=quoted already", "'-1")
    assert import_resources(tmp_path / "export.csv").unchanged == 1
    page = ResourcePage.objects.get()
    assert (page.title, page.summary, page.evidence_note, page.licence) == ("=cmd", "'=quoted already", "-1", "@x")


def test_a_changed_body_is_replaced_and_an_unchanged_one_kept_as_written(exchange: Any, tmp_path: Path) -> None:
    written = '<p>Tom &amp; Jerry <b>saved</b> <a href="https://example.org">money</a>.</p>'
    services.resource_create(actor=None, data=services.ResourceData(title="One", summary="S.", body=written))
    path = export_to(tmp_path / "export.csv")
    assert import_resources(path).unchanged == 1
    assert ResourcePage.objects.get().body == written
    path.write_text(path.read_text().replace("Tom & Jerry saved money.", "Tom & Jerry saved more."))
    assert import_resources(path).updated == 1
    assert ResourcePage.objects.get().body == "<p>Tom &amp; Jerry saved more.</p>"


def test_the_demo_flag_is_a_column_and_a_file_without_it_keeps_the_flag(exchange: Any, tmp_path: Path) -> None:
    services.resource_create(actor=None, data=services.ResourceData(title="Demo", summary="S.", is_demo=True))
    path = export_to(tmp_path / "export.csv")
    row = next(csv.DictReader(io.StringIO(path.read_text())))
    assert row["demo"] == "true"
    without = tmp_path / "without.csv"
    without.write_text("slug,title,type,summary\ndemo,Demo,case-study,S.\n")
    assert import_resources(without).unchanged == 1
    assert ResourcePage.objects.get().is_demo
    path.write_bytes(path.read_bytes().replace(b",true\r\n", b",false\r\n"))
    assert import_resources(path).updated == 1
    assert not ResourcePage.objects.get().is_demo


def test_the_demo_content_round_trips_through_the_admin_export(exchange: Any, tmp_path: Path) -> None:
    codes = {code for entry in read_demo() for code in [*entry.get("councils", []), *entry.get("replicated_by", [])]}
    for code in sorted(codes):
        CouncilFactory(gss_code=code)
    call_command("demo", stdout=io.StringIO())
    demo = ResourcePage.objects.filter(is_demo=True).count()
    assert demo >= 30
    client = Client()
    client.force_login(editor())
    response = client.get("/admin/exchange/export.csv")
    path = tmp_path / "export.csv"
    path.write_bytes(response.getvalue())
    before = state()  # after the sign-in, which is audited
    report = import_resources(path)
    assert (report.rows, report.created, report.updated, report.unchanged) == (demo, 0, 0, demo)
    assert state() == before
    assert ResourcePage.objects.filter(is_demo=True).count() == demo


def test_savings_amounts_round_trip_whatever_their_form(exchange: Any, tmp_path: Path) -> None:
    outcome = services.OutcomeData(kind=OutcomeKind.SAVING, amount=Decimal("250000.50"), period="total")
    services.resource_create(actor=None, data=services.ResourceData(title="T", summary="S.", outcomes=(outcome,)))
    assert import_resources(export_to(tmp_path / "export.csv")).unchanged == 1
