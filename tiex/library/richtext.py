"""Rich text from outside the editor: plain text to safe HTML, and HTML cleaned to the allowed features.

Wagtail's ``RichTextField`` does not clean what is assigned to it in code: only text
that comes through the editor (Draftail) is limited to the allowed features. So text
from the public submission form and from CSV files goes through ``text_to_html``
(everything escaped), and HTML from files goes through ``clean_html``, which makes
the same round trip as the editor (HTML -> Draftail content state -> HTML), dropping
scripts, styles, event handlers and any element or attribute that is not allowed.
"""

from __future__ import annotations

import re
from html import escape, unescape

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+")
_TAG = re.compile(r"<[^>]*>")
_EMPTY_LINK = re.compile(r"<a>(.*?)</a>", re.S)
_BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


def text_to_html(text: str) -> str:
    """Plain text to rich-text HTML: blank lines separate paragraphs; a line starting "## " or "### "
    is a heading; lines starting "- " or "1. " make lists. Everything is escaped."""
    html: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            html.append("<p>" + "<br/>".join(escape(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            html.append(f"<{list_tag}>" + "".join(f"<li>{escape(item)}</li>" for item in items) + f"</{list_tag}>")
            items.clear()
        list_tag = ""

    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith(("## ", "### ")):
            flush()
            level = "h3" if line.startswith("### ") else "h2"
            html.append(f"<{level}>{escape(line.lstrip('#').strip())}</{level}>")
        elif _BULLET.match(line) or _NUMBER.match(line):
            tag = "ul" if _BULLET.match(line) else "ol"
            if paragraph or (items and tag != list_tag):
                flush()
            list_tag = tag
            items.append((_BULLET if tag == "ul" else _NUMBER).sub("", line).strip())
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return "".join(html)


def clean_html(html: str, features: list[str]) -> str:
    """HTML limited to the given rich-text features, as the editor would store it."""
    converter = ContentstateConverter(features=features)
    cleaned = converter.to_database_format(converter.from_database_format(html or ""))
    # The editor adds random block keys (used by comments); drop them so that cleaning is repeatable.
    # Links whose address was refused (javascript: and the like) keep their text only.
    return _EMPTY_LINK.sub(r"\1", _BLOCK_KEY.sub("", cleaned))


def html_to_text(html: str) -> str:
    """Rich-text HTML as plain text in the form ``text_to_html`` reads (for CSV export)."""
    text = re.sub(r"<h2[^>]*>", "## ", html or "")
    text = re.sub(r"<h3[^>]*>", "### ", text)
    text = re.sub(r"<ol[^>]*>.*?</ol>", lambda block: re.sub(r"<li[^>]*>", "1. ", block.group(0)), text, flags=re.S)
    text = re.sub(r"<li[^>]*>", "- ", text)
    text = re.sub(r"</li>|<br\s*/?>", "\n", text)
    text = re.sub(r"</(p|h2|h3|ul|ol)>", "\n\n", text)
    text = unescape(_TAG.sub("", text))
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
