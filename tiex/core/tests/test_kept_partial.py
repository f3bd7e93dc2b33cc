"""kept_partial: a partial kept per process is keyed on every value it was drawn from."""

from __future__ import annotations

from django.template import engines

from tiex.core.templatetags import tiex_components

PAGE = (
    '{% load tiex_components %}{% kept_partial "components/_header.html" service_name=name '
    "navigation=navigation signed_in=signed_in shell_links=links %}"
)
LINKS = {"home": "/", "account": "/account/profile/", "sign_in": "/account/login/"}


def _render(**values: object) -> str:
    return engines["django"].from_string(PAGE).render(values)


def test_each_set_of_values_gets_its_own_html() -> None:
    tiex_components._kept.clear()
    navigation = [{"text": "Councils", "href": "/councils/", "current": False}]
    out = _render(name="tiex", navigation=navigation, signed_in=False, links=LINKS)
    assert ">Sign in</a>" in out and "Your account" not in out
    assert "Your account" in _render(name="tiex", navigation=navigation, signed_in=True, links=LINKS)
    navigation[0]["current"] = True
    assert 'aria-current="true"' in _render(name="tiex", navigation=navigation, signed_in=False, links=LINKS)
    assert "&lt;b&gt;" in _render(name="<b>", navigation=navigation, signed_in=False, links=LINKS)
    assert len(tiex_components._kept) == 4


def test_values_that_are_not_plain_are_never_kept() -> None:
    tiex_components._kept.clear()
    assert tiex_components._frozen(True) != tiex_components._frozen(1)
    _render(name=object(), navigation=[], signed_in=False, links=LINKS)
    assert not tiex_components._kept
