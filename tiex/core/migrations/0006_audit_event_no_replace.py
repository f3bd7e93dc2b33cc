"""Database-level guard: an audit event cannot be rewritten by inserting over it.

SQLite's ``INSERT OR REPLACE`` (and ``REPLACE``) resolves a clash on the id by deleting the
old row and inserting the new one. The delete fires no delete trigger (recursive_triggers
is off) and the insert is no update, so it passed the no-update trigger of 0003. A BEFORE
INSERT trigger now refuses any insert whose id is already taken.

PostgreSQL has no REPLACE; its upsert (``INSERT ... ON CONFLICT DO UPDATE``) updates the
existing row, which fires the BEFORE UPDATE trigger of 0003 and is refused already
(tiex/core/tests/test_audit.py checks both databases).
"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER core_auditevent_no_replace BEFORE INSERT ON core_auditevent
WHEN EXISTS (SELECT 1 FROM core_auditevent WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS core_auditevent_no_replace;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_import_job")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
