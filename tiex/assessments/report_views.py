"""The printable report of an agreed result (adapters only), for a council's cabinet or scrutiny committee.

One page per result, laid out for A4 by the print stylesheet (tiex/core/frontend/_print.scss):
a cover with the council, framework, version, dates and status; the summary, the results by
theme and statement with the chart; the comparison with similar councils; next steps; the
action plan. The browser prints it or saves it as a PDF; tiex makes no PDF itself
(docs/assessments.md says why). Who may see it: exactly who may see the agreed result and
download it (``views_shared.agreed_result``, which the downloads use too); the action plan
only for the council's members.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from tiex.assessments import charts, selectors_results
from tiex.assessments.views_shared import agreed_result, plan_context, result_summary
from tiex.councils.models import ComparatorKind


@require_safe
def report(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, result = agreed_result(request, pk)
    structure = result.structure
    labels = {dimension.key: dimension.label for dimension in structure.dimensions}
    kinds = dict(ComparatorKind.choices)
    kind = request.GET.get("group", "")
    kind = kind if kind in kinds else ComparatorKind.SAME_TYPE.value
    # The same reads as the results page (comparison and next steps only once published).
    page = selectors_results.results_page(user=request.user, assessment=assessment, structure=structure, kind=kind)
    chart = charts.theme_bars(
        [(theme.title, [theme.means.get(key) for key in structure.dimension_keys]) for theme in result.themes],
        maximum=max(structure.level_values or [1]),
        series=[labels[key] for key in structure.dimension_keys],
    )
    link_base = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "assessments/report.html",
        {
            "assessment": assessment,
            "structure": structure,
            "result": result,
            "chart": mark_safe(chart),  # noqa: S308 - built from escaped text by charts.theme_bars
            "labels": labels,
            "summary": result_summary(result, structure),
            "comparison": page.comparison,
            "next_steps": page.next_steps,
            "previous": page.previous,
            "own_means": {theme.section: theme.means.get(result.main_dimension) for theme in result.themes},
            "kinds": kinds.items(),
            "kind": kind,
            "participants": assessment.participants.count(),
            "printed_at": timezone.now(),
            "link_base": link_base,
            "online_url": link_base + reverse("assessments:results", args=[pk]),
            **plan_context(request, assessment, own=False),
        },
    )
