"""Reports drafted from live data: drafted in the background, edited, drafted again, published; who sees
what; and every figure equals what the page it cites shows."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.board import selectors_reports, services_reports
from tiex.board.models import BoardReport, ReportState
from tiex.board.rag import Rag
from tiex.board.tests.factories import (
    BoardMemberFactory,
    DeliverableFactory,
    GrantYearFactory,
    QuarterlyUpdateFactory,
)
from tiex.councils.tests.factories import CouncilFactory
from tiex.events.tests.factories import EventFactory
from tiex.partnerships.tests.factories import PartnershipFactory
from tiex.peer_challenges import financial_years as fy
from tiex.peer_challenges.tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db
START, END = date(2018, 4, 1), date(2019, 3, 31)


@pytest.fixture
def editor() -> Any:
    user = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(user)
    return user


@pytest.fixture
def staff(editor: Any) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def year_2018() -> Any:
    year = GrantYearFactory(year=2018, published=True)
    for number in (1, 2, 3):
        QuarterlyUpdateFactory(
            deliverable=DeliverableFactory(grant_year=year, number=number, title=f"Target {number}"),
            quarter=4,
            status=Rag.RED if number == 3 else Rag.GREEN,
        )
    return year


def _drafted(actor: Any, capture: Any, **fields: Any) -> BoardReport:
    with capture(execute=True):
        report = services_reports.report_request(
            actor=actor, kind=fields.pop("kind", "chair"), period_start=START, period_end=END, **fields
        )
    report.refresh_from_db()
    return report


def test_a_report_is_drafted_in_the_background_with_its_figures_and_data_version(
    editor: Any, year_2018: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services_reports.report_request(actor=editor, kind="chair", period_start=START, period_end=END)
    assert report.state == ReportState.DRAFTING and report.title == "Chair's report: 2018/19"
    assert len(callbacks) == 1  # the task is enqueued only once the report is committed
    callbacks[0]()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.drafted_at is not None
    figures = {figure["key"]: figure for figure in report.figures}
    assert figures["targets_green"]["value"] == "2" and figures["targets_red"]["items"] == ["3. Target 3"]
    assert figures["targets_green"]["href"] == "/board/performance/?year=2018"
    version = report.data_version
    assert set(version) >= {"imports", "imports_token", "sources_state", "figures_sha256", "figures_as_of", "read_at"}
    assert version["figures_as_of"] == "2019-03-31"
    text = "\n".join(section["text"] for section in report.sections)
    assert "[2](/board/performance/?year=2018) of 3 targets" in text


def test_the_figures_are_reproducible_from_the_same_data(year_2018: Any) -> None:
    first = selectors_reports.report_figures(START, END)
    second = selectors_reports.report_figures(START, END)
    assert first == second
    assert (
        selectors_reports.data_version(first, on=END)["figures_sha256"]
        == selectors_reports.data_version(second, on=END)["figures_sha256"]
    )


def test_the_period_is_a_financial_year_from_its_start_to_a_day_that_has_passed(editor: Any) -> None:
    with pytest.raises(ValidationError):
        services_reports.report_request(actor=editor, kind="chair", period_start=date(2018, 5, 1), period_end=END)
    with pytest.raises(ValidationError):
        services_reports.report_request(actor=editor, kind="chair", period_start=START, period_end=date(2019, 4, 1))
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationError):
        services_reports.check_period(fy.year_start(fy.financial_year(tomorrow)), tomorrow, today=date.today())
    with pytest.raises(ValidationError):
        services_reports.report_request(actor=editor, kind="minutes", period_start=START, period_end=END)


def test_staff_draft_edit_redraft_and_publish_through_the_pages(
    staff: Client, year_2018: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post("/board/reports/new/", {"kind": "chair", "year": "2018", "period_end": ""})
    assert response.status_code == 302
    report = BoardReport.objects.get()
    assert response["Location"] == f"/board/reports/{report.pk}/"
    assert report.period_end == END and report.state == ReportState.DRAFT
    page = staff.get(f"/board/reports/{report.pk}/").content.decode()
    assert "Edit the report" in page and "Draft it again" in page and "replaces the text" in page

    form = {"title": "Chair's report to the board: 2018/19"}
    for index, section in enumerate(report.sections):
        form[f"heading_{index}"] = section["heading"]
        form[f"text_{index}"] = section["text"]
    form["text_0"] = "The chair's own words. " + form["text_0"]
    assert staff.post(f"/board/reports/{report.pk}/edit/", form).status_code == 302
    report.refresh_from_db()
    assert report.title == "Chair's report to the board: 2018/19"
    assert report.sections[0]["text"].startswith("The chair's own words.")

    # An edit that leaves a section without a heading is refused with the error on the page.
    bad = {**form, "heading_1": ""}
    response = staff.post(f"/board/reports/{report.pk}/edit/", bad)
    assert response.status_code == 400 and "Give every section a heading" in response.content.decode()

    # Drafting again replaces the edits.
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(f"/board/reports/{report.pk}/redraft/").status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.sections[0]["text"].startswith("The chair's own words.")
    assert report.title == "Chair's report to the board: 2018/19"  # the title is kept

    assert staff.post(f"/board/reports/{report.pk}/publish/").status_code == 302
    report.refresh_from_db()
    assert report.is_published and report.published_at is not None
    # Published: frozen.
    with pytest.raises(ValidationError):
        services_reports.report_edit(actor=None, report=report, title="x", sections=[("a", "b")])
    assert staff.get(f"/board/reports/{report.pk}/edit/").status_code == 302
    staff.post(f"/board/reports/{report.pk}/redraft/")
    report.refresh_from_db()
    assert report.is_published


def test_the_page_says_the_report_is_being_drafted_until_it_is(staff: Client, editor: Any) -> None:
    report = services_reports.report_request(actor=editor, kind="monitoring", period_start=START, period_end=END)
    page = staff.get(f"/board/reports/{report.pk}/").content.decode()
    assert "being drafted" in page and "Edit the report" not in page


def test_the_public_sees_published_reports_and_the_board_sees_drafts(
    editor: Any, year_2018: Any, django_capture_on_commit_callbacks: Any, django_user_model: Any
) -> None:
    draft = _drafted(editor, django_capture_on_commit_callbacks, title="A draft report")
    published = _drafted(editor, django_capture_on_commit_callbacks, title="A published report")
    services_reports.report_publish(actor=editor, report=published)
    public = Client()
    assert public.get(f"/board/reports/{draft.pk}/").status_code == 404
    assert public.get(f"/board/reports/{draft.pk}/figures.json").status_code == 404
    listing = public.get("/board/reports/").content.decode()
    assert "A published report" in listing and "A draft report" not in listing
    page = public.get(f"/board/reports/{published.pk}/").content.decode()
    assert "Edit the report" not in page and "Draft it again" not in page

    member = django_user_model.objects.create_user(email="cllr@example.org", password="a-long-password-1")
    BoardMemberFactory(user=member)
    board = Client()
    board.force_login(member)
    assert board.get(f"/board/reports/{draft.pk}/").status_code == 200
    assert "A draft report" in board.get("/board/reports/").content.decode()
    assert board.get("/board/reports/new/").status_code == 403
    assert board.post(f"/board/reports/{draft.pk}/publish/").status_code == 403


def test_the_figures_download_has_the_data_version(
    editor: Any, year_2018: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = _drafted(editor, django_capture_on_commit_callbacks)
    services_reports.report_publish(actor=editor, report=report)
    response = Client().get(f"/board/reports/{report.pk}/figures.json")
    assert response.streaming and response["Content-Type"] == "application/json"
    body = json.loads(response.getvalue())
    assert body["data_version"]["figures_sha256"] == report.data_version["figures_sha256"]
    assert {figure["key"] for figure in body["figures"]} >= {"peer_challenges_delivered", "targets_green"}


# --- Every figure equals what the page it cites shows -------------------------------------------------


def _dd(html: str, marker: str) -> str:
    found = re.search(marker + r"[^>]*>([^<]+)<", html)
    assert found, marker
    return found.group(1).strip()


def test_every_figure_matches_the_page_it_cites(editor: Any, django_capture_on_commit_callbacks: Any) -> None:
    """Demo-like data in the current financial year up to today, so that the pages (which count as of
    today) and the report (as at the end of its period) count the same thing."""
    today = date.today()
    year = fy.financial_year(today)
    start = fy.year_start(year)
    councils = [CouncilFactory(name=f"Council {n}", region="North West") for n in range(5)]
    ChallengeFactory(council=councils[0], visit_start=date(2011, 5, 1), visit_end=date(2011, 5, 4))
    ChallengeFactory(council=councils[1], visit_start=start - timedelta(days=3), visit_end=today)
    ChallengeFactory(council=councils[2], visit_start=today - timedelta(days=3), visit_end=today)
    PartnershipFactory(start_year=year - 2, councils=councils[:3])
    PartnershipFactory(start_year=year, councils=councils[2:])
    EventFactory(starts_on=today, ends_on=today)
    grant = GrantYearFactory(year=year, published=True)
    QuarterlyUpdateFactory(deliverable=DeliverableFactory(grant_year=grant, number=1), quarter=1, status=Rag.GREEN)
    QuarterlyUpdateFactory(deliverable=DeliverableFactory(grant_year=grant, number=2), quarter=1, status=Rag.AMBER)

    with django_capture_on_commit_callbacks(execute=True):
        report = services_reports.report_request(actor=editor, kind="chair", period_start=start, period_end=today)
    services_reports.report_publish(actor=editor, report=BoardReport.objects.get(pk=report.pk))
    report.refresh_from_db()
    figures = {figure["key"]: figure for figure in report.figures}
    public = Client()

    coverage = public.get(figures["councils_without_end"]["href"]).content.decode()
    assert figures["councils_without_end"]["display"] == _dd(coverage, "data-coverage-without") == "3"

    yearly = public.get(figures["peer_challenges_delivered"]["href"]).content.decode()
    assert figures["peer_challenges_delivered"]["display"] == "2"
    assert re.search(rf"{fy.label(year)}</th>\s*<td[^>]*>2<", yearly), "the year's row shows 2 delivered"

    ssm = public.get(figures["partnerships"]["href"]).content.decode()
    assert figures["partnerships"]["href"] == f"/shared-services/?year={year}"
    assert re.search(r"Partnerships</dt>\s*<dd[^>]*>2<", ssm)
    assert figures["partnerships"]["display"] == "2" and figures["partnership_councils"]["display"] == "5"

    performance = public.get(figures["targets_green"]["href"]).content.decode()
    assert "1 of 2 targets fully achieved" in performance
    assert (figures["targets_green"]["display"], figures["targets_total"]["display"]) == ("1", "2")

    events = public.get(figures["events"]["href"]).content.decode()
    assert figures["events"]["display"] == "1" and "Innovation Zone" in events

    # The report's page states the same figures, each linking to its page.
    page = public.get(f"/board/reports/{report.pk}/").content.decode()
    for figure in report.figures:
        assert f'href="{figure["href"].replace("&", "&amp;")}"' in page, figure["key"]
    assert '<a class="govuk-link" href="/peer-challenges/coverage/">3</a>' in page


def test_a_drafting_that_fails_is_marked_failed_and_can_be_drafted_again(
    editor: Any, staff: Client, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    def broken(start: date, end: date) -> list[Any]:
        raise RuntimeError("a source could not be read")

    monkeypatch.setattr(selectors_reports, "report_figures", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = services_reports.report_request(actor=editor, kind="chair", period_start=START, period_end=END)
    report.refresh_from_db()
    assert report.state == ReportState.FAILED and "a source could not be read" in report.drafting_error
    page = staff.get(f"/board/reports/{report.pk}/").content.decode()
    assert "Drafting failed" in page and "Draft it again" in page and "Publish the report" not in page
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services_reports.report_redraft(actor=editor, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.drafting_error == ""
