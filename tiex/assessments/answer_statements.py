"""A theme's statements on the answering page, kept per framework version.

Most of the answering page is the theme's statements: codes, texts, the scale's radios (or the
indicators' checkboxes) with their labels and hints. All of that depends only on the published
framework version, which never changes (``selectors.version_structure`` keeps its structure, keyed
on the version's id, content hash and import time: ``Structure.key``). Only a few parts are the
person's own: which radios and boxes are checked, and their comments.

So ``_answer_statements.html`` draws every one of those parts through ``{% answer_mark %}`` alone.
The first time a theme is asked for in this process, the template is rendered once with *markers*
(private-use characters around a number) in place of the person's parts, and the result is split on
them into the constant pieces between. Every later view joins those pieces with the person's own
parts, worked out by ``mark_value`` -- the function the tag itself calls when it renders normally,
so the kept page and a fresh one cannot differ. The pieces are keyed on the structure's key, the
theme, whether answers are open and the widget template; nothing of any person is ever kept.

A draft version (no key), a view showing an unsaved comment, a framework whose text happens to hold
a marker character, and DEBUG (templates edited while the process runs) render afresh each time.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from tiex.assessments.selectors import Page, Structure

TEMPLATE = "assessments/_answer_statements.html"
KEPT = 256  # themes x open/closed x widgets; the oldest is dropped past this

_OPEN, _CLOSE = "\ue000", "\ue001"
_RECORDER = "answer_statements_recorder"  # the context variable that turns the tag into a marker

Slot = tuple[int, str, tuple[Any, ...]]  # (statement's index on the page, kind, the tag's arguments)
_kept: dict[tuple[object, ...], tuple[tuple[str, ...], tuple[Slot, ...]]] = {}
_lock = threading.Lock()


def mark_value(item: dict[str, Any], kind: str, args: tuple[Any, ...]) -> str:
    """The person's part: " checked" on their radio ("radio", dimension key, level value) or ticked
    box ("tick", indicator code); their comment, escaped ("comment")."""
    if kind == "radio":
        key, value = args
        return " checked" if item["values"].get(key) == value else ""
    if kind == "tick":
        return " checked" if args[0] in item["ticked"] else ""
    if kind == "comment":
        return str(conditional_escape(item["comment"]))
    raise ValueError(f"Unknown answer mark {kind!r}")


def mark(context: Any, item: dict[str, Any], kind: str, args: tuple[Any, ...]) -> SafeString:
    """What ``{% answer_mark %}`` writes: a marker while the pieces are being made, else the value."""
    recorder = context.get(_RECORDER)
    if recorder is not None:
        recorder.append((item["index"], kind, args))
        return mark_safe(f"{_OPEN}{len(recorder) - 1}{_CLOSE}")  # noqa: S308 (our own marker characters)
    return mark_safe(mark_value(item, kind, args))  # noqa: S308 (fixed words, or the comment escaped above)


def render(*, structure: Structure, page: Page, items: list[dict[str, Any]], widget: str, editable: bool) -> SafeString:
    """The page's statements as HTML for this person (``items``: one per statement, in order, with
    statement, prefix, indicators, values, ticked, comment and unsaved_comment)."""
    context = {"structure": structure, "page": page, "widget": widget, "editable": editable}
    if structure.key is None or settings.DEBUG or any(item["unsaved_comment"] for item in items):
        return mark_safe(render_to_string(TEMPLATE, {**context, "items": items}))  # noqa: S308 (rendered, escaped by the engine)
    key = (structure.key, page.section.code, editable, widget)
    found = _kept.get(key)
    if found is None:
        found = _pieces(context, page)
        if found is None:
            return mark_safe(render_to_string(TEMPLATE, {**context, "items": items}))  # noqa: S308 (as above)
        with _lock:
            if len(_kept) >= KEPT:
                _kept.pop(next(iter(_kept)))
            _kept[key] = found
    pieces, slots = found
    out = [pieces[0]]
    for (index, kind, args), piece in zip(slots, pieces[1:], strict=True):
        out.append(mark_value(items[index], kind, args))
        out.append(piece)
    return mark_safe("".join(out))  # noqa: S308 (pieces rendered by the engine; values escaped in mark_value)


def _pieces(context: dict[str, Any], page: Page) -> tuple[tuple[str, ...], tuple[Slot, ...]] | None:
    """The page rendered with markers, split into the pieces between them (None: a marker character
    in the framework's own text, so the split could not be trusted)."""
    recorder: list[Slot] = []
    skeleton = [
        {
            "index": index,
            "statement": statement,
            "prefix": f"s{statement.pk}",
            "indicators": context["structure"].indicators.get(statement.pk, []),
            "unsaved_comment": "",
        }
        for index, statement in enumerate(page.statements)
    ]
    rest = str(render_to_string(TEMPLATE, {**context, "items": skeleton, _RECORDER: recorder}))
    if rest.count(_OPEN) != len(recorder) or rest.count(_CLOSE) != len(recorder):
        return None
    pieces: list[str] = []
    for number in range(len(recorder)):
        before, rest = rest.split(f"{_OPEN}{number}{_CLOSE}", 1)
        pieces.append(before)
    pieces.append(rest)
    return tuple(pieces), tuple(recorder)


def forget() -> None:
    """Drop every kept theme (tests)."""
    with _lock:
        _kept.clear()
