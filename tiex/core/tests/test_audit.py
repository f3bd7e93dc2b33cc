"""The audit log is append-only and records imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import NoReverseMatch, reverse

from tiex.core.models import AuditEvent, AuditLogIsAppendOnly, Dataset
from tiex.core.services import audit_record


@pytest.fixture
def event() -> AuditEvent:
    return audit_record(
        actor=None,
        action="test.change",
        object_type="core.thing",
        object_id="7",
        object_repr="Thing 7",
        before={"when": dt.date(2025, 5, 1)},
        after={"when": dt.date(2025, 6, 1)},
    )


@pytest.mark.django_db
def test_an_event_records_who_what_when_and_the_values(event: AuditEvent) -> None:
    stored = AuditEvent.objects.get()
    assert stored.actor_label == "system"
    assert stored.action == "test.change"
    assert stored.before == {"when": "2025-05-01"}
    assert stored.after == {"when": "2025-06-01"}
    assert stored.occurred_at.utcoffset() == dt.timedelta(0)


@pytest.mark.django_db
def test_an_event_cannot_be_changed_or_deleted_through_the_orm(event: AuditEvent) -> None:
    event.action = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "test.change"


@pytest.mark.django_db
def test_the_database_refuses_an_update_in_raw_sql(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'tampered'")
    assert AuditEvent.objects.get().action == "test.change"


@pytest.mark.django_db
def test_the_database_refuses_a_delete_in_raw_sql_on_postgresql(event: AuditEvent) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite guards deletes in the ORM only (see migration 0003)")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
    assert AuditEvent.objects.count() == 1


def _rewrite(event: AuditEvent, statement: str) -> None:
    """Insert a row with the event's id and every column as stored except ``action``."""
    columns = [field.column for field in AuditEvent._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM core_auditevent WHERE id = %s", [event.pk])  # noqa: S608
        values = list(cursor.fetchone())
        values[columns.index("action")] = "tampered"
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.execute(statement.format(columns=", ".join(columns), values=placeholders), values)


REWRITES = {
    "insert or replace": ("sqlite", "INSERT OR REPLACE INTO core_auditevent ({columns}) VALUES ({values})"),
    "replace": ("sqlite", "REPLACE INTO core_auditevent ({columns}) VALUES ({values})"),
    "upsert": (
        "any",
        "INSERT INTO core_auditevent ({columns}) VALUES ({values}) ON CONFLICT (id) DO UPDATE SET action = 'tampered'",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("how", REWRITES)
def test_the_database_refuses_to_rewrite_an_event_by_inserting_over_it(event: AuditEvent, how: str) -> None:
    """SQLite's REPLACE deletes the old row without firing delete triggers, then inserts: a
    rewrite past the no-update trigger. An upsert's update must be refused as an update."""
    vendor, statement = REWRITES[how]
    if vendor not in {"any", connection.vendor}:
        pytest.skip(f"{how} is {vendor} syntax")
    with pytest.raises(DatabaseError), transaction.atomic():
        _rewrite(event, statement)
    assert AuditEvent.objects.get().action == "test.change"


@pytest.mark.django_db
def test_new_events_are_still_inserted_in_raw_sql(event: AuditEvent) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditevent (occurred_at, actor_label, action, object_type, object_id, object_repr) "
            "VALUES (%s, 'system', 'test.raw', '', '', '')",
            [dt.datetime(2025, 1, 1, tzinfo=dt.UTC)],
        )
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db
def test_an_import_is_recorded_and_a_dry_run_is_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tiex.core import datasets
    from tiex.core.importing import run_import
    from tiex.core.tests.test_importing import SPEC

    monkeypatch.setattr(datasets, "manifest", lambda: {"sample": SPEC})
    source = tmp_path / "sample.csv"
    source.write_text("name\nalpha\n")
    run_import("sample", str(source), dry_run=True)
    assert not AuditEvent.objects.exists()
    run_import("sample", str(source))
    event = AuditEvent.objects.get()
    assert event.action == "dataset.import"
    assert event.actor_label == "command line"
    assert event.object_type == "core.dataset"
    assert event.object_id == "sample"
    assert event.after["created"] == 1
    assert Dataset.objects.filter(slug="sample").exists()


def test_the_admin_offers_no_way_to_edit_or_delete_events() -> None:
    assert reverse("audit_log:index")
    for name in ["audit_log:add", "audit_log:edit", "audit_log:delete", "audit_log:copy"]:
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1]) if name != "audit_log:add" else reverse(name)
