"""The open-mic running order printed by Chromium for the compere: one A4 page.

Laid out at the printable width of A4 (between the site's @page margins) with print media
emulated, the claim form, the give-up buttons and the site's chrome are hidden, nothing
reaches past the edge, and Chromium prints the page as a single A4 sheet, with every slot on it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tiex.core.tests.browser.conftest import BrowserSession
from tiex.core.tests.browser.test_partnerships_map_print import PAST_THE_EDGE, PRINTABLE_PX
from tiex.core.tests.browser.test_report_print import A4_POINTS, pdf_pages
from tiex.events.a11y_routes import OPEN_MIC_PK, SEED, SLUG

pytestmark = pytest.mark.browser


def test_the_running_order_prints_on_one_a4_page(
    open_browser: Callable[..., BrowserSession], seed: Callable[[str], None], tmp_path: Path
) -> None:
    from tiex.events.models import Session

    seed(SEED)
    # Two hours of five-minute slots: the longest open mic the demo runs, and then some.
    mic = Session.objects.get(pk=OPEN_MIC_PK)
    mic.ends_at = mic.starts_at + (mic.ends_at - mic.starts_at) * 4
    mic.save(update_fields=["ends_at"])
    session = open_browser(role="editor")
    page = session.page
    page.set_viewport_size({"width": PRINTABLE_PX, "height": 1000})
    page.goto(session.url(f"/events/{SLUG}/sessions/{OPEN_MIC_PK}/open-mic/"))
    page.emulate_media(media="print")

    assert page.locator("main table tbody tr").count() == 24
    assert not page.locator("main form").first.is_visible()
    assert not page.get_by_role("button", name="Give up slot 1").is_visible()
    assert not page.locator("header").first.is_visible()
    past = page.evaluate(PAST_THE_EDGE)
    assert not past, f"past the printable width of A4 ({PRINTABLE_PX} px), by px: {past}"

    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    (tmp_path / "running-order.pdf").write_bytes(pdf)
    pages = pdf_pages(pdf)
    assert len(pages) == 1, f"{len(pages)} pages"
    assert (round(pages[0][0]), round(pages[0][1])) == A4_POINTS
