"""Template tags for the components in templates/components/ that wrap other markup.

``{% scroll_region "caption-id" %}<table>...</table>{% endscroll_region %}`` puts a wide
table (or chart) in its own keyboard-focusable scrolling region, named by the element
whose id is given (the table's caption), so the page itself never scrolls sideways on a
narrow screen (WCAG 1.4.10 Reflow). The markup is components/_scroll_region.html.

``{% kept_partial "components/_header.html" navigation=navigation signed_in=... %}`` renders a
partial from the named values alone (like ``{% include ... with ... only %}``) and keeps the HTML in
the process, keyed on the template's name and every value: the page shell's header and footer are
the same for every view of a section, yet cost about a sixth of a simple page. Values must be plain
(text, numbers, booleans, None, and lists or dicts of them); anything else, and DEBUG (templates
edited while the process runs), renders afresh each time.

``{% kept_url "account_reset_password" %}`` is ``{% url %}`` for a route without arguments, reversed
once per URL configuration and script prefix (a reverse costs as much as a small include).
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from django import template
from django.conf import settings
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


class ScrollRegionNode(template.Node):
    def __init__(self, labelled_by: FilterExpression, nodelist: NodeList) -> None:
        self.labelled_by = labelled_by
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        content = mark_safe(self.nodelist.render(context))  # noqa: S308 - already rendered (and escaped) template output
        assert context.template is not None  # set while a template renders
        region = context.template.engine.get_template("components/_scroll_region.html")
        with context.push(labelled_by=self.labelled_by.resolve(context), content=content):
            return region.render(context)


@register.tag("scroll_region")
def scroll_region(parser: Parser, token: Token) -> ScrollRegionNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes one argument: the id of the element that names the region (the table's caption)"
        )
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode(parser.compile_filter(bits[1]), nodelist)


KEPT_PARTIALS = 512  # (partial, values) pairs kept; the oldest is dropped past this
_kept: dict[tuple[object, ...], SafeString] = {}
_kept_lock = threading.Lock()
_PLAIN = (str, int, float, bool, type(None))


def _frozen(value: Any) -> Any:
    """A hashable copy of a plain value (ValueError for anything else)."""
    if isinstance(value, _PLAIN):
        return (type(value).__name__, value)  # True and 1 and "1" are different keys
    if isinstance(value, list | tuple):
        return ("list", tuple(_frozen(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple((str(key), _frozen(item)) for key, item in value.items()))
    raise ValueError(f"not a plain value: {type(value).__name__}")


@register.simple_tag(takes_context=True)
def kept_partial(context: template.Context, name: str, **values: Any) -> SafeString:
    """The partial ``name`` rendered with only ``values``, kept per process for the same values."""
    assert context.template is not None  # set while a template renders
    partial = context.template.engine.get_template(name)
    try:
        key: tuple[object, ...] | None = (name, context.autoescape, _frozen(values))
    except ValueError:
        key = None
    if key is None or settings.DEBUG:
        return mark_safe(partial.render(template.Context(values, autoescape=context.autoescape)))  # noqa: S308 - rendered (and escaped) by the engine
    html = _kept.get(key)
    if html is None:
        html = mark_safe(partial.render(template.Context(values, autoescape=context.autoescape)))  # noqa: S308 - as above
        with _kept_lock:
            if len(_kept) >= KEPT_PARTIALS:
                _kept.pop(next(iter(_kept)), None)
            _kept[key] = html
    return html


@functools.lru_cache(maxsize=256)
def _reversed(name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def kept_url(name: str) -> str:
    """The path of the route ``name`` (no arguments), as ``{% url name %}`` gives it."""
    return _reversed(name, get_script_prefix(), get_urlconf())
