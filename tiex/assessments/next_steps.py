"""Next steps of a result (reads): for each framework theme with areas for improvement, the Exchange
resources on its Exchange themes, the councils of the comparator group strong there who chose to be
contactable, and the association's support offers (``SupportOffer``, edited in the staff admin).

The Exchange's resources and the offers are kept with the Exchange's state
(``tiex.library.selectors.library_state``: one query, which the results page reads once for all
it keeps), so warm they cost no query, and a resource published or an offer edited shows at once.
Which councils may be named is decided by the caller (``selectors_results.results_page``): only results the
person may see, and only for signed-in people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tiex.assessments import scoring
from tiex.assessments.models import Section, SupportOffer

if TYPE_CHECKING:
    from tiex.assessments.selectors import Structure
    from tiex.assessments.selectors_results import Results, Round


@dataclass(frozen=True)
class ContactableCouncil:
    name: str
    email: str


def strong_contactable(latest: Iterable[Round], structure: Structure) -> dict[str, list[ContactableCouncil]]:
    """Section code -> the councils (by name) whose latest result, given here, is strong on that theme
    and who chose to be contactable. The caller passes only results the person may see."""
    dimension = structure.dimension_keys[0] if structure.dimension_keys else ""
    found: dict[str, list[ContactableCouncil]] = defaultdict(list)
    for council in latest:
        if not (council.contactable and council.contact_email and dimension):
            continue
        for code, mean in council.theme_means(dimension).items():
            if scoring.is_strong(mean, structure.level_values):
                found[code].append(ContactableCouncil(council.council_name, council.contact_email))
    return {code: sorted(councils, key=lambda c: c.name) for code, councils in found.items()}


@dataclass(frozen=True)
class Offer:
    """A support offer as shown (a plain copy of ``SupportOffer``, kept with the Exchange's state)."""

    title: str
    summary: str
    url: str
    demo: bool
    exchange_themes: frozenset[str]
    framework_themes: frozenset[str]

    @property
    def for_any_area(self) -> bool:
        return not self.exchange_themes and not self.framework_themes


@dataclass(frozen=True)
class NextStep:
    """One framework theme with areas for improvement, and what may help there."""

    code: str  # the framework theme's (section's) code
    title: str
    statements: list[str]  # codes of its areas for improvement
    themes: list[tuple[str, str]]  # its Exchange themes (slug, name)
    resources: list[Any]  # listing.ResourceSummary, strongest evidence first
    councils: list[ContactableCouncil]  # strong there, contactable, published to the person
    offers: list[Offer]


@dataclass(frozen=True)
class NextSteps:
    steps: list[NextStep]
    offers: list[Offer]  # the association's offers for any area
    group_name: str = ""  # the comparator group whose strong councils are named
    councils_shown: bool = False  # whether councils were looked for (published result, signed in)

    def __bool__(self) -> bool:
        return bool(self.steps)

    def __iter__(self) -> Iterator[NextStep]:
        return iter(self.steps)


NEXT_STEPS_VERSION = 1  # the shape of what is kept; a new shape is never read from an older one
RESOURCES_PER_THEME = 20


def _kept(name: str, parts: tuple[Any, ...], state: str | None, build: Any) -> Any:
    """``build()``, kept with the Exchange's state (``tiex.library.selectors.kept``): anything that
    changes what the Exchange shows, or any edit in the staff admin (a model-history entry, as for
    the support offers), makes a new state."""
    from tiex.core.page_cache import page_cache
    from tiex.library import selectors as library

    if state is None:
        return library.kept(name, NEXT_STEPS_VERSION, *parts, build=build)
    key = library.kept_key(name, NEXT_STEPS_VERSION, *parts, state=state)
    found = page_cache.get(key)
    if found is None:
        found = build()
        page_cache.set(key, found, library.SEARCH_CACHE_SECONDS)
    return found


def _exchange_on(slugs: tuple[str, ...]) -> tuple[dict[str, str], list[Any]]:
    """(theme names, published resources on any of the themes): one search for all the themes, so
    the page costs the same however many themes the areas for improvement touch."""
    from tiex.library import selectors as library
    from tiex.library.filters import FilterErrors, parse_filters
    from tiex.library.search import SearchTimeout

    vocab = library.vocabulary()
    try:
        filters = parse_filters({"theme": list(slugs), "sort": ["newest"]}, vocab, strict=False)
        found = library.resource_search(
            filters, limit=RESOURCES_PER_THEME * len(slugs), with_facets=False, vocab=vocab
        ).items
    except (FilterErrors, SearchTimeout):  # next steps never break the results page
        found = []
    return dict(vocab.themes), found


def _offers() -> list[Offer]:
    return [
        Offer(
            offer.title,
            offer.summary,
            offer.url,
            offer.demo,
            frozenset(theme.slug for theme in offer.exchange_themes.all()),
            frozenset(offer.framework_theme_keys),
        )
        for offer in SupportOffer.objects.prefetch_related("exchange_themes")
    ]


def next_steps(
    *,
    result: Results,
    strong: dict[str, list[ContactableCouncil]] | None = None,
    group_name: str = "",
    state: str | None = None,
    per_area: int = 3,
) -> NextSteps:
    """For each framework theme with areas for improvement (a gap, or no gap asked): the published
    Exchange resources on its Exchange themes (best evidence first), the councils in ``strong`` for
    it (``strong_contactable``) and the association's support offers for it or its Exchange themes.

    The resources and the offers are kept with the Exchange's state (``state`` when the caller has
    read it), so warm they cost no query; a resource published or an offer edited shows at once.
    """
    from tiex.library.choices import EVIDENCE_RANK

    sections = {section.pk: section for section in result.structure.sections}
    by_code = {statement.code: statement for statement in result.structure.statements}
    areas: dict[str, tuple[Section, list[str], list[str]]] = {}
    for row in result.improvements:
        if row.gap is not None and row.gap <= 0:
            continue
        statement = by_code[row.code]
        section = sections[statement.section_id]
        _, codes, slugs = areas.setdefault(section.code, (section, [], []))
        codes.append(row.code)
        slugs.extend(slug for slug in statement.exchange_themes if slug not in slugs)
    if not areas:
        return NextSteps([], [])
    every = tuple(sorted({slug for _, _, slugs in areas.values() for slug in slugs}))
    names, found = _kept("assessment-exchange", every, state, lambda: _exchange_on(every)) if every else ({}, [])
    offers: list[Offer] = _kept("assessment-offers", (), state, _offers)
    framework = result.structure.framework.slug
    steps = []
    for code, (section, codes, slugs) in areas.items():
        on_theme = [item for item in found if any(term.slug in slugs for term in item.themes)]
        ranked = sorted(on_theme, key=lambda item: -EVIDENCE_RANK.get(item.evidence_level, 0))[:per_area]
        steps.append(
            NextStep(
                code=code,
                title=section.title,
                statements=codes,
                themes=[(slug, names.get(slug, slug.replace("-", " ").capitalize())) for slug in slugs],
                resources=ranked,
                councils=(strong or {}).get(code, []),
                offers=[
                    offer
                    for offer in offers
                    if f"{framework}/{code}" in offer.framework_themes or offer.exchange_themes & set(slugs)
                ],
            )
        )
    return NextSteps(
        steps,
        [offer for offer in offers if offer.for_any_area],
        group_name=group_name,
        councils_shown=strong is not None,
    )


def suggested_resources(*, result: Results, code: str) -> list[tuple[int, str]]:
    """The Exchange resources next steps suggest for one area for improvement (statement ``code``), as
    (id, title) choices for an action linked to them."""
    for step in next_steps(result=result):
        if code in step.statements:
            return [(item.pk, item.title) for item in step.resources]
    return []
