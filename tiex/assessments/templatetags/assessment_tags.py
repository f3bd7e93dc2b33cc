from typing import Any

from django import template
from django.template import Context
from django.utils.safestring import SafeString

from tiex.assessments import answer_statements

register = template.Library()


@register.filter
def lookup(mapping: dict[str, Any], key: str) -> Any:
    """mapping[key] in a template (None when missing)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.simple_tag(takes_context=True)
def answer_mark(context: Context, item: dict[str, Any], kind: str, *args: Any) -> SafeString:
    """The person's own part of a statement on the answering page (see ``answer_statements``)."""
    return answer_statements.mark(context, item, kind, args)


@register.simple_tag(takes_context=True)
def answer_statements_html(context: Context) -> SafeString:
    """The theme's statements for the person answering (kept per framework version, see ``answer_statements``)."""
    return answer_statements.render(
        structure=context["structure"],
        page=context["page"],
        items=context["items"],
        widget=context["widget"],
        editable=context["editable"],
    )
