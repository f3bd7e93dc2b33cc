"""{% can "action" obj as allowed %}: ask the permission module from a template (for display only).

Views must still call permissions.require(); hiding a link is not protection.
"""

from __future__ import annotations

from typing import Any

from django import template

from tiex.accounts import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, action: str, obj: Any = None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    return permissions.can(user, action, obj)
