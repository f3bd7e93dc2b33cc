"""Journeys in a real browser: without JavaScript, and with the keyboard alone.

Without JavaScript: sign in, filter the council directory, download the filtered
list as CSV. With the keyboard: sign in and filter the directory using only Tab,
Shift+Tab, Space, Enter and typing, checking that every element that takes focus
shows it (its focused look differs from its unfocused look).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tiex.core.a11y_routes import MEMBER_EMAIL
from tiex.core.tests.browser.conftest import MEMBER_PASSWORD, BrowserSession, sign_in

pytestmark = pytest.mark.browser

COUNTIES = {"Cambridgeshire", "Nottinghamshire"}
SHIRES = {"Cambridgeshire", "Nottinghamshire", "North Yorkshire"}  # names containing "shire"


def listed_councils(page: Any) -> set[str]:
    """Names of the councils listed on a directory page: the links to council profiles."""
    return set(
        page.evaluate(
            """() => [...document.querySelectorAll("main a[href]")]
                .filter((a) => /^\\/councils\\/[A-Za-z0-9-]+\\/$/.test(new URL(a.href).pathname))
                .map((a) => a.textContent.trim())"""
        )
    )


# --- Without JavaScript ---------------------------------------------------------------


def test_sign_in_filter_and_download_without_javascript(
    open_browser: Callable[..., BrowserSession], member: Any, seed: Callable[[str], None]
) -> None:
    seed("councils")
    session = open_browser(javascript=False)
    page = session.page
    sign_in(session, MEMBER_EMAIL)
    assert page.get_by_role("link", name="Your account").count() == 1 or "Sign out" in page.content()

    page.goto(session.url("/councils/"))
    assert listed_councils(page) >= COUNTIES | {"Cambridge"}
    page.get_by_text("Choose filters").click()  # without JavaScript the filters start collapsed
    page.get_by_label("County council", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "type=CTY" in page.url
    assert listed_councils(page) == COUNTIES

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this list as CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert {row["name"] for row in rows} == COUNTIES
    assert not session.problems.offsite_requests


# --- Keyboard only --------------------------------------------------------------------

_FOCUS_LOOK = """
(el) => {
  const props = ["outlineStyle", "outlineWidth", "outlineColor", "boxShadow", "backgroundColor", "color",
                 "textDecorationLine", "textDecorationThickness", "borderTopColor", "borderBottomColor"];
  const look = (node, pseudo) => { const s = getComputedStyle(node, pseudo); return props.map((p) => s[p]).join("|"); };
  const parts = [look(el, null), look(el, "::before"), look(el, "::after")];
  // GOV.UK radios and checkboxes draw their focus ring on the label that follows the input.
  const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
  if (label) { parts.push(look(label, "::before"), look(label, "::after")); }
  return parts.join(" / ");
}
"""

_DESCRIBE = """
(el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.name ? "[name=" + el.name + "]" : ""}`
  + ` "${(el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 40)}"`
"""


@dataclass
class FocusWalker:
    """Moves focus with the keyboard and checks each focused element looks focused."""

    page: Any
    visited: list[str] = field(default_factory=list)
    invisible: list[str] = field(default_factory=list)
    _pending: tuple[Any, str, str] | None = None

    def _settle_previous(self) -> None:
        if self._pending is None:
            return
        handle, description, focused_look = self._pending
        self._pending = None
        try:
            unfocused_look = handle.evaluate(_FOCUS_LOOK)
        except Exception:  # the page changed: nothing left to compare
            return
        if unfocused_look == focused_look:
            self.invisible.append(description)

    def _record_focus(self) -> Any:
        handle = self.page.evaluate_handle("document.activeElement")
        description = handle.evaluate(_DESCRIBE)
        self.visited.append(description)
        self._pending = (handle, description, handle.evaluate(_FOCUS_LOOK))
        return handle

    def press(self, key: str) -> Any:
        self.page.keyboard.press(key)
        self._settle_previous()
        return self._record_focus()

    def tab_until(self, predicate: str, limit: int = 60) -> Any:
        """Press Tab until ``predicate(document.activeElement)`` (JS) is true."""
        for _ in range(limit):
            handle = self.press("Tab")
            if handle.evaluate(predicate):
                return handle
        pytest.fail(f"Tab never reached {predicate} in {limit} presses; visited: {self.visited}")

    def check_current_then(self, key: str) -> None:
        """Check the focused element's look against its look without focus, then press key."""
        if self._pending is not None:
            handle, description, focused_look = self._pending
            handle.evaluate("(el) => el.blur()")
            if handle.evaluate(_FOCUS_LOOK) == focused_look:
                self.invisible.append(description)
            handle.evaluate("(el) => el.focus()")
            self._pending = None
        self.page.keyboard.press(key)


def test_sign_in_with_the_keyboard_alone(open_browser: Callable[..., BrowserSession], member: Any) -> None:
    session = open_browser()
    page = session.page
    page.goto(session.url("/account/login/"))
    walker = FocusWalker(page)

    walker.tab_until("(el) => el.name === 'login'")
    page.keyboard.type(MEMBER_EMAIL)
    walker.tab_until("(el) => el.name === 'password'", limit=5)
    page.keyboard.type(MEMBER_PASSWORD)
    walker.tab_until("(el) => el.type === 'submit' && el.closest('main') !== null", limit=5)
    with page.expect_navigation():
        walker.check_current_then("Enter")

    assert page.url.startswith(session.url("/account/profile/")), page.url
    assert not walker.invisible, f"No visible focus on: {walker.invisible} (focus order: {walker.visited})"
    assert walker.visited[0].startswith("a"), f"the first Tab should reach the skip link, not {walker.visited[0]}"


def test_filter_the_directory_with_the_keyboard_alone(
    open_browser: Callable[..., BrowserSession], seed: Callable[[str], None]
) -> None:
    seed("councils")
    session = open_browser()
    page = session.page
    page.goto(session.url("/councils/"))
    walker = FocusWalker(page)

    walker.tab_until("(el) => el.name === 'q'")
    page.keyboard.type("shire")
    with page.expect_navigation():
        walker.check_current_then("Enter")
    assert listed_councils(page) == SHIRES

    walker = FocusWalker(page, visited=walker.visited, invisible=walker.invisible)
    walker.tab_until("(el) => el.name === 'q'")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    walker.tab_until("(el) => el.name === 'type' && el.value === 'NMD'")
    page.keyboard.press("Space")
    assert page.locator("input[name=type][value=NMD]").is_checked()
    walker.tab_until("(el) => el.type === 'submit' && el.textContent.includes('Apply filters')")
    with page.expect_navigation():
        walker.check_current_then("Enter")

    assert "type=NMD" in page.url
    assert listed_councils(page) == {"Cambridge"}
    assert not walker.invisible, f"No visible focus on: {walker.invisible} (focus order: {walker.visited})"
