"""Filters for the yearly figures page: a count from a mapping, a share as a percentage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_count(counts: Mapping[Any, int], key: Any) -> int:
    return counts.get(key, 0)


@register.filter
def share(value: float | None) -> str:
    return "No feedback" if value is None else f"{value:.0%}"
