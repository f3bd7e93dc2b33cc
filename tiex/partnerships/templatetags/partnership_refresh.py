"""``{% partnership_confirmation partnership %}``: whether the latest refresh round confirmed it.

An inclusion tag (rendering partnerships/_confirmation.html) so that any page showing a
partnership adds the line without its view having to know about refresh rounds.
"""

from __future__ import annotations

from typing import Any

from django import template

from tiex.partnerships import selectors_refresh

register = template.Library()


@register.inclusion_tag("partnerships/_confirmation.html")
def partnership_confirmation(partnership: Any) -> dict[str, Any]:
    return {"status": selectors_refresh.confirmation_status(partnership)}
