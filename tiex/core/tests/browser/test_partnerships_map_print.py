"""The Shared Services Map page printed by Chromium on A4, with JavaScript on and off.

A4 is 210 mm wide; the site's @page margins (tiex/core/frontend/_print.scss) leave 180 mm, about
680 CSS px, for the content. Laid out at that width with print media emulated, nothing on the
page reaches past it (the page does not scroll sideways, and no element's box ends beyond the
edge); then Chromium prints it to a PDF whose pages are all A4.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tiex.core.tests.browser.conftest import BrowserSession
from tiex.core.tests.browser.test_report_print import A4_POINTS, pdf_pages
from tiex.partnerships.a11y_routes import SEED

pytestmark = pytest.mark.browser

PRINTABLE_PX = round((210 - 2 * 15) / 25.4 * 96)  # the width between the @page side margins

PAST_THE_EDGE = """() => {
  const limit = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll("main *"))
    .filter((element) => element.getClientRects().length)
    .map((element) => [
      element.tagName.toLowerCase() + (element.closest("[id]") ? " in #" + element.closest("[id]").id : ""),
      element.getBoundingClientRect().right - limit,
    ])
    .filter(([, over]) => over > 0.5)
    .slice(0, 10);
}"""


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_map_page_prints_within_a4(
    javascript: bool, open_browser: Callable[..., BrowserSession], seed: Callable[[str], None], tmp_path: Path
) -> None:
    seed(SEED)
    session = open_browser(javascript=javascript)
    page = session.page
    page.set_viewport_size({"width": PRINTABLE_PX, "height": 1000})
    page.goto(session.url("/shared-services/"))
    if javascript:
        page.locator("[data-ssm-map][data-ssm-boundaries='true']").wait_for()
    page.emulate_media(media="print")

    assert page.locator("[data-ssm-map]").is_visible()
    assert not page.locator("main form").first.is_visible()  # the filters only change the screen
    past = page.evaluate(PAST_THE_EDGE)
    assert not past, f"past the printable width of A4 ({PRINTABLE_PX} px), by px: {past}"
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    (tmp_path / "map.pdf").write_bytes(pdf)
    pages = pdf_pages(pdf)
    assert 1 <= len(pages) <= 6, f"{len(pages)} pages"
    for width, height in pages:
        assert (round(width), round(height)) == A4_POINTS
