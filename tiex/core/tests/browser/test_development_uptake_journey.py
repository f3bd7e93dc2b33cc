"""Issue #12's "done when", in a real browser with JavaScript off: a councillor of a real council (the
reference data's Newcastle upon Tyne, in the North East) signs in, books a cohort place through the
programme's page, and staff then see that booking in the regional uptake, against the real number of
councillors there (mySociety's 2021 count: 770 in the North East, 20,246 in all)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from tiex.core.datasets import dataset_spec
from tiex.core.tests.browser.conftest import BrowserSession, describe_violations, run_axe_without_javascript, sign_in

EMAIL = "nia.north@newcastle.example.org"
REAL = [dataset_spec(slug) for slug in ("councils", "councillors")]


def _accessible(session: BrowserSession, axe_source: str) -> None:
    violations = run_axe_without_javascript(session.page, axe_source)
    assert not violations, f"{session.page.url} has accessibility violations:\n" + describe_violations(violations)


def _region_cells(page: Any, region: str) -> list[str]:
    table = page.locator("#uptake-region-caption").locator("xpath=..")
    return table.locator("tr", has=page.locator(f"th:text-is('{region}')")).locator("td").all_inner_texts()


@pytest.mark.browser
@pytest.mark.skipif(
    not all(spec.default_local_source(settings.DATA_DIR).exists() for spec in REAL),
    reason=f"the reference data files are not in {settings.DATA_DIR}",
)
def test_a_councillor_books_and_staff_see_regional_uptake_against_real_councillor_numbers(
    open_browser: Any, axe_source: str, transactional_db: Any
) -> None:
    from playwright.sync_api import expect

    from tiex.accounts.roles import Role
    from tiex.accounts.services import organisation_for_council
    from tiex.accounts.tests.factories import member_of
    from tiex.core.importing import run_import
    from tiex.councils.models import Council
    from tiex.councils.selectors import page_cache
    from tiex.development.demo import load_demo
    from tiex.development.models import Booking
    from tiex.library.tests.browser_seed import ensure_page_tree

    ensure_page_tree()  # an earlier browser test may have flushed Wagtail's page tree
    for spec in REAL:
        run_import(spec.slug)
    page_cache().clear()  # the uptake map's outlines are cached under the import version
    load_demo(with_bookings=False)  # the catalogue, with no bookings: this one is the only uptake
    council = Council.objects.get(gss_code="E08000021")  # Newcastle upon Tyne
    assert council.region == "North East"
    member_of(organisation_for_council(council=council), Role.MEMBER, email=EMAIL, full_name="Nia North")

    councillor = open_browser(javascript=False)
    sign_in(councillor, EMAIL)
    page = councillor.page
    page.goto(councillor.url("/councillor-development/leadership-academy/"))
    with page.expect_navigation():
        page.get_by_role("link", name="Book a place on Autumn cohort").click()
    expect(page.get_by_label("Years as a councillor")).to_be_visible()
    page.get_by_label("Cabinet member or portfolio holder").check()
    page.get_by_label("Years as a councillor").fill("6")
    page.get_by_label("Years in your current role").fill("2")
    page.get_by_label("Your political group").select_option("lab")
    with page.expect_navigation():
        page.get_by_role("button", name="Book the place").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Your place is confirmed")
    booking = Booking.objects.get(user__email=EMAIL)
    assert booking.council == council and booking.status == "confirmed"

    staff = open_browser(javascript=False, role="editor")
    staff.page.goto(staff.url("/councillor-development/uptake/"))
    expect(staff.page.locator("#uptake-region-caption")).to_be_visible()
    # Bookings, completions, councillors (the real 2021 count), bookings per 1,000 councillors.
    assert _region_cells(staff.page, "North East")[:4] == ["1", "0", "770", "1.3"]
    _accessible(staff, axe_source)
