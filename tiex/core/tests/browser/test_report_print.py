"""The printable report of a self-assessment result, printed by Chromium on A4.

The page is opened with print media emulated: the site's chrome (navigation, breadcrumbs,
footer, the screen-only instructions and the comparator form) is hidden and the report's
content is all there; then Chromium prints it to a PDF at A4 (as "Save as PDF" does), which
has a cover page and a sane number of pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tiex.assessments.a11y_routes import PUBLISHED_PK, SEED
from tiex.core.tests.browser.conftest import BrowserSession

pytestmark = pytest.mark.browser

A4_POINTS = (595, 842)  # width, height of an A4 page in PDF points (210 x 297 mm)


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """The (width, height) of each page of a PDF from Chromium (its page objects are not compressed)."""
    assert data.startswith(b"%PDF-"), "not a PDF"
    pages = re.findall(rb"/Type\s*/Page\b(?!s)(.*?)>>", data, flags=re.S)
    boxes = []
    for page in pages:
        found = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", page)
        if found:
            x0, y0, x1, y1 = (float(value) for value in found.groups())
            boxes.append((x1 - x0, y1 - y0))
    if len(boxes) != len(pages):  # the MediaBox may sit before /Type in the dictionary
        boxes = [
            (float(x1) - float(x0), float(y1) - float(y0))
            for x0, y0, x1, y1 in re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
        ]
    return boxes


def test_the_report_prints_on_a4_without_the_site_chrome(
    open_browser: Callable[..., BrowserSession], seed: Callable[[str], None], tmp_path: Path
) -> None:
    seed(SEED)
    session = open_browser(role="super_user", javascript=False)
    page = session.page
    results = page.goto(session.url(f"/assessments/{PUBLISHED_PK}/results/"))
    assert results is not None and results.status == 200
    with page.expect_navigation():
        page.get_by_role("link", name="Print or save as PDF").click()
    assert page.url.split("?")[0].endswith(f"/assessments/{PUBLISHED_PK}/report/")

    # On screen: the instructions say honestly how to make a PDF.
    assert page.locator(".tiex-no-print").is_visible()
    assert "Save as PDF" in page.locator(".tiex-no-print").inner_text()

    page.emulate_media(media="print")
    for chrome in (".govuk-service-navigation", ".govuk-footer", ".govuk-breadcrumbs", ".govuk-skip-link"):
        assert page.locator(chrome).count() >= 1, f"{chrome} is not on the page at all"
        assert not page.locator(chrome).first.is_visible(), f"{chrome} shows in print"
    assert not page.locator(".tiex-no-print").is_visible()
    assert not page.locator("main form").first.is_visible()  # the comparator group's form
    main = page.locator("main")
    text = main.inner_text()
    assert page.get_by_role("heading", level=1).inner_text().endswith("self-assessment report")
    for expected in (
        "Testshire",
        "version 1.0",
        "Published",
        "Summary",
        "Results by theme",
        "Compared with similar councils",
        "Action plan",
        "Agree a five-year financial plan with the cabinet",
        "Results by statement",
        "We know our place.",
    ):
        assert expected in text, f"{expected!r} is missing from the printed report"
    assert page.locator("main figure svg").is_visible()
    # Links print their address after them (absolute, so a reader can type it in).
    after = page.evaluate(
        "() => getComputedStyle(document.querySelector('main a.govuk-link[href^=\"http\"]:not(.tiex-report__url)'),"
        " '::after').content"
    )
    assert after.startswith('" (http'), after
    once = page.evaluate("() => getComputedStyle(document.querySelector('.tiex-report__url'), '::after').content")
    assert once == "none"  # the online address is its own text: printed once
    # A table row never splits across pages; headings stay with what follows them.
    assert page.evaluate("() => getComputedStyle(document.querySelector('main tbody tr')).breakInside") == "avoid"
    assert page.evaluate("() => getComputedStyle(document.querySelector('main h2')).breakAfter") == "avoid"

    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    (tmp_path / "report.pdf").write_bytes(pdf)
    pages = pdf_pages(pdf)
    assert 2 <= len(pages) <= 8, f"{len(pages)} pages"
    for width, height in pages:
        assert (round(width), round(height)) == A4_POINTS


def test_a_published_report_is_public_but_its_action_plan_is_not(
    open_browser: Callable[..., BrowserSession], seed: Callable[[str], None]
) -> None:
    seed(SEED)
    session = open_browser(javascript=False)
    page = session.page
    response: Any = page.goto(session.url(f"/assessments/{PUBLISHED_PK}/report/"))
    assert response.status == 200
    page.emulate_media(media="print")
    text = page.locator("main").inner_text()
    assert "Results by theme" in text and "Action plan" not in text


@pytest.mark.parametrize("path", ["/", f"/assessments/{PUBLISHED_PK}/results/"], ids=["home", "results"])
def test_an_ordinary_page_prints_no_wider_than_the_paper(
    path: str, open_browser: Callable[..., BrowserSession], seed: Callable[[str], None]
) -> None:
    # GOV.UK's grid rows have negative side margins (for their columns' gutters): on paper,
    # where the width container has no margin of its own, they would reach past the page.
    seed(SEED)
    session = open_browser(javascript=False)
    page = session.page
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(session.url(path))
    page.emulate_media(media="print")
    assert page.locator(".govuk-grid-row").count() >= 1
    past = page.evaluate(
        """() => {
          const limit = document.documentElement.clientWidth;
          return Array.from(document.querySelectorAll(".govuk-grid-row"))
            .map((row) => [row.getBoundingClientRect().left, row.getBoundingClientRect().right - limit])
            .filter(([left, over]) => left < 0 || over > 0.5);
        }"""
    )
    assert not past, f"grid rows past the paper's edges (left, px past the right): {past}"
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
