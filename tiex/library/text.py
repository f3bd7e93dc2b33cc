"""Short text as people type it: invisible format characters and bidirectional overrides.

A title made only of zero-width spaces (U+200B) looks empty on every page, and right-to-left
override characters (U+202E ...) make text read differently from what it says. Text fields
of the Exchange strip the bidirectional embedding, override and isolate controls, and
refuse a value that is empty once every invisible format character (Unicode category Cf:
zero-width spaces and joiners, byte-order marks, direction marks ...) is taken out.
"""

from __future__ import annotations

import unicodedata

# U+202A-U+202E (embeddings and overrides) and U+2066-U+2069 (isolates): never needed in a
# title or a name, and the means of "Trojan source" tricks.
BIDI_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_WITHOUT_BIDI = {ord(char): None for char in BIDI_CONTROLS}


def strip_bidi_controls(value: str) -> str:
    return value.translate(_WITHOUT_BIDI)


def visible(value: str) -> str:
    """``value`` without format characters (Unicode category Cf) and surrounding white space."""
    return "".join(char for char in value if unicodedata.category(char) != "Cf").strip()


def is_invisible(value: str) -> bool:
    """True when ``value`` has characters but none a reader can see (only white space and format characters)."""
    return bool(value) and not visible(value)
