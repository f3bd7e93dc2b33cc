"""The self-assessment API: frameworks (/api/v1/frameworks) and published results (/api/v1/assessments).

Strict like the rest of the API: unknown parameters get a 422 (the API middleware),
values outside their pattern or range get a 422, and an id nobody may see is a 404.
Results go through the same selectors as the results page, so the two agree.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import BaseModel

from tiex.assessments import scoring, selectors, selectors_comparison, selectors_results
from tiex.councils.models import ComparatorKind
from tiex.councils.selectors import council_lookup

frameworks_router = Router()
assessments_router = Router()

MAX_ID = 2**63 - 1
SLUG_PATTERN = r"^[a-z0-9-]+$"
CODE_PATTERN = r"^[A-Za-z0-9]+$"


class ErrorOut(Schema):
    detail: Any


class LevelOut(Schema):
    value: int
    label: str
    description: str


class DimensionOut(Schema):
    key: str
    label: str
    question: str


class IndicatorOut(Schema):
    code: str
    text: str
    group: str


class SectionOut(Schema):
    code: str
    title: str
    description: str
    parent: str | None
    exchange_themes: list[str]


class StatementOut(Schema):
    code: str
    section: str
    title: str
    text: str
    exchange_themes: list[str]
    indicators: list[IndicatorOut]


class VersionOut(Schema):
    version: str
    published_at: datetime.datetime | None
    previous: str | None
    carries_over: dict[str, str]


class FrameworkOut(Schema):
    slug: str
    url: str
    title: str
    kind: str
    description: str
    attribution: str
    licence: str
    latest_version: str | None


class FrameworkListOut(Schema):
    count: int
    items: list[FrameworkOut]


class FrameworkDetailOut(FrameworkOut):
    versions: list[VersionOut]
    dimensions: list[DimensionOut]
    scale: list[LevelOut]
    assessment_rules: list[list[Any]]
    sections: list[SectionOut]
    statements: list[StatementOut]


def _framework(request: HttpRequest, framework: Any, latest: Any) -> dict[str, Any]:
    return {
        "slug": framework.slug,
        "url": request.build_absolute_uri(reverse("assessments:framework", args=[framework.slug])),
        "title": framework.title,
        "kind": framework.kind,
        "description": framework.description,
        "attribution": framework.attribution,
        "licence": framework.licence,
        "latest_version": latest.version if latest else None,
    }


@frameworks_router.get(
    "", response={200: FrameworkListOut, 422: ErrorOut}, url_name="framework_list", summary="Frameworks"
)
def framework_list(request: HttpRequest) -> Any:
    """Every self-assessment framework with a published version."""
    items = [_framework(request, f, selectors.version_latest(framework=f)) for f in selectors.framework_list()]
    return {"count": len(items), "items": items}


@frameworks_router.get(
    "/{slug}",
    response={200: FrameworkDetailOut, 404: ErrorOut, 422: ErrorOut},
    url_name="framework_detail",
    summary="One framework",
)
def framework_detail(request: HttpRequest, slug: Annotated[str, Path(max_length=100, pattern=SLUG_PATTERN)]) -> Any:
    """A framework's versions, and its latest version's sections, statements (with indicators) and scale."""
    framework = selectors.framework_get(slug=slug)
    latest = selectors.version_latest(framework=framework) if framework else None
    if framework is None or latest is None:
        raise HttpError(404, "No framework has that slug.")
    structure = selectors.version_structure(latest)
    sections = {section.pk: section for section in structure.sections}
    return {
        **_framework(request, framework, latest),
        "versions": [
            {
                "version": v.version,
                "published_at": v.published_at,
                "previous": v.previous.version if v.previous is not None else None,
                "carries_over": v.carries_over,
            }
            for v in selectors.version_list(framework=framework)
        ],
        "dimensions": [{"key": d.key, "label": d.label, "question": d.question} for d in structure.dimensions],
        "scale": [{"value": lv.value, "label": lv.label, "description": lv.description} for lv in structure.levels],
        "assessment_rules": latest.assessment_rules,
        "sections": [
            {
                "code": s.code,
                "title": s.title,
                "description": s.description,
                "parent": sections[s.parent_id].code if s.parent_id else None,
                "exchange_themes": s.exchange_themes,
            }
            for s in structure.sections
        ],
        "statements": [
            {
                "code": st.code,
                "section": sections[st.section_id].code,
                "title": st.title,
                "text": st.text,
                "exchange_themes": st.exchange_themes,
                "indicators": [
                    {"code": i.code, "text": i.text, "group": i.group} for i in structure.indicators.get(st.pk, [])
                ],
            }
            for st in structure.statements
        ],
    }


# --- Published results ------------------------------------------------------------------------


class AssessmentCouncilOut(Schema):
    code: str | None
    name: str


class AssessmentOut(Schema):
    id: int
    url: str
    council: AssessmentCouncilOut
    framework: str
    version: str
    published_at: datetime.datetime | None
    visibility: str
    demo: bool


class AssessmentListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[AssessmentOut]


class ThemeOut(Schema):
    code: str
    title: str
    statements: int
    answered: int
    means: dict[str, float | None]
    gap: float | None


class ResultStatementOut(Schema):
    code: str
    section: str
    text: str
    values: dict[str, int | None]
    gap: int | None
    note: str


class AssessmentDetailOut(AssessmentOut):
    dimensions: list[DimensionOut]
    scale: list[LevelOut]
    themes: list[ThemeOut]
    statements: list[ResultStatementOut]


class AssessmentListQuery(BaseModel):
    framework: str = Field("", max_length=100, pattern=r"^[a-z0-9-]*$", description="Framework slug")
    council: str = Field("", max_length=12, pattern=r"^[A-Za-z0-9]*$", description="GSS code of the council")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


def _assessment(request: HttpRequest, assessment: Any) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "url": request.build_absolute_uri(reverse("assessments:results", args=[assessment.pk])),
        "council": {"code": assessment.council.gss_code, "name": assessment.council.name},
        "framework": assessment.version.framework.slug,
        "version": assessment.version.version,
        "published_at": assessment.published_at,
        "visibility": assessment.visibility,
        "demo": assessment.demo,
    }


@assessments_router.get(
    "", response={200: AssessmentListOut, 422: ErrorOut}, url_name="assessment_list", summary="Published results"
)
def assessment_list(request: HttpRequest, query: Query[AssessmentListQuery]) -> Any:
    """Councils' published self-assessment results that you may see (public ones to everybody)."""
    found = selectors.published_for_user(user=request.user)
    if query.framework:
        found = found.filter(version__framework__slug=query.framework)
    if query.council:
        found = found.filter(council__gss_code=query.council)
    items = [_assessment(request, a) for a in found[query.offset : query.offset + query.limit]]
    return {"count": found.count(), "limit": query.limit, "offset": query.offset, "items": items}


@assessments_router.get(
    "/{int:assessment_id}",
    response={200: AssessmentDetailOut, 404: ErrorOut, 422: ErrorOut},
    url_name="assessment_detail",
    summary="One published result",
)
def assessment_detail(request: HttpRequest, assessment_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Any:
    """A published result by theme and statement (the council's agreed answers)."""
    assessment = selectors.published_for_user(user=request.user).filter(pk=assessment_id).first()
    if assessment is None:
        raise HttpError(404, "No published result you may see has that id.")
    structure = selectors.version_structure(assessment.version)
    result = selectors_results.results(assessment=assessment, structure=structure)
    return {
        **_assessment(request, assessment),
        "dimensions": [{"key": d.key, "label": d.label, "question": d.question} for d in structure.dimensions],
        "scale": [{"value": lv.value, "label": lv.label, "description": lv.description} for lv in structure.levels],
        "themes": [
            {
                "code": t.section,
                "title": t.title,
                "statements": t.statements,
                "answered": t.answered,
                "means": t.means,
                "gap": t.gap,
            }
            for t in result.themes
        ],
        "statements": [
            {
                "code": row.code,
                "section": row.section,
                "text": row.text,
                "values": row.values,
                "gap": row.gap,
                "note": result.notes.get(row.code, ""),
            }
            for row in result.rows
        ],
    }


# --- Comparison with similar councils ---------------------------------------------------------


class ComparisonQuery(BaseModel):
    council: str = Field(..., min_length=1, max_length=12, pattern=CODE_PATTERN, description="GSS code of the council")
    group: ComparatorKind = Field(ComparatorKind.SAME_TYPE, description="Which comparator group")


class GroupOut(Schema):
    kind: str
    name: str
    count: int
    shared: int
    councils: list[AssessmentCouncilOut]


class ThemeComparisonOut(Schema):
    code: str
    title: str
    n: int
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    suppressed: bool
    reason: str


class ComparisonFinanceIndicatorOut(Schema):
    indicator: str = Field(description='The indicator\'s name in the councils API, e.g. "unallocated-ratio"')
    name: str
    is_change: bool = Field(description="A change over the years on record (else a ratio of the latest year)")
    council: float | None = Field(description="The council's value, in percent; null where not known")
    n: int = Field(description="How many of the group's councils have the indicator")
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None


class ComparisonFinanceOut(Schema):
    """The council's financial indicators (docs/finance.md) beside its comparator group's, as the
    council's profile and GET /api/v1/councils/{code}/finances give them."""

    first_year: str = Field(description='The council\'s first financial year on record ("" without returns)')
    last_year: str = Field(description="The council's last financial year on record")
    last_status: str
    members: int = Field(description="Councils in the group")
    with_figures: int = Field(description="Of them, those with revenue outturn returns")
    indicators: list[ComparisonFinanceIndicatorOut]


class ComparisonOut(Schema):
    framework: str
    council: AssessmentCouncilOut
    group: GroupOut
    dimension: str
    minimum_councils: int
    themes: list[ThemeComparisonOut]
    finance: ComparisonFinanceOut | None = Field(
        description="Revenue outturn indicators of the council and the group; null when none has returns"
    )


@frameworks_router.get(
    "/{slug}/comparison",
    response={200: ComparisonOut, 404: ErrorOut, 422: ErrorOut},
    url_name="framework_comparison",
    summary="A council's comparator group, per theme",
)
def framework_comparison(
    request: HttpRequest,
    slug: Annotated[str, Path(max_length=100, pattern=SLUG_PATTERN)],
    query: Query[ComparisonQuery],
) -> Any:
    """Per theme, the median and quartiles of the group's published results (suppressed below five councils),
    and the council's financial indicators beside the group's (revenue outturn returns; public, so never
    suppressed)."""
    framework = selectors.framework_get(slug=slug)
    if framework is None:
        raise HttpError(404, "No framework has that slug.")
    found = council_lookup(query.council)
    if found is None:
        raise HttpError(404, "No council has that code.")
    result = selectors_comparison.comparison(
        user=request.user, framework=framework, council=found.council, kind=query.group
    )
    return {
        "framework": framework.slug,
        "council": {"code": found.council.gss_code, "name": found.council.name},
        "group": {
            "kind": result.kind,
            "name": result.kind_name,
            "count": len(result.members),
            "shared": result.shared,
            "councils": [{"code": row.code, "name": row.name} for row in result.members],
        },
        "dimension": result.dimension,
        "minimum_councils": scoring.MIN_COUNCILS,
        "themes": [
            {
                "code": theme.code,
                "title": theme.title,
                "n": theme.distribution.n,
                "median": theme.distribution.median,
                "lower_quartile": theme.distribution.lower_quartile,
                "upper_quartile": theme.distribution.upper_quartile,
                "suppressed": theme.distribution.suppressed,
                "reason": theme.distribution.reason,
            }
            for theme in result.themes
        ],
        "finance": _finance(result.finance),
    }


def _finance(finance: Any) -> dict[str, Any] | None:
    if finance is None:
        return None
    return {
        "first_year": finance.first_year,
        "last_year": finance.last_year,
        "last_status": finance.last_status,
        "members": finance.members,
        "with_figures": finance.with_figures,
        "indicators": [
            {
                "indicator": row.indicator,
                "name": row.name,
                "is_change": row.is_change,
                "council": row.value,
                "n": row.spread.count if row.spread else 0,
                "median": row.spread.median if row.spread else None,
                "lower_quartile": row.spread.lower_quartile if row.spread else None,
                "upper_quartile": row.spread.upper_quartile if row.spread else None,
            }
            for row in finance.rows
        ],
    }
