"""A council profile's Finances section in a real browser, with JavaScript and without: the chart
and its table are there, the comparison names each group with its size, and axe-core passes with
no CSP violation and no request to another site; the directory's finance filter works without
JavaScript."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tiex.core.tests.browser.conftest import BrowserSession, describe_violations, run_axe, run_axe_without_javascript


def _seed_finances() -> None:
    from tiex.councils.models import ComparatorKind, Council
    from tiex.councils.selectors import page_cache
    from tiex.councils.tests.factories import ComparatorLinkFactory
    from tiex.finance.tests.factories import add_outturns, falling

    cambridgeshire = Council.objects.get(la_code="CAM")
    add_outturns(cambridgeshire, refresh=False)
    nottinghamshire = Council.objects.get(la_code="NTT")
    add_outturns(nottinghamshire, falling(1000))
    if not cambridgeshire.comparator_links.filter(kind=ComparatorKind.DFE_STATISTICAL_NEIGHBOURS).exists():
        ComparatorLinkFactory(
            council=cambridgeshire, neighbour=nottinghamshire, kind=ComparatorKind.DFE_STATISTICAL_NEIGHBOURS, rank=1
        )
    page_cache().clear()


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_finances_section_meets_wcag_aa(
    javascript: bool, open_browser: Callable[..., BrowserSession], axe_source: str, seed: Callable[[str], None]
) -> None:
    seed("councils")
    _seed_finances()
    session = open_browser(javascript=javascript)
    page = session.page
    page.goto(session.url("/councils/E10000003/#finances"))
    section = page.locator("#finances")
    assert section.inner_text().startswith("Finances, 2015-16 to 2017-18")
    assert page.locator("svg[aria-labelledby='finance-chart-title finance-chart-desc'] rect").count() == 9
    assert page.locator("#finance-table-caption").locator("xpath=..").locator("tbody tr").count() == 3
    comparison = page.locator("#finance-comparison-caption").locator("xpath=..").inner_text()
    assert "Children's services statistical neighbours (DfE)" in comparison and "1 council" in comparison
    violations = run_axe(page, axe_source) if javascript else run_axe_without_javascript(page, axe_source)
    assert not violations, describe_violations(violations)
    assert not session.problems.csp_violations, session.problems.csp_violations
    assert not session.problems.offsite_requests, session.problems.offsite_requests


@pytest.mark.browser
def test_the_directory_filters_by_an_indicator_without_javascript(
    open_browser: Callable[..., BrowserSession], axe_source: str, seed: Callable[[str], None]
) -> None:
    seed("councils")
    _seed_finances()
    session = open_browser(javascript=False)
    page = session.page
    page.goto(session.url("/councils/?finance_indicator=unallocated-change&finance_max=-25"))
    results = page.locator("[aria-label^='Councils']").inner_text()
    assert "Nottinghamshire" in results and "Cambridgeshire" not in results
    assert "-40.0%" in results
    violations = run_axe_without_javascript(page, axe_source)
    assert not violations, describe_violations(violations)
