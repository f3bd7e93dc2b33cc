"""The map page's filter form and its list of applied filters, built from parsed filters (filters.py).

Display data only: each function returns plain dicts and lists for the template, from the
filters, the vocabulary of database-backed values (selectors.vocabulary()) and, when the
request's values did not validate, those values as given. No ORM of its own, no request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import urlencode

from django.urls import reverse

from tiex.partnerships.filters import (
    COUNCIL_TYPES,
    EVIDENCE,
    KINDS,
    LABELS,
    STATUSES,
    CouncilChoice,
    PartnershipFilters,
    Vocabulary,
)
from tiex.partnerships.models import financial_year_label


class FormVocabulary(Vocabulary, Protocol):
    """A vocabulary that also lists the principal councils (the form's council and council type choices)."""

    def principal_councils(self) -> list[CouncilChoice]: ...


def index_href(pairs: list[tuple[str, str]]) -> str:
    """The map page's address with these query-string pairs."""
    return reverse("partnerships:index") + ("?" + urlencode(pairs) if pairs else "")


def active_filters(filters: PartnershipFilters, vocab: Vocabulary) -> list[dict[str, str]]:
    """Each applied filter, in words, with a link to the same view without it."""
    active = []
    for name, value in filters.as_query():
        text = value
        if name == "category" and filters.category is not None:
            text = vocab.categories()[filters.category].label
        elif name == "kind":
            text = KINDS[value]
        elif name == "status":
            text = STATUSES[value]
        elif name == "council_type":
            text = COUNCIL_TYPES[value]
        elif name == "council":
            council = vocab.council(value)
            text = council.name if council else value
        elif name == "evidence":
            text = EVIDENCE[value]
        elif name == "year":
            text = financial_year_label(int(value))
        active.append({"label": f"{LABELS[name]}: {text}", "href": index_href(filters.without(name).as_query())})
    return active


def filter_form(
    filters: PartnershipFilters | None,
    vocab: FormVocabulary,
    given: Mapping[str, str],
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The filter form's options, each with whether it is chosen.

    The chosen values are the filters' own; with ``filters`` None (they did not validate),
    the values as ``given`` (the request's GET parameters, one value each).
    """

    def chosen(name: str) -> str:
        if filters is not None:
            value = getattr(filters, name)
            return "" if value is None else str(value)
        return given.get(name, "")

    def options(pairs: list[tuple[str, str]], name: str) -> list[dict[str, Any]]:
        current = chosen(name)
        return [{"value": value, "label": label, "selected": value == current} for value, label in pairs]

    cats = vocab.categories()
    categories = [
        (str(c.identifier), f"{cats[c.parent_identifier].label}: {c.label}" if c.parent_identifier in cats else c.label)
        for c in cats.values()
    ]
    errors = errors or {}
    form: dict[str, Any] = {
        "errors": errors,
        "q": chosen("q"),
        "year": chosen("year"),
        "selects": [
            {
                "name": "region",
                "label": LABELS["region"],
                "options": options([(r, r) for r in vocab.regions()], "region"),
            },
            {"name": "category", "label": LABELS["category"], "options": options(categories, "category")},
            {"name": "kind", "label": LABELS["kind"], "options": options(list(KINDS.items()), "kind")},
            {"name": "status", "label": LABELS["status"], "options": options(list(STATUSES.items()), "status")},
            {
                "name": "council_type",
                "label": LABELS["council_type"],
                "hint": "Partnerships with any council of this type",
                "options": options(
                    [(code, COUNCIL_TYPES[code]) for code in sorted({c.type for c in vocab.principal_councils()})],
                    "council_type",
                ),
            },
            {
                "name": "council",
                "label": LABELS["council"],
                "hint": "Including the partnerships of the councils it replaced",
                "options": options([(c.code, c.name) for c in vocab.principal_councils()], "council"),
            },
            {
                "name": "evidence",
                "label": LABELS["evidence"],
                "hint": "Partnerships with any savings figure resting on this",
                "options": options(list(EVIDENCE.items()), "evidence"),
            },
        ],
    }
    for select in form["selects"]:
        select["error"] = errors.get(select["name"], "")
    return form
