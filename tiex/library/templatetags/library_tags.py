"""Display helpers for the Exchange's templates (labels and GOV.UK tag colours; no logic)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from tiex.library.choices import EvidenceLevel, OutcomeStatus, ResourceType, SavingPeriod

register = template.Library()

TYPE_TAGS: dict[str, str] = {
    ResourceType.CASE_STUDY: "govuk-tag--blue",
    ResourceType.GUIDANCE: "govuk-tag--green",
    ResourceType.TOOLKIT: "govuk-tag--purple",
    ResourceType.TRAINING: "govuk-tag--turquoise",
    ResourceType.REPORT: "govuk-tag--grey",
    ResourceType.EXTERNAL: "govuk-tag--yellow",
}
_TYPE_NAMES = dict(ResourceType.choices)
_EVIDENCE_NAMES = dict(EvidenceLevel.choices)
_PERIODS = dict(SavingPeriod.choices)
_STATUSES = dict(OutcomeStatus.choices)


@register.filter
def type_tag(resource_type: str) -> str:
    return TYPE_TAGS.get(resource_type, "govuk-tag--grey")


@register.filter
def type_name(resource_type: str) -> str:
    return _TYPE_NAMES.get(resource_type, resource_type)


@register.filter
def evidence_name(level: str) -> str:
    return _EVIDENCE_NAMES.get(level, level)


@register.filter
def pounds(amount: Any) -> str:
    """£180,000 (pence shown only when there are some)."""
    if amount in (None, ""):
        return ""
    value = Decimal(amount)
    return f"£{value:,.2f}" if value != value.to_integral_value() else f"£{value:,.0f}"


@register.filter
def period_name(period: str) -> str:
    return _PERIODS.get(period, period).lower()


@register.filter
def status_name(status: str) -> str:
    return _STATUSES.get(status, status).lower()


@register.filter
def resource_date(value: Any) -> str:
    """ "March 2024"; a date on 1 January stands for its year (a plan's period, or a year given
    without a month), so it is shown as "2024" rather than a month nobody gave."""
    if not value:
        return ""
    if value.month == 1 and value.day == 1:
        return str(value.year)
    return f"{value:%B %Y}"
