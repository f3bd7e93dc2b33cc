"""Reads of agreed results: the council's result by theme and statement, a participant's own
answers laid out the same way, the change since the council's previous round, and the results
page (everything it shows, in a fixed number of queries). The comparison it shows is computed
from the same read (``selectors_comparison`` gives the group and which results count).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from tiex.assessments import scoring
from tiex.assessments.models import Assessment, ConsensusAnswer, Participant, Status
from tiex.assessments.next_steps import ContactableCouncil, NextSteps, next_steps, strong_contactable
from tiex.assessments.selectors import Structure, responses_of
from tiex.assessments.selectors_comparison import (
    Comparison,
    ThemeComparison,
    council_group,
    group_condition,
    group_finance,
)


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
    chosen comparator group (published results only) with the council's financial indicators beside
    the group's, and the next steps, in three queries however many councils have published: the
    Exchange's state (which keys the kept comparator group and its financial indicators, the
    Exchange resources and the support offers), then one read of the agreed answers of this result,
    the council's earlier published results on the framework and the group's published results the
    person may see. Contact details of strong councils are shown to signed-in people only.
    """
    from tiex.library.selectors import library_state

    state = library_state()
    published = assessment.status == Status.PUBLISHED
    group = council_group(assessment.council, kind, state=state) if published else None
    codes = {comparator.council.la_code for comparator in group.comparators} if group else set()
    condition = Q(assessment_id=assessment.pk) | _earlier_condition(assessment)
    if codes:
        condition |= group_condition(user=user, framework=structure.framework, codes=codes)
    rounds = _rounds(condition)
    own = rounds.pop(assessment.pk, None)
    result = _results(structure, own.values if own else {}, own.notes if own else {})
    earlier = [found for found in rounds.values() if found.council_id == assessment.council_id]
    latest = _latest_per_council(found for found in rounds.values() if found.council_id != assessment.council_id)
    comparison_ = _comparison_from(group, assessment.council, structure, latest) if group else None
    if comparison_ is not None:  # kept with the group: no query once it is
        comparison_.finance = group_finance(assessment.council, group, state=state)
    strong: dict[str, list[ContactableCouncil]] | None = None
    if group is not None and getattr(user, "is_authenticated", False):
        strong = strong_contactable(latest.values(), structure)
    return ResultsPage(
        result=result,
        previous=_previous_from(earlier, result),
        comparison=comparison_,
        next_steps=next_steps(result=result, strong=strong, group_name=group.kind_name if group else "", state=state),
    )
