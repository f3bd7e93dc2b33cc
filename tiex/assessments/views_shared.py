"""What the assessment pages share (adapter helpers, no business rules): finding the assessment
for the request, the agreed result behind the downloads and the printable report, the action
plan's part of a results page, and the plain sentences under the results chart.

views.py (results page, CSV and JSON downloads) and report_views.py (the printable report) both
use them, so the report shows exactly what the results page shows, to exactly the same people.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from tiex.assessments import selectors, selectors_results
from tiex.assessments.models import Assessment, Status
from tiex.plans import selectors as plans


def assessment_or_404(request: HttpRequest, pk: int) -> Assessment:
    """The assessment, if the caller may see it; else a 404 (never saying whether it exists)."""
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    if assessment is None:
        raise Http404("No assessment with that number")
    return assessment


def agreed_result(request: HttpRequest, pk: int) -> tuple[Assessment, selectors_results.Results]:
    """The agreed result for a download: published and visible to the caller, or the super-user's own council's."""
    assessment = assessment_or_404(request, pk)
    if assessment.status != Status.PUBLISHED and not selectors.may_manage(user=request.user, assessment=assessment):
        raise Http404("This result is not published")
    structure = selectors.version_structure(assessment.version)
    return assessment, selectors_results.results(assessment=assessment, structure=structure)


def plan_context(request: HttpRequest, assessment: Assessment, *, own: bool) -> dict[str, Any]:
    """The actions from this result, for the council's members only (None: the plan is not shown).

    ``own`` is a participant's own answers (not the agreed result), which have no plan.
    """
    if own or not plans.may_view(user=request.user, organisation=assessment.organisation):
        return {"plan_actions": None, "plan_manage": False}
    return {
        "plan_actions": plans.action_list_for_sources(kind="assessment", ids=[assessment.pk]),
        "plan_manage": plans.may_manage(user=request.user, organisation=assessment.organisation),
    }


def result_summary(result: selectors_results.Results, structure: selectors.Structure) -> list[str]:
    """Plain sentences for the chart: the strongest theme, the largest gap."""
    main = result.main_dimension
    scored = [theme for theme in result.themes if theme.means.get(main) is not None]
    if not scored:
        return ["No statements have an answer yet."]
    top = max(scored, key=lambda theme: theme.means[main] or 0)
    low = min(scored, key=lambda theme: theme.means[main] or 0)
    maximum = max(structure.level_values)
    lines = [
        f"Strongest theme: {top.title} (average {top.means[main]:g} of {maximum}).",
        f"Weakest theme: {low.title} (average {low.means[main]:g} of {maximum}).",
    ]
    gaps = [theme for theme in result.themes if theme.gap is not None]
    if gaps:
        widest = max(gaps, key=lambda theme: theme.gap or 0)
        lines.append(f"Largest gap between now and the ambition: {widest.title} ({widest.gap:g} levels).")
    return lines
