"""The partnerships CSV file: its columns and how each cell is read and written (pure: no ORM).

The association keeps its Shared Services Map in a spreadsheet; ``tiex import
partnerships PATH`` reads it (tiex.partnerships.partnership_import) and the staff export
writes the same columns (tiex.partnerships.exporters), so an export imported again
changes nothing. The format is described in docs/data.md ("Shared services
partnerships"). Each ``parse_*`` function returns the value or raises ``CellError`` with
a message fit for a row error; each ``format_*`` is its inverse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import TextChoices

from tiex.partnerships.models import (
    BenefitTag,
    OtherPartnerKind,
    PartnershipKind,
    PartnershipStatus,
    SavingsEvidence,
    SavingsStatus,
)

COLUMNS = (
    "reference",
    "name",
    "description",
    "kind",
    "status",
    "start_year",
    "end_year",
    "councils",
    "other_partners",
    "lead_council",
    "categories",
    "savings_year",
    "savings_in_year_gbp",
    "savings_to_date_gbp",
    "savings_basis",
    "no_savings_reason",
    "benefits",
    "contact_email",
)
# The columns about one year's savings; the others describe the partnership and are the
# same on every row of a reference (or left empty on its second and later rows).
SAVINGS_COLUMNS = ("savings_year", "savings_in_year_gbp", "savings_to_date_gbp", "savings_basis")
PARTNERSHIP_COLUMNS = tuple(column for column in COLUMNS if column not in SAVINGS_COLUMNS)
LIST_SEPARATOR = ";"
MAX_GBP = 10_000_000_000  # £10bn: no council partnership saves more in a year; a typo guard

_MONEY = re.compile(r"^£?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")
_YEAR = re.compile(r"^(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$")
_PARTNER = re.compile(r"^(?P<name>.*?)\s*\((?P<kind>[^()]*)\)$")


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected."""


def _key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def parse_choice(choices: type[TextChoices], value: str, noun: str) -> str:
    """A choice by its value ("shared_service") or label ("Shared service"), ignoring case."""
    wanted = _key(value)
    for choice in choices:
        if wanted in {_key(choice.value), _key(str(choice.label))}:
            return str(choice.value)
    accepted = "; ".join(str(choice.label).lower() for choice in choices)
    raise CellError(
        f"{value!r} is not a {noun}; use one of: {accepted}" if value else f"is empty; use one of: {accepted}"
    )


def split_list(value: str) -> list[str]:
    """The items of a ``;``-separated cell, trimmed, without empty ones."""
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def join_list(items: Iterable[str]) -> str:
    return f"{LIST_SEPARATOR} ".join(items)


def parse_year(value: str, *, noun: str = "year") -> int | None:
    """A calendar year (``2016``), or None when empty."""
    if not value:
        return None
    if not (value.isdigit() and len(value) == 4):
        raise CellError(f"{value!r} is not a {noun} (four digits, like 2016)")
    return int(value)


def parse_financial_year(value: str) -> int | None:
    """``2018/19``, ``2018-19``, ``2018/2019`` or ``2018`` -> 2018 (the year it starts); None when empty."""
    if not value:
        return None
    match = _YEAR.match(value)
    if not match:
        raise CellError(f"{value!r} is not a financial year; write it like 2018/19")
    start, end = int(match.group(1)), match.group(2)
    if end is not None and int(end) % 100 != (start + 1) % 100:
        raise CellError(f"{value!r} is not a financial year: a financial year runs from one year into the next")
    return start


def format_financial_year(year: int | None) -> str:
    return "" if year is None else f"{year}/{(year + 1) % 100:02d}"


def parse_money(value: str) -> int | None:
    """Whole pounds: ``1234``, ``£1,234`` or ``1234.00``; None when empty. Pence and negatives are refused."""
    if not value:
        return None
    text = value.replace(" ", "")
    if text.startswith(("-", "£-", "(")):
        raise CellError(f"{value!r} is negative; savings are never below £0 (leave it empty if there are none)")
    match = _MONEY.match(text)
    if not match:
        raise CellError(f"{value!r} is not an amount in pounds; write it like 125000 or £125,000")
    pence = match.group(3)
    if pence and int(pence[1:]) != 0:
        raise CellError(f"{value!r} has pence; give whole pounds")
    amount = int(match.group(1).replace(",", ""))
    if amount > MAX_GBP:
        raise CellError(f"{value!r} is more than £10bn; check the figure")
    return amount


def format_money(amount: int | None) -> str:
    return "" if amount is None else str(amount)


@dataclass(frozen=True)
class Basis:
    status: str  # a SavingsStatus value
    evidence: str  # a SavingsEvidence value


def parse_basis(value: str) -> Basis:
    """``achieved`` or ``expected``, then optionally a comma and the evidence: ``achieved, audited accounts``.

    An empty cell is ``achieved`` with no evidence named (``none``).
    """
    if not value:
        return Basis(SavingsStatus.ACHIEVED, SavingsEvidence.NONE)
    status_text, _, evidence_text = value.partition(",")
    status = parse_choice(SavingsStatus, status_text.strip(), "savings status (achieved or expected)")
    evidence = (
        parse_choice(SavingsEvidence, evidence_text.strip(), "kind of evidence")
        if evidence_text.strip()
        else SavingsEvidence.NONE
    )
    return Basis(status, str(evidence))


def format_basis(status: str, evidence: str) -> str:
    if evidence == SavingsEvidence.NONE:
        return str(status)
    return f"{status}, {SavingsEvidence(evidence).label.lower()}"


def parse_other_partners(value: str) -> list[tuple[str, str]]:
    """``Name (kind); Name (kind)`` -> [(name, kind value)]; a name with no ``(kind)`` is of kind ``other``."""
    partners: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item in split_list(value):
        match = _PARTNER.match(item)
        name, kind = (match.group("name"), match.group("kind").strip()) if match else (item, "")
        if not name:
            raise CellError(f"{item!r} has no name before the kind")
        try:
            kind_value = parse_choice(OtherPartnerKind, kind, "kind of partner") if kind else OtherPartnerKind.OTHER
        except CellError as exc:
            hint = "A name that ends in brackets needs its kind after it, e.g. 'NHS Trust (North) (health)'"
            raise CellError(f"{item!r}: {exc}. {hint}") from None
        if name.lower() in seen:
            raise CellError(f"{name!r} is named twice")
        seen.add(name.lower())
        partners.append((name, str(kind_value)))
    return partners


def format_other_partners(partners: Iterable[tuple[str, str]]) -> str:
    return join_list(f"{name} ({OtherPartnerKind(kind).label.lower()})" for name, kind in partners)


def parse_benefits(value: str) -> tuple[list[str], str]:
    """``tags: text`` -> (tag values, text). Tags are ``;``-separated labels or values.

    ``resilience; service quality: One team covers for absence.`` -> two tags and the text;
    ``resilience; capacity`` -> tags only; ``: Some text.`` -> text only. Everything
    before the first colon must be tags, so text with no tags starts with a colon.
    """
    head, colon, text = value.partition(":")
    tags: list[str] = []
    for item in split_list(head):
        try:
            tag = parse_choice(BenefitTag, item, "benefit tag")
        except CellError as exc:
            hint = " (text without tags starts with a colon: ': the text')" if not colon else ""
            raise CellError(f"{exc}{hint}") from None
        if tag not in tags:
            tags.append(tag)
    return tags, text.strip() if colon else ""


def format_benefits(tags: Iterable[str], text: str) -> str:
    labels = join_list(BenefitTag(tag).label.lower() for tag in tags)
    if not text:
        return labels
    return f"{labels}: {text}" if labels else f": {text}"


def kind_label(value: str) -> str:
    return str(PartnershipKind(value).label)


def status_label(value: str) -> str:
    return str(PartnershipStatus(value).label)
