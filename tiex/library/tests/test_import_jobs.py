"""The admin's import runs as a background task; its status page refreshes until it shows the outcome."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tiex.core.models import ImportJob
from tiex.library.models import ResourcePage
from tiex.library.tests.factories import editor

pytestmark = pytest.mark.django_db

DATA = Path(__file__).with_name("data")
GOOD = "slug,title,type,status,summary,themes\nitem-1,Item 1,case-study,published,What it did.,capacity-to-deliver\n"
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []},
}


def keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker closes connections between tasks, as a request does; inside a test's transaction
    that would close the test's own connection (PostgreSQL), so here it keeps it."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def upload(client: Client, text: str, *, dry_run: bool = False, name: str = "resources.csv") -> Any:
    handle = io.BytesIO(text.encode())
    handle.name = name
    data: dict[str, Any] = {"file": handle}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/admin/exchange/import/", data)


@pytest.fixture
def signed_in(exchange: Any) -> Client:
    client = Client()
    client.force_login(editor())
    return client


def test_the_import_is_queued_and_its_page_refreshes_until_the_worker_has_run_it(
    signed_in: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.TASKS = DATABASE_QUEUE
    keep_the_test_connection(monkeypatch)
    response = upload(signed_in, GOOD)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/exchange/import/{job.pk}/"
    assert job.status == ImportJob.Status.QUEUED and job.task_id
    assert not ResourcePage.objects.exists()  # nothing happens in the request

    waiting = signed_in.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in waiting
    assert "waiting for the background worker" in waiting

    call_command("db_worker", "--batch", "--backend", "background", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.rows_done, job.rows_total) == (1, 1)
    assert job.content == ""  # the file is not kept
    done = signed_in.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in done
    assert "Imported resources from resources.csv" in done
    assert ResourcePage.objects.get().slug == "item-1"


def test_a_failed_import_shows_its_row_errors_and_changes_nothing(signed_in: Client) -> None:
    text = GOOD + "item-2,,not-a-type,published,,\n"
    page = signed_in.get(upload(signed_in, text, name="bad file.csv")["Location"]).content.decode()
    assert "Nothing was imported" in page
    assert "bad file.csv, line 3, field &#x27;title&#x27;: is required" in page
    assert "line 3, field &#x27;type&#x27;" in page
    assert not ResourcePage.objects.exists()
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED


def test_the_import_page_lists_recent_imports(signed_in: Client) -> None:
    upload(signed_in, GOOD, dry_run=True)
    page = signed_in.get("/admin/exchange/import/").content.decode()
    assert "Recent imports" in page and "resources.csv" in page and "(dry run)" in page


def test_a_file_that_is_not_utf8_is_refused_in_the_form(signed_in: Client) -> None:
    handle = io.BytesIO("title,type,summary\nCaf\xe9,case-study,x\n".encode("latin-1"))
    handle.name = "latin.csv"
    response = signed_in.post("/admin/exchange/import/", {"file": handle})
    assert response.status_code == 200
    assert "not UTF-8" in response.content.decode()


def test_only_editors_see_import_jobs(signed_in: Client, django_user_model: Any) -> None:
    location = upload(signed_in, GOOD, dry_run=True)["Location"]
    stranger = Client()
    stranger.force_login(django_user_model.objects.create_user(email="someone@example.org", password="x" * 12))
    assert stranger.get(location).status_code in (302, 403)


def test_a_running_import_shows_the_rows_checked_so_far(signed_in: Client) -> None:
    job = ImportJob.objects.create(
        kind="resources", file_name="big.csv", status=ImportJob.Status.RUNNING, rows_done=750, rows_total=3000
    )
    page = signed_in.get(f"/admin/exchange/import/{job.pk}/").content.decode()
    assert "Checking the rows: 750 of 3000 (25%)" in page
    assert '<meta http-equiv="refresh" content="3">' in page
    ImportJob.objects.filter(pk=job.pk).update(rows_done=3000)
    assert "saving the changes" in signed_in.get(f"/admin/exchange/import/{job.pk}/").content.decode()


def test_a_job_waiting_long_points_to_the_worker(signed_in: Client) -> None:
    job = ImportJob.objects.create(kind="resources", file_name="waiting.csv")
    ImportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - datetime.timedelta(minutes=2))
    page = signed_in.get(f"/admin/exchange/import/{job.pk}/").content.decode()
    assert "TIEX_WORKER=false" in page and "tiex worker" in page
