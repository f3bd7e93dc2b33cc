"""Council names: splitting mySociety's alternative names and comparing names loosely (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# mySociety joins alternative names with "," and no space; a comma followed by a
# space belongs to a name ("Bristol, City of", "Armagh City, Banbridge and Craigavon").
_ALT_NAME_SEPARATOR = re.compile(r",(?! )")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def split_alt_names(raw: str) -> list[str]:
    """The names in a mySociety ``alt-names`` cell, trimmed, without blanks or case-insensitive repeats."""
    return unique_names(_ALT_NAME_SEPARATOR.split(raw or ""))


def unique_names(names: Iterable[str]) -> list[str]:
    """Names in order, trimmed, dropping blanks and later case-insensitive repeats."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        name = _SPACES.sub(" ", name).strip()
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return out


def normalise_name(name: str) -> str:
    """A loose form of a name for matching: lower case, '&' as 'and', no punctuation or leading 'the'.

    >>> normalise_name("King's Lynn & West Norfolk")
    'kings lynn and west norfolk'
    >>> normalise_name("Bristol, City of") == normalise_name("bristol city of")
    True
    """
    text = name.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()
    return text.removeprefix("the ")


def search_names(*groups: Iterable[str]) -> str:
    """The lower-case, de-duplicated names of a council, one per line, for ``Council.search_names``."""
    return "\n".join(unique_names(name.lower() for group in groups for name in group))
