"""Every read of self-assessments, with what each person may see.

A version's structure is read once (``version_structure``: five queries) and shared by
every page of an assessment. Private answers are read only through a participant's
own seat (``participant_for``); the disagreement view names people only when the
caller says so (the view asks the permission and the assessment's anonymous flag).
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from tiex.accounts.permissions import can
from tiex.assessments import scoring
from tiex.assessments.models import (
    Assessment,
    ConsensusAnswer,
    Dimension,
    Framework,
    FrameworkKind,
    FrameworkVersion,
    Indicator,
    Level,
    Participant,
    Response,
    Section,
    Statement,
    Status,
    Visibility,
)
from tiex.assessments.next_steps import ContactableCouncil, NextSteps, next_steps, strong_contactable
from tiex.assessments.permissions import ASSESSMENT_MANAGE, ASSESSMENT_VIEW

# --- Frameworks -------------------------------------------------------------------------


def framework_list() -> QuerySet[Framework]:
    return Framework.objects.filter(versions__published=True).distinct().order_by("title")


def framework_get(*, slug: str) -> Framework | None:
    return framework_list().filter(slug=slug).first()


def version_list(*, framework: Framework) -> list[FrameworkVersion]:
    return list(framework.versions.filter(published=True).order_by("-published_at", "-pk"))


def version_latest(*, framework: Framework) -> FrameworkVersion | None:
    versions = version_list(framework=framework)
    return versions[0] if versions else None


def version_choices() -> list[FrameworkVersion]:
    """The newest published version of every framework, for starting an assessment."""
    latest = []
    for framework in framework_list():
        version = version_latest(framework=framework)
        if version is not None:
            latest.append(version)
    return latest


@dataclass
class Page:
    """A section whose statements are answered on one page (a theme; for the CAF, a principle)."""

    section: Section
    parent: Section | None
    statements: list[Statement]


@dataclass
class Structure:
    version: FrameworkVersion
    framework: Framework
    dimensions: list[Dimension]
    levels: list[Level]
    sections: list[Section]
    pages: list[Page]
    indicators: dict[int, list[Indicator]] = field(default_factory=dict)

    @property
    def statements(self) -> list[Statement]:
        return [statement for page in self.pages for statement in page.statements]

    @property
    def dimension_keys(self) -> list[str]:
        return [dimension.key for dimension in self.dimensions]

    @property
    def level_values(self) -> list[int]:
        return [level.value for level in self.levels]

    def level_label(self, value: int | None) -> str:
        return next((level.label for level in self.levels if level.value == value), "")

    def page(self, code: str) -> Page | None:
        return next((page for page in self.pages if page.section.code == code), None)

    @property
    def top_sections(self) -> list[Section]:
        return [section for section in self.sections if section.parent_id is None]


# Published versions never change (importers refuse a different file for one: ``content_hash``),
# so their structure is read once per process and kept, keyed on the version's id, hash and
# import time (a re-created database never meets a stale entry). At most STRUCTURES_KEPT are kept.
STRUCTURES_KEPT = 32
_structures: dict[tuple[int, str, str], Structure] = {}


def version_structure(version: FrameworkVersion) -> Structure:
    """The version's sections, pages, statements, scale and indicators: five queries, none for a
    published version already read in this process (every page of an assessment shares it)."""
    if not version.published:
        return _read_structure(version)
    key = (version.pk, version.content_hash, version.imported_at.isoformat())
    found = _structures.get(key)
    if found is None:
        found = _read_structure(version)
        if len(_structures) >= STRUCTURES_KEPT:
            _structures.pop(next(iter(_structures)))
        _structures[key] = found
    return found


def _read_structure(version: FrameworkVersion) -> Structure:
    framework = version.framework
    sections = list(Section.objects.filter(version=version).order_by("order"))
    by_id = {section.pk: section for section in sections}
    statements: dict[int, list[Statement]] = defaultdict(list)
    for statement in Statement.objects.filter(version=version).order_by("order"):
        statements[statement.section_id].append(statement)
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    if framework.kind == FrameworkKind.INDICATORS:
        for indicator in Indicator.objects.filter(statement__version=version).order_by("statement_id", "order"):
            indicators[indicator.statement_id].append(indicator)
    pages = [
        Page(section, by_id.get(section.parent_id) if section.parent_id else None, statements[section.pk])
        for section in sections
        if statements.get(section.pk)
    ]
    return Structure(
        version=version,
        framework=framework,
        dimensions=list(version.dimensions.order_by("order")),
        levels=list(version.levels.order_by("value")),
        sections=sections,
        pages=pages,
        indicators=dict(indicators),
    )


# --- Assessments ------------------------------------------------------------------------


def _assessments() -> QuerySet[Assessment]:
    return Assessment.objects.select_related("council", "organisation", "version__framework")


def assessment_list_for_user(*, user: Any) -> list[Assessment]:
    """The assessments of the councils the person belongs to, and any they were asked to answer."""
    if not getattr(user, "is_authenticated", False):
        return []
    organisations = user.memberships.values_list("organisation_id", flat=True)
    return list(_assessments().filter(Q(organisation_id__in=organisations) | Q(participants__user=user)).distinct())


def assessment_get_for_user(*, user: Any, pk: int) -> Assessment | None:
    """The assessment, if the person may see it at all (else None: the page is a 404)."""
    assessment = _assessments().filter(pk=pk).first()
    if assessment is None:
        return None
    if can(user, ASSESSMENT_VIEW, assessment) or participant_for(assessment=assessment, user=user) is not None:
        return assessment
    return None


def may_manage(*, user: Any, assessment: Assessment) -> bool:
    return can(user, ASSESSMENT_MANAGE, assessment)


def published_for_user(*, user: Any) -> QuerySet[Assessment]:
    """Published results the person may see: public ones, shared ones when signed in, their own council's."""
    allowed = Q(visibility=Visibility.PUBLIC)
    if getattr(user, "is_authenticated", False):
        allowed |= Q(visibility=Visibility.SIGNED_IN)
        allowed |= Q(organisation_id__in=user.memberships.values_list("organisation_id", flat=True))
    return _assessments().filter(allowed, status=Status.PUBLISHED).order_by("-published_at", "-pk")


def participant_for(*, assessment: Assessment, user: Any) -> Participant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Participant.objects.filter(assessment=assessment, user=user).first()


def participant_list(*, assessment: Assessment) -> list[Participant]:
    return list(assessment.participants.select_related("user"))


def responses_of(*, participant: Participant) -> dict[int, Response]:
    return {response.statement_id: response for response in participant.responses.all()}


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def done(self) -> bool:
        return self.total > 0 and self.answered >= self.total


def progress_by_page(structure: Structure, responses: dict[int, Response]) -> dict[str, Progress]:
    return {
        page.section.code: Progress(sum(1 for s in page.statements if s.pk in responses), len(page.statements))
        for page in structure.pages
    }


def team_progress(*, assessment: Assessment, structure: Structure) -> list[tuple[Participant, int]]:
    """Each participant with how many statements they have answered (counts only, never the answers)."""
    counts: dict[int, int] = defaultdict(int)
    for participant_id in Response.objects.filter(participant__assessment=assessment).values_list(
        "participant_id", flat=True
    ):
        counts[participant_id] += 1
    return [(participant, counts[participant.pk]) for participant in participant_list(assessment=assessment)]


# --- Disagreement, consensus, results --------------------------------------------------------


@dataclass
class Spread:
    statement: Statement
    section: Section
    dimension: Dimension
    answers: int
    distribution: list[tuple[int, str, int]]  # (value, label, count)
    spread: float
    median: int | None
    named: list[tuple[str, int, str]] = field(default_factory=list)  # (person, value, comment)


def disagreement(*, assessment: Assessment, structure: Structure, named: bool) -> list[Spread]:
    """Per statement and dimension, how the team answered; the most divided first."""
    values: dict[tuple[int, str], list[tuple[str, int, str]]] = defaultdict(list)
    for response in Response.objects.filter(participant__assessment=assessment).select_related("participant__user"):
        person = str(response.participant.user) if named else ""
        for key, value in response.values.items():
            values[(response.statement_id, key)].append((person, int(value), response.comment if named else ""))
    sections = {section.pk: section for section in structure.sections}
    rows = []
    for statement in structure.statements:
        for dimension in structure.dimensions:
            given = values.get((statement.pk, dimension.key), [])
            numbers = [value for _, value, _ in given]
            counts = scoring.distribution(numbers, structure.level_values)
            rows.append(
                Spread(
                    statement=statement,
                    section=sections[statement.section_id],
                    dimension=dimension,
                    answers=len(numbers),
                    distribution=[(value, structure.level_label(value), count) for value, count in counts.items()],
                    spread=scoring.spread(numbers),
                    median=scoring.consensus_prefill(numbers),
                    named=sorted(given) if named else [],
                )
            )
    rows.sort(key=lambda row: (-row.spread, -row.answers, row.statement.order, row.dimension.order))
    return rows


def consensus_initial(*, assessment: Assessment, structure: Structure) -> dict[int, tuple[dict[str, int], str]]:
    """What the consensus form starts from: the agreed answer where there is one, else the team's median."""
    agreed = {answer.statement_id: (answer.values, answer.note) for answer in assessment.consensus.all()}
    medians: dict[int, dict[str, int]] = defaultdict(dict)
    given: dict[tuple[int, str], list[int]] = defaultdict(list)
    for statement_id, answer in Response.objects.filter(participant__assessment=assessment).values_list(
        "statement_id", "values"
    ):
        for key, value in answer.items():
            given[(statement_id, key)].append(int(value))
    for (statement_id, key), numbers in given.items():
        median = scoring.consensus_prefill(numbers)
        if median is not None:
            medians[statement_id][key] = median
    return {
        statement.pk: agreed.get(statement.pk, (dict(medians.get(statement.pk, {})), ""))
        for statement in structure.statements
    }


@dataclass
class Results:
    structure: Structure
    rows: list[scoring.StatementRow]
    themes: list[scoring.ThemeSummary]
    strengths: list[scoring.StatementRow]
    improvements: list[scoring.StatementRow]
    main_dimension: str
    has_gap: bool
    notes: dict[str, str]


def results(*, assessment: Assessment, structure: Structure) -> Results:
    """The council's agreed result by theme and statement (the consensus answers)."""
    agreed = {answer.statement_id: answer for answer in ConsensusAnswer.objects.filter(assessment=assessment)}
    return _results(
        structure, {pk: answer.values for pk, answer in agreed.items()}, {pk: a.note for pk, a in agreed.items()}
    )


def own_results(*, participant: Participant, structure: Structure) -> Results:
    """A participant's own answers laid out as results (seen only by that participant)."""
    responses = responses_of(participant=participant)
    return _results(structure, {pk: r.values for pk, r in responses.items()}, {})


def _results(structure: Structure, values: dict[int, dict[str, int]], notes: dict[int, str]) -> Results:
    keys = structure.dimension_keys
    sections = {section.pk: section for section in structure.sections}
    statements = [
        (sections[statement.section_id].code, statement.code, statement.title or statement.text)
        for statement in structure.statements
    ]
    by_code = {statement.code: values.get(statement.pk, {}) for statement in structure.statements}
    rows = scoring.statement_rows(statements, by_code, keys)
    themes = scoring.theme_summaries(rows, [(page.section.code, page.section.title) for page in structure.pages], keys)
    main = keys[0] if keys else ""
    strengths, improvements = scoring.strengths_and_gaps(rows, main)
    return Results(
        structure=structure,
        rows=rows,
        themes=themes,
        strengths=strengths,
        improvements=improvements,
        main_dimension=main,
        has_gap="current" in keys and "ambition" in keys,
        notes={statement.code: notes.get(statement.pk, "") for statement in structure.statements},
    )


# --- Comparison with similar councils -------------------------------------------------------


@dataclass(frozen=True)
class ThemeComparison:
    code: str
    title: str
    distribution: scoring.Distribution


@dataclass
class Comparison:
    council: Any
    kind: str
    kind_name: str
    members: list[Any]  # CouncilRow of every council in the group
    shared: int  # how many of them have a published result the caller may see
    dimension: str
    themes: list[ThemeComparison]


@dataclass
class Round:
    """One result read with its agreed answers (see ``_rounds``): who, when, whether the council
    may be contacted about its strengths, and its agreed values per statement."""

    assessment_id: int
    council_id: int
    council_name: str
    created_at: Any
    published_at: Any
    contactable: bool
    contact_email: str
    values: dict[int, dict[str, int]] = field(default_factory=dict)  # statement id -> values
    notes: dict[int, str] = field(default_factory=dict)
    sections: dict[int, str] = field(default_factory=dict)  # statement id -> section code

    def theme_means(self, dimension: str) -> dict[str, float]:
        """Section code -> the mean agreed value on ``dimension``."""
        given: dict[str, list[int]] = defaultdict(list)
        for statement_id, answer in self.values.items():
            if answer.get(dimension) is not None:
                given[self.sections[statement_id]].append(int(answer[dimension]))
        return {code: sum(numbers) / len(numbers) for code, numbers in given.items() if numbers}


def _rounds(condition: Q) -> dict[int, Round]:
    """The results matching ``condition`` (on ConsensusAnswer) with their agreed answers, in one query."""
    rows = ConsensusAnswer.objects.filter(condition).values_list(
        "assessment_id",
        "assessment__council_id",
        "assessment__council__name",
        "assessment__created_at",
        "assessment__published_at",
        "assessment__contactable",
        "assessment__contact_email",
        "statement_id",
        "statement__section__code",
        "values",
        "note",
    )
    rounds: dict[int, Round] = {}
    for (
        assessment_id,
        council_id,
        name,
        created,
        published,
        contactable,
        email,
        statement_id,
        code,
        values,
        note,
    ) in rows:
        found = rounds.get(assessment_id)
        if found is None:
            found = rounds[assessment_id] = Round(
                assessment_id, council_id, name, created, published, contactable, email
            )
        found.values[statement_id] = values
        found.notes[statement_id] = note
        found.sections[statement_id] = code
    return rounds


def _latest_per_council(rounds: Iterable[Round]) -> dict[int, Round]:
    """Each council's latest published result among ``rounds`` (a council counts once)."""
    latest: dict[int, Round] = {}
    for found in sorted(rounds, key=lambda r: (r.published_at is not None, r.published_at, r.assessment_id)):
        latest[found.council_id] = found
    return latest


def _group(council: Any, kind: str, *, state: str | None = None) -> Any:
    """The council's comparator group (``tiex.councils.comparators.comparator_group``: one query).

    With ``state`` (the Exchange's state token, ``library_state``), the group is kept in the
    councils' cache: comparator data changes only when a dataset is imported, and every import
    makes a new state, so a kept group is never stale."""
    from tiex.councils import selectors as councils
    from tiex.councils.comparators import comparator_group

    if state is None:
        return comparator_group(council, kind)
    key = councils.cache_key("assessment-comparator-group", council.pk, kind, version=f"library-{state}")
    found = councils.page_cache().get(key)
    if found is None:
        found = comparator_group(council, kind)
        councils.page_cache().set(key, found, councils.CACHE_SECONDS)
    return found


def _group_condition(*, user: Any, framework: Framework, codes: set[str]) -> Q:
    """ConsensusAnswer rows of the published results of the group's councils that ``user`` may see."""
    visible = published_for_user(user=user).filter(version__framework=framework, council__la_code__in=codes)
    return Q(assessment__in=visible.values("pk"))


def _structure_for(framework: Framework, structure: Structure | None) -> Structure | None:
    if structure is None or structure.framework.pk != framework.pk:  # themes of the latest version
        version = version_latest(framework=framework)
        return version_structure(version) if version else None
    return structure


def _comparison_from(group: Any, council: Any, structure: Structure | None, latest: dict[int, Round]) -> Comparison:
    dimension = structure.dimension_keys[0] if structure and structure.dimension_keys else ""
    means = [found.theme_means(dimension) for found in latest.values()] if dimension else []
    pages = structure.pages if structure else []
    themes = [
        ThemeComparison(
            page.section.code,
            page.section.title,
            scoring.group_distribution([own[page.section.code] for own in means if page.section.code in own]),
        )
        for page in pages
    ]
    return Comparison(
        council=council,
        kind=group.kind,
        kind_name=group.kind_name,
        members=[comparator.council for comparator in group.comparators],
        shared=len(latest),
        dimension=dimension,
        themes=themes,
    )


def comparison(
    *, user: Any, framework: Framework, council: Any, kind: str, structure: Structure | None = None
) -> Comparison:
    """Per theme, the median and quartiles of the comparator group's latest published results.

    Only results the caller may see count; each council counts once (its latest result);
    a theme's figure is its mean agreed value on the framework's first dimension, by the
    themes of ``structure`` when given (the page's own version), else the latest version. Any
    figure from fewer than scoring.MIN_COUNCILS councils is suppressed. Never a ranking.
    """
    group = _group(council, kind)
    members = [comparator.council for comparator in group.comparators]
    structure = _structure_for(framework, structure)
    dimension = structure.dimension_keys[0] if structure and structure.dimension_keys else ""
    # One query: the stored theme scores of every visible published result of the group's councils.
    shared, themes = group_themes(
        user=user, framework=framework, structure=structure, la_codes={row.la_code for row in members}
    )
    return Comparison(
        council=council,
        kind=group.kind,
        kind_name=group.kind_name,
        members=members,
        shared=shared,
        dimension=dimension,
        themes=themes,
    )


@functools.lru_cache(maxsize=16_384)
def _theme_scores(text: str) -> dict[str, float]:
    """A published result's stored theme scores from their stored text, decoded once per process.

    Keyed on the text itself, so a result published again with other scores is simply another
    entry (never a stale one); callers only read the mapping. At most 16,384 kept (a few MB).
    """
    decoded = json.loads(text)
    return decoded if isinstance(decoded, dict) else {}


def group_themes(
    *, user: Any, framework: Framework, structure: Structure | None, la_codes: Collection[str] | None
) -> tuple[int, list[ThemeComparison]]:
    """(how many councils count, per theme the distribution of their latest visible published results).

    ``la_codes`` is the group (None: every council, the widest group). One query, one row a
    published result: each result's per-theme scores are stored when it is published
    (``Assessment.theme_scores``, by ``services.assessment_publish``), so the figures are
    computed from one small mapping a council, however many statements the framework has.
    The stored scores are read as text and decoded through ``_theme_scores``, which keeps what
    it decoded: decoding was most of the time over every council (about 4 microseconds a row).
    """
    latest: dict[int, dict[str, float]] = {}
    if la_codes is None or la_codes:
        visible = published_for_user(user=user).filter(version__framework=framework)
        if la_codes is not None:
            # A subquery, not a join: the database then checks each published result's council
            # against the group's ids instead of looking up every result's council (3x faster at 10x).
            from tiex.councils.selectors import council_ids

            visible = visible.filter(council_id__in=council_ids(la_codes=la_codes))
        rows = (
            visible.order_by("council_id", "-published_at", "-pk")
            .annotate(scores=Cast("theme_scores", TextField()))
            .values_list("council_id", "scores")
        )
        for council_id, text in rows:
            if council_id not in latest:  # newest first: an older result of a council is not counted
                latest[council_id] = _theme_scores(text)
    pages = structure.pages if structure else []
    figures = scoring.theme_distributions(latest.values(), [page.section.code for page in pages])
    themes = [ThemeComparison(page.section.code, page.section.title, figures[page.section.code]) for page in pages]
    return len(latest), themes


@dataclass(frozen=True)
class PreviousRound:
    assessment: Assessment  # only its id, council and dates are read (see ``_previous_from``)
    means: dict[str, float]  # section code -> mean agreed value on the first dimension
    change: dict[str, float]  # section code -> this round's mean minus the previous one


def _earlier_condition(assessment: Assessment) -> Q:
    """ConsensusAnswer rows of the council's earlier published results on the same framework."""
    return Q(
        assessment__council_id=assessment.council_id,
        assessment__version__framework_id=assessment.version.framework_id,
        assessment__status=Status.PUBLISHED,
        assessment__created_at__lt=assessment.created_at,
    ) & ~Q(assessment_id=assessment.pk)


def _previous_from(earlier: Iterable[Round], result: Results) -> PreviousRound | None:
    newest = max(earlier, key=lambda found: (found.created_at, found.assessment_id), default=None)
    if newest is None:
        return None
    key = result.main_dimension
    means = {code: round(value, 2) for code, value in newest.theme_means(key).items()}
    change = {
        theme.section: round((theme.means.get(key) or 0) - means[theme.section], 2)
        for theme in result.themes
        if theme.section in means and theme.means.get(key) is not None
    }
    before = Assessment(
        pk=newest.assessment_id,
        council_id=newest.council_id,
        created_at=newest.created_at,
        published_at=newest.published_at,
    )
    return PreviousRound(before, means, change)


def previous_round(*, assessment: Assessment, result: Results) -> PreviousRound | None:
    """The council's previous published result on the same framework, and the change per theme (one query)."""
    return _previous_from(_rounds(_earlier_condition(assessment)).values(), result)


# --- The results page: everything it shows, in a fixed number of queries ----------------------


@dataclass
class ResultsPage:
    result: Results
    previous: PreviousRound | None
    comparison: Comparison | None
    next_steps: NextSteps


def results_page(*, user: Any, assessment: Assessment, structure: Structure, kind: str) -> ResultsPage:
    """The council's agreed result with the change since its previous round, the comparison with the
    chosen comparator group (published results only) and the next steps, in three queries however
    many councils have published: the Exchange's state (which keys the kept comparator group, the
    Exchange resources and the support offers), then one read of the agreed answers of this result,
    the council's earlier published results on the framework and the group's published results the
    person may see. Contact details of strong councils are shown to signed-in people only.
    """
    from tiex.library.selectors import library_state

    state = library_state()
    published = assessment.status == Status.PUBLISHED
    group = _group(assessment.council, kind, state=state) if published else None
    codes = {comparator.council.la_code for comparator in group.comparators} if group else set()
    condition = Q(assessment_id=assessment.pk) | _earlier_condition(assessment)
    if codes:
        condition |= _group_condition(user=user, framework=structure.framework, codes=codes)
    rounds = _rounds(condition)
    own = rounds.pop(assessment.pk, None)
    result = _results(structure, own.values if own else {}, own.notes if own else {})
    earlier = [found for found in rounds.values() if found.council_id == assessment.council_id]
    latest = _latest_per_council(found for found in rounds.values() if found.council_id != assessment.council_id)
    comparison_ = _comparison_from(group, assessment.council, structure, latest) if group else None
    strong: dict[str, list[ContactableCouncil]] | None = None
    if group is not None and getattr(user, "is_authenticated", False):
        strong = strong_contactable(latest.values(), structure)
    return ResultsPage(
        result=result,
        previous=_previous_from(earlier, result),
        comparison=comparison_,
        next_steps=next_steps(result=result, strong=strong, group_name=group.kind_name if group else "", state=state),
    )


def earlier_assessment_ids(*, assessment: Assessment) -> list[int]:
    """The council's earlier assessments on the same framework (whose action plans the next round opens with)."""
    return list(
        Assessment.objects.filter(
            council_id=assessment.council_id,
            version__framework_id=assessment.version.framework_id,
            created_at__lt=assessment.created_at,
        ).values_list("pk", flat=True)
    )
