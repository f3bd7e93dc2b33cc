"""Reflow (WCAG 2.2 success criterion 1.4.10): every page fits a 320 px wide screen.

Every page in the accessibility route list (tiex/core/a11y_routes.py and each app's
a11y_routes.py) is opened at 320 x 640 and at 390 x 844 CSS pixels; the page must not
scroll sideways. Content that needs two dimensions (data tables, the control chart) may
scroll, but only inside its own region: ``<div class="tiex-table-scroll" role="region"
aria-labelledby="..." tabindex="0">``, which keyboard users can focus and scroll. A failure
names the elements that reach past the right edge of the screen, widest first.

Also checked: on a phone the Exchange's and the directory's filters are collapsed and a
"Skip to results" link comes before them, and the control chart's text stays readable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tiex.core import a11y_routes
from tiex.core.a11y_routes import Visit
from tiex.core.tests.browser.conftest import BrowserSession
from tiex.core.tests.browser.test_accessibility import _submit_form

pytestmark = pytest.mark.browser

VISITS = a11y_routes.visits()
WIDTHS = ((320, 640), (390, 844))
DESKTOP = (1280, 900)
SCROLL_REGION = ".tiex-table-scroll"

# The elements whose right edge is past the viewport, outside the scroll regions, widest first.
_OVERFLOW = """(selector) => {
  const limit = document.documentElement.clientWidth;
  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += "#" + element.id;
    const classes = (element.getAttribute("class") || "").trim().split(/\\s+/).filter(Boolean);
    if (classes.length) name += "." + classes.slice(0, 3).join(".");
    const text = (element.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 60);
    return text ? `${name} "${text}"` : name;
  };
  const found = [], escaped = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= limit + 0.5) continue;
    const region = element.closest(selector);
    const item = {what: describe(element), right: box.right, width: box.width};
    if (!region || region === element) {
      found.push(item);
    } else if (["absolute", "fixed"].includes(getComputedStyle(element).position)
               && !(element.offsetParent && region.contains(element.offsetParent))) {
      // Inside a scroll region, but positioned against an element outside it: the region cannot clip it.
      escaped.push({...item, what: item.what + " (in a scroll region, but positioned outside it)"});
    }
  }
  const widest = (a, b) => b.right - a.right || b.width - a.width;
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    offenders: found.sort(widest).concat(escaped.sort(widest)).slice(0, 8),
  };
}"""

# Every table must sit in a focusable region labelled by the table's caption.
_TABLES = """(selector) => Array.from(document.querySelectorAll("main table")).map((table) => {
  const region = table.closest(selector);
  const caption = table.querySelector("caption");
  const labelledBy = region ? region.getAttribute("aria-labelledby") || "" : "";
  const label = labelledBy.split(/\\s+/).map((id) => document.getElementById(id))
    .filter(Boolean).map((element) => element.textContent.trim()).join(" ");
  return {
    caption: caption ? caption.textContent.trim() : "(no caption)",
    inRegion: Boolean(region),
    role: region ? region.getAttribute("role") : null,
    tabindex: region ? region.getAttribute("tabindex") : null,
    labelledByCaption: Boolean(caption && caption.id && labelledBy.split(/\\s+/).includes(caption.id)),
    label,
  };
})"""


def _overflow_report(page: Any) -> dict[str, Any]:
    return dict(page.evaluate(_OVERFLOW, SCROLL_REGION))


def _describe(report: dict[str, Any]) -> str:
    lines = [f"page is {report['scrollWidth']} px wide in a {report['innerWidth']} px window; reaching past it:"]
    lines += [f"  {item['what']} (right edge {item['right']:.0f} px)" for item in report["offenders"]]
    return "\n".join(lines)


def _open(session: BrowserSession, visit: Visit) -> None:
    page = session.page
    response = page.goto(session.url(visit.path))
    assert response is not None and response.status < 500, f"{visit.path} answered {response and response.status}"
    if visit.submit:
        _submit_form(page, visit.submit)


@pytest.mark.parametrize(("key", "visit"), VISITS, ids=[visit.label for _, visit in VISITS])
def test_page_reflows_at_320_and_390_px(
    key: str, visit: Visit, open_browser: Callable[..., BrowserSession], seed: Callable[[str], None]
) -> None:
    seed(visit.seed)
    session = open_browser(role=visit.role)
    page = session.page
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        _open(session, visit)
        report = _overflow_report(page)
        assert report["scrollWidth"] <= report["innerWidth"], (
            f"{visit.label} ({key}) scrolls sideways at {width} px:\n{_describe(report)}"
        )
        for table in page.evaluate(_TABLES, SCROLL_REGION):
            assert table["inRegion"], f"{visit.label}: table {table['caption']!r} is not in a {SCROLL_REGION} region"
            assert (table["role"], table["tabindex"]) == ("region", "0"), f"{visit.label}: {table}"
            assert table["labelledByCaption"] and table["label"] == table["caption"], f"{visit.label}: {table}"


def test_the_overflow_check_names_the_widest_element(open_browser: Callable[..., BrowserSession]) -> None:
    """The harness: a wide element outside a scroll region is caught and named; inside one it is not."""
    session = open_browser()
    page = session.page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(session.url("/"))
    assert _overflow_report(page)["offenders"] == []
    page.evaluate(
        """() => {
          const wide = document.createElement("table");
          wide.id = "too-wide";
          wide.setAttribute("width", "900");
          wide.innerHTML = "<tr><td>wide</td></tr>";
          const region = document.createElement("div");
          region.className = "tiex-table-scroll";
          region.appendChild(wide.cloneNode(true));
          region.firstChild.id = "scrolls";
          document.querySelector("main").append(region, wide);
        }"""
    )
    report = _overflow_report(page)
    assert report["scrollWidth"] > report["innerWidth"]
    assert report["offenders"][0]["what"].startswith('table#too-wide "wide"'), report
    assert not any("#scrolls" in item["what"] for item in report["offenders"]), report


def test_a_long_address_in_the_text_wraps_at_320_px(open_browser: Callable[..., BrowserSession]) -> None:
    """Submitted text can hold long unbroken strings (a web address, an e-mail address): they break."""
    session = open_browser()
    page = session.page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(session.url("/"))
    page.evaluate(
        """() => {
          const address = "https://www.example.gov.uk/" + "climate-emergency-action-plan-".repeat(8) + "2030.pdf";
          const paragraph = document.createElement("p");
          paragraph.className = "govuk-body";
          paragraph.innerHTML = `Read it at <a class="govuk-link" href="${address}">${address}</a>`;
          document.querySelector("main").append(paragraph);
        }"""
    )
    report = _overflow_report(page)
    assert report["scrollWidth"] <= report["innerWidth"], _describe(report)


# --- The control table and chart on a council profile ----------------------------------


def test_control_table_scrolls_in_a_focusable_labelled_region(
    open_browser: Callable[..., BrowserSession], seed: Callable[[str], None]
) -> None:
    seed("councils")
    session = open_browser()
    page = session.page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(session.url("/councils/E10000003/"))
    region = page.get_by_role("region", name="Control and seats by party after each year's elections")
    assert region.count() == 1
    assert region.locator("table.govuk-table").count() == 1
    # Reached with the keyboard, and it shows that it has focus.
    region.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert region.evaluate("(element) => element === document.activeElement")
    style, width = region.evaluate(
        "(element) => [getComputedStyle(element).outlineStyle, getComputedStyle(element).outlineWidth]"
    )
    assert style != "none" and width != "0px", (style, width)


def _add_control_years(years: range) -> None:
    """More years of control history for Cambridgeshire (the "councils" seed has 2021 and 2025)."""
    from tiex.councils.models import Control, Council
    from tiex.councils.tests.factories import ControlYearFactory

    council = Council.objects.get(gss_code="E10000003")
    for year in years:
        seats = {"con": 30 + year % 3, "ld": 20, "lab": 9, "green": 2, "other": 4}
        ControlYearFactory(council=council, year=year, seats=seats, control=Control.CONSERVATIVE, control_changed=False)


@pytest.mark.parametrize("years", [range(0), range(2016, 2021)], ids=["2 years", "7 years"])
def test_control_chart_text_stays_readable_at_320_px(
    years: range, open_browser: Callable[..., BrowserSession], seed: Callable[[str], None]
) -> None:
    seed("councils")
    _add_control_years(years)
    session = open_browser()
    page = session.page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(session.url("/councils/E10000003/"))
    # Every letter drawn in the chart is at least 12 px high on the screen ...
    heights = page.evaluate(
        """() => Array.from(document.querySelectorAll("main svg[aria-labelledby^=control-chart] text"))
              .map((text) => [text.textContent, text.getBoundingClientRect().height])"""
    )
    assert len(heights) >= 2 * (2 + len(years)), heights
    small = [(text, round(height, 1)) for text, height in heights if height < 12]
    assert not small, f"chart text smaller than 12 px at 320 px: {small}"
    # ... and its key is text on the page, at body size.
    legend = page.get_by_role("list", name="Key to the chart: colours of the parties").get_by_role("listitem")
    names = [text.strip() for text in legend.all_inner_texts()]
    assert {"Conservative", "Labour", "Liberal Democrats", "Reform UK"} <= set(names), names
    sizes = legend.evaluate_all("(items) => items.map((item) => parseFloat(getComputedStyle(item).fontSize))")
    assert min(sizes) >= 16, sizes
    # The chart sits in its own focusable region, named by its title, and scrolls there when it is wider
    # than the screen (the page does not).
    region = page.get_by_role("region", name="Share of seats by party after each year's elections")
    assert region.get_attribute("tabindex") == "0"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    wider = region.evaluate("(element) => element.scrollWidth > element.clientWidth")
    assert wider == (len(years) > 0)
    if wider:
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.activeElement.matches('.tiex-table-scroll') && document.activeElement.scrollLeft > 0"
        )


# --- Filters on a phone ------------------------------------------------------------------


def _tab_until(page: Any, selector: str, limit: int) -> int:
    """Press Tab until the focused element matches selector; return how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return presses
    focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{selector} not reached in {limit} Tab presses (focus is on {focused})")


FILTER_PAGES = [
    pytest.param("/exchange/", "exchange", "main ul[aria-labelledby=results-count] a", id="exchange"),
    pytest.param("/councils/", "councils", "main ul[aria-label^=Councils] a", id="councils"),
]


@pytest.mark.parametrize(("path", "seed_name", "first_result"), FILTER_PAGES)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_filters_are_collapsed_on_a_phone_with_a_skip_link(
    path: str,
    seed_name: str,
    first_result: str,
    javascript: bool,
    open_browser: Callable[..., BrowserSession],
    seed: Callable[[str], None],
) -> None:
    seed(seed_name)
    session = open_browser(javascript=javascript)
    page = session.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(session.url(path))
    checkboxes = page.locator("main form input[type=checkbox]")
    assert checkboxes.count() > 0
    assert not any(box.is_visible() for box in checkboxes.all()), "filter checkboxes are shown on a phone"
    # The skip link comes before the filters, in the page and in the tab order ...
    skip = page.get_by_role("link", name="Skip to results")
    assert skip.count() == 1
    assert skip.evaluate(
        "(link) => link.compareDocumentPosition(document.querySelector('main form input[type=checkbox]'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    page.locator("#filter-q, #id_q").first.focus()
    _tab_until(page, "a[href='#results']", limit=3)
    # ... and following it, the first result is a few Tab presses away.
    page.keyboard.press("Enter")
    assert page.url.endswith("#results")
    assert _tab_until(page, first_result, limit=5) <= 5
    # A filter group opens when asked to.
    first_group = page.locator("main form details").first
    first_group.locator("summary").click()
    assert first_group.locator("input").first.is_visible()


@pytest.mark.parametrize(("path", "seed_name"), [("/exchange/", "exchange"), ("/councils/", "councils")])
def test_filters_are_open_on_a_wide_screen(
    path: str, seed_name: str, open_browser: Callable[..., BrowserSession], seed: Callable[[str], None]
) -> None:
    seed(seed_name)
    session = open_browser()
    page = session.page
    page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
    page.goto(session.url(path))
    page.wait_for_function("() => document.querySelectorAll('main form details:not([open])').length === 0")
    assert page.locator("main form input[type=checkbox]").first.is_visible()


def test_chosen_filters_stay_open_on_a_phone(
    open_browser: Callable[..., BrowserSession], seed: Callable[[str], None]
) -> None:
    seed("exchange")
    session = open_browser(javascript=False)
    page = session.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(session.url("/exchange/?theme=income-and-spend"))
    assert page.locator("#filter-theme input[value=income-and-spend]").is_visible()


# --- The self-assessment's results chart (assessments/charts.py theme_bars) --------------------


@pytest.mark.parametrize("page_name", ["results", "report"])
def test_results_chart_text_stays_readable_at_320_px(
    page_name: str, open_browser: Callable[..., BrowserSession], seed: Callable[[str], None]
) -> None:
    from tiex.assessments.a11y_routes import PUBLISHED_PK

    seed("assessments")
    session = open_browser()
    page = session.page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(session.url(f"/assessments/{PUBLISHED_PK}/{page_name}/"))
    # Every label drawn in the chart is at least 12 px high on the screen, in the page's
    # sans-serif typeface (never the browser's default serif) ...
    texts = page.evaluate(
        """() => Array.from(document.querySelectorAll("main svg.tiex-chart text")).map((text) => [
              text.textContent,
              text.getBoundingClientRect().height,
              parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
              getComputedStyle(text).fontFamily,
            ])"""
    )
    assert len(texts) >= 4, texts
    small = [(text, round(height, 1), round(size, 1)) for text, height, size, _ in texts if height < 12 or size < 12]
    assert not small, f"chart text smaller than 12 px at 320 px: {small}"
    families = {family for *_, family in texts}
    assert all("sans-serif" in family for family in families), families
    # ... so the chart is wider than the screen: it scrolls in its own focusable region, named by
    # its caption, and the page does not.
    region = page.get_by_role("region", name="Average level by theme")
    assert region.count() == 1
    assert region.get_attribute("tabindex") == "0"
    assert region.locator("svg.tiex-chart").count() == 1
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert region.evaluate("(element) => element.scrollWidth > element.clientWidth")
