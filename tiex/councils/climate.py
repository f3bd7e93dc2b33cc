"""Reads about a council's climate commitments: net zero promises and its climate emergency declaration.

Companion to selectors.py (split for size): reads only, one query for a council found by
``selectors.council_lookup`` (which joins its declaration), two for any other. The
data is mySociety and Climate Emergency UK's (CC BY 4.0), imported by importers/climate.py.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from tiex.core.datasets import DatasetNotFound, DatasetSpec, dataset_spec
from tiex.councils.models import ClimateEmergencyDeclaration, Council, DatePrecision, NetZeroCommitment

DATASETS = ("net-zero-commitments", "climate-emergency-declarations")
# Whole-area promises first, then the council's own operations, then anything else.
SCOPE_ORDER = {"Whole area": 0, "Council operations": 1}


_CLOSERS = "\"'\u201d\u2019)]"  # straight and curly closing quotes, brackets
_GENERIC_LABELS = {"", "link"}


def end_sentence(text: str) -> str:
    """Quoted wording ended as the last words of our sentence, with one full stop, never two.

    "2050" -> "2050."; "by 2050." stays; "(… by 2050.)" -> "(… by 2050)." (the stop
    moves outside the bracket it would end early); wording already ending in ".", "!"
    or "?" (before any closing quote) gets no full stop of ours.
    """
    text = text.strip()
    if not text:
        return ""
    if re.search(r"[.!?]\)$", text):
        return f"{text[:-2]})."
    if text.rstrip(_CLOSERS)[-1:] in {".", "!", "?"}:
        return text
    return f"{text}."


def date_text(value: datetime.date | None, precision: str) -> str:
    """A date at the precision the source gives: "30 May 2019", "May 2019" or "2019"."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{value:%B %Y}"
    return f"{value.day} {value:%B %Y}"


def link_text(declaration: ClimateEmergencyDeclaration) -> str:
    """What the declaration's link is called: by the source's own label, a motion only when the council declared.

    The source labels most links "Link" (the motion); others say what they are ("Link to
    pledges", "Link (turned down motion)"), and those labels are kept: "Source: pledges",
    "Source (turned down motion)". A council that has not declared has no motion to read.
    """
    label = declaration.link_label.strip()
    if label.lower() in _GENERIC_LABELS or label.startswith(("http://", "https://")):
        return "Read the motion" if declaration.made_declaration else "Source"
    if label.lower().startswith("link to "):
        return f"Source: {label[len('link to ') :]}"
    if label.lower().startswith("link"):
        return f"Source{label[len('link') :]}"
    return f"Source: {label}"


@dataclass(frozen=True)
class ClimateCommitments:
    commitments: list[NetZeroCommitment]
    declaration: ClimateEmergencyDeclaration | None

    def __bool__(self) -> bool:
        return bool(self.commitments) or self.declaration is not None

    @property
    def declaration_date(self) -> str:
        """The declaration's date as the source gives it ("30 May 2019", "May 2019"), or ""."""
        if self.declaration is None:
            return ""
        return date_text(self.declaration.date_made, self.declaration.date_precision)

    @property
    def date_preposition(self) -> str:
        """ "on" a day, "in" a month or year."""
        if self.declaration is not None and self.declaration.date_precision != DatePrecision.DAY:
            return "in"
        return "on"

    @property
    def link_text(self) -> str:
        return link_text(self.declaration) if self.declaration is not None else ""

    @property
    def area_target(self) -> str:
        """The whole-area target as given, ending the sentence it closes cleanly."""
        return end_sentence(self.declaration.area_target) if self.declaration is not None else ""


def climate_commitments(council: Council) -> ClimateCommitments:
    """The council's net zero commitments (whole area first) and its declaration, if any."""
    commitments = sorted(
        NetZeroCommitment.objects.filter(council=council),
        key=lambda item: (SCOPE_ORDER.get(item.scope, len(SCOPE_ORDER)), item.scope),
    )
    # council_lookup() brings the declaration with the council (None when there is none);
    # any other council costs one more query here.
    declaration: ClimateEmergencyDeclaration | None = getattr(council, "climate_declaration", None)
    return ClimateCommitments(commitments=commitments, declaration=declaration)


def climate_sources() -> list[DatasetSpec]:
    """The two datasets' manifest entries (publisher, licence, attribution), as the profile credits them."""
    sources = []
    for slug in DATASETS:
        try:
            sources.append(dataset_spec(slug))
        except DatasetNotFound:
            continue
    return sources
