"""Template filters for the Shared Services Map's money and shares (tiex/partnerships/money.py)."""

from __future__ import annotations

from django import template

from tiex.partnerships import money
from tiex.partnerships.models import financial_year_label

register = template.Library()
register.filter("gbp_short", money.gbp_short)
register.filter("gbp", money.gbp)
register.filter("percent", money.percent)
register.filter("financial_year", financial_year_label)
