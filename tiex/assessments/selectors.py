"""Every read of self-assessments, with what each person may see: frameworks, structures,
assessments, participants, progress, disagreement and consensus. The agreed result and the
results page are read in ``selectors_results``; the comparison with similar councils in
``selectors_comparison``.

A version's structure is read once (``version_structure``: five queries) and shared by
every page of an assessment. Private answers are read only through a participant's
own seat (``participant_for``); the disagreement view names people only when the
caller says so (the view asks the permission and the assessment's anonymous flag).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from tiex.accounts.permissions import can
from tiex.assessments import scoring
from tiex.assessments.models import (
    Assessment,
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
from tiex.assessments.permissions import ASSESSMENT_MANAGE, ASSESSMENT_VIEW
from tiex.core.kept_queries import KeptQuery

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
    # (version id, content hash, import time) for a published version's kept structure, which never
    # changes; None for a draft (read afresh each time, so nothing derived from it may be kept).
    key: tuple[int, str, str] | None = None

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
        found.key = key
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
    # One seat per person (participant_unique): no ordering, so no join to the assessment for it.
    return Participant.objects.filter(assessment=assessment, user=user).order_by().first()


def seat_for(*, user: Any, pk: int) -> Participant | None:
    """The person's own seat in assessment ``pk``, with the assessment, its council, version and
    framework, in one query (None: no such assessment, or they are not taking part). A participant
    may see their assessment (``assessment_get_for_user``), so the seat alone is the answering
    pages' check. The organisation is not read with it (the answering page never shows it, and
    each joined model's columns cost the query's building more than its running)."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = _SEAT.rows(pk, user.pk)
    return found[0] if found else None


# The answering pages' two queries, their SQL built once per process (tiex/core/kept_queries.py).
_SEAT: KeptQuery[Participant] = KeptQuery(
    lambda pk, user_id: (
        Participant.objects.select_related("assessment__council", "assessment__version__framework")
        .filter(assessment_id=pk, user_id=user_id)
        .order_by("pk")[:1]
    ),
    int,
    int,
)
_RESPONSES: KeptQuery[Response] = KeptQuery(
    lambda participant_id: Response.objects.filter(participant_id=participant_id), int
)


def participant_list(*, assessment: Assessment) -> list[Participant]:
    return list(assessment.participants.select_related("user"))


def responses_of(*, participant: Participant) -> dict[int, Response]:
    found = {}
    for response in _RESPONSES.rows(participant.pk):
        response.participant = participant  # as participant.responses.all() gives them
        found[response.statement_id] = response
    return found


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


# --- Disagreement and consensus ---------------------------------------------------------


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


def earlier_assessment_ids(*, assessment: Assessment) -> list[int]:
    """The council's earlier assessments on the same framework (whose action plans the next round opens with)."""
    return list(
        Assessment.objects.filter(
            council_id=assessment.council_id,
            version__framework_id=assessment.version.framework_id,
            created_at__lt=assessment.created_at,
        ).values_list("pk", flat=True)
    )
