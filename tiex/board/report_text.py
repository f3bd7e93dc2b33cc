"""A report's text as HTML, and its citations: paragraphs separated by a blank line, links written
``[words](/path/)``. Everything else is escaped; a link goes only to a path on this site or to an
https address, so an edited report cannot carry markup or script."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]+)\)")


@dataclass(frozen=True)
class Citation:
    words: str
    href: str


def allowed(href: str) -> bool:
    return (href.startswith("/") and not href.startswith("//")) or href.startswith("https://")


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]


def citations(text: str) -> list[Citation]:
    return [Citation(words, href) for words, href in LINK.findall(text) if allowed(href)]


def _inline(text: str) -> str:
    out, last = [], 0
    for match in LINK.finditer(text):
        out.append(escape(text[last : match.start()]))
        words, href = match.group(1), match.group(2)
        if allowed(href):
            out.append(format_html('<a class="govuk-link" href="{}">{}</a>', href, words))
        else:
            out.append(escape(match.group(0)))
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def to_html(text: str) -> SafeString:
    """The text as GOV.UK paragraphs with its links."""
    return mark_safe("".join(f'<p class="govuk-body">{_inline(part)}</p>' for part in paragraphs(text)))  # noqa: S308


def to_plain(text: str) -> str:
    """The text with each link as ``words (address)``, for a document outside the site."""
    return LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if allowed(m.group(2)) else m.group(0), text)
