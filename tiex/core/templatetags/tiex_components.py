"""Template tags for the components in templates/components/ that wrap other markup.

``{% scroll_region "caption-id" %}<table>...</table>{% endscroll_region %}`` puts a wide
table (or chart) in its own keyboard-focusable scrolling region, named by the element
whose id is given (the table's caption), so the page itself never scrolls sideways on a
narrow screen (WCAG 1.4.10 Reflow). The markup is components/_scroll_region.html.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import mark_safe

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
