"""The lifecycle pages: the challenge's page (public or private view), the staff list, and the
forms that take a challenge through its stages. Adapters only: selectors.py reads, services_stages.py writes.
Documents and publishing are in views_stage_documents.py, the timetable in views_timetable.py;
the helpers they share in views_stages_common.py.

A private page is 404 to anyone who may not see the challenge privately (its existence is not
revealed); someone who sees it but may not act gets 403.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from tiex.assessments import selectors as assessments
from tiex.core.pagination import page_links, page_number
from tiex.councils.selectors import CONTROL_NAMES, council_list
from tiex.peer_challenges import selectors, services_stages, stages
from tiex.peer_challenges.forms_stages import (
    CancelForm,
    ChallengeCreateForm,
    DatesForm,
    StageForm,
)
from tiex.peer_challenges.models import Challenge, ChallengeKind, DocumentKind
from tiex.peer_challenges.services_stage_documents import COUNCIL_DOCUMENT_KINDS
from tiex.peer_challenges.views_stages_common import GET_POST, add_errors, back, managed_or_404, posted

# --- The challenge's page ---------------------------------------------------------------------


def _theme_scores(challenge: Challenge) -> list[tuple[str, float]]:
    assessment = challenge.self_assessment
    if assessment is None or not assessment.theme_scores:
        return []
    structure = assessments.version_structure(assessment.version)
    titles = {section.code: section.title for section in structure.sections}
    return [(titles.get(code, code), round(float(score), 1)) for code, score in assessment.theme_scores.items()]


@require_safe
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    page = selectors.challenge_page(user=request.user, reference=reference, today=timezone.localdate())
    if page is None:
        raise Http404("No peer challenge with that reference")
    context = {
        "page": page,
        "challenge": page.challenge,
        "theme_scores": _theme_scores(page.challenge) if page.private else [],
        "control_name": CONTROL_NAMES.get(page.challenge.council.control, page.challenge.council.control),
        "focus_areas": [line.strip() for line in page.challenge.focus_areas.splitlines() if line.strip()],
        "kinds": DocumentKind,
        "changeable": {
            document.pk
            for document in page.documents
            if document.published_at is None
            and (page.can_manage or (page.can_council_act and document.kind in COUNCIL_DOCUMENT_KINDS))
        },
    }
    return render(request, "peer_challenges/challenge_detail.html", context)


# --- Staff: the list and a new enquiry -------------------------------------------------------------


@login_required
@require_safe
def manage_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_manage(request.user):
        raise PermissionDenied("Only association staff see every challenge.")
    stage = request.GET.get("stage", "")
    kind = request.GET.get("kind", "")
    overdue_only = request.GET.get("overdue") == "1"
    q = request.GET.get("q", "").strip()[:100]
    stage = stage if stage in stages.STAGES else ""
    kinds = selectors.kind_choices()
    kind = kind if kind in dict(kinds) else ""
    found = selectors.challenge_list_for(
        user=request.user, today=timezone.localdate(), stage=stage, kind=kind, overdue_only=overdue_only, q=q
    )
    last = max(1, -(-found.total // selectors.LIST_PAGE_SIZE))
    number = page_number(request, last)
    query = {key: value for key, value in (("stage", stage), ("kind", kind), ("q", q)) if value}
    if overdue_only:
        query["overdue"] = "1"
    start = (number - 1) * selectors.LIST_PAGE_SIZE
    context = {
        "found": found,
        "rows": found.rows[start : start + selectors.LIST_PAGE_SIZE],
        "pagination": page_links(number, last, lambda n: "?" + urlencode({**query, "page": n})),
        "stage_choices": list(zip(stages.STAGES, stages.LABELS.values(), strict=True)),
        "kind_choices": kinds,
        "stage": stage,
        "kind": kind,
        "overdue_only": overdue_only,
        "q": q,
        "filtered": bool(query),
    }
    return render(request, "peer_challenges/manage_list.html", context)


@login_required
@require_http_methods(GET_POST)
def challenge_create(request: HttpRequest) -> HttpResponse:
    if not selectors.may_manage(request.user):
        raise PermissionDenied("Only association staff record an enquiry.")
    councils = list(council_list().values_list("pk", "name"))
    form = ChallengeCreateForm(posted(request)[0], councils=councils, kinds=selectors.kind_choices())
    if not form.is_bound:
        form.initial["enquiry_date"] = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        council = council_list().filter(pk=form.cleaned_data["council"]).first()
        kind = ChallengeKind.objects.filter(slug=form.cleaned_data["kind"]).first()
        if council is None or kind is None:
            form.add_error(None, "Choose the council and the kind again")
        else:
            try:
                challenge = services_stages.challenge_create(
                    actor=request.user,
                    council=council,
                    kind=kind,
                    enquiry_date=form.cleaned_data["enquiry_date"],
                    regional_adviser=form.cleaned_data["regional_adviser"],
                    focus_areas=form.cleaned_data["focus_areas"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"The enquiry from {council.name} is recorded.")
                return back(challenge)
    status = 400 if form.is_bound else 200
    return render(request, "peer_challenges/challenge_form.html", {"form": form}, status=status)


# --- Staff: dates and stages --------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def dates(request: HttpRequest, reference: str) -> HttpResponse:
    challenge = managed_or_404(request, reference)
    form = DatesForm(
        posted(request)[0], initial={"visit_start": challenge.visit_start, "visit_end": challenge.visit_end}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_stages.challenge_dates_agree(
                actor=request.user,
                challenge=challenge,
                visit_start=form.cleaned_data["visit_start"],
                visit_end=form.cleaned_data["visit_end"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The visit dates are saved.")
            return back(challenge, "stages")
    status = 400 if form.is_bound else 200
    return render(request, "peer_challenges/dates_form.html", {"form": form, "challenge": challenge}, status=status)


@login_required
@require_http_methods(GET_POST)
def stage_edit(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    if stage not in stages.STAGES:
        raise Http404("No such stage")
    challenge = managed_or_404(request, reference)
    step = selectors.step_get(challenge=challenge, stage=stage)
    by_publishing = stage in stages.COMPLETED_BY_PUBLISHING
    initial = {
        "owner": step.owner if step else "",
        "planned_date": step.planned_date if step else None,
        "note": step.note if step else "",
        "completed": bool(step and step.completed_date),
        "completed_date": step.completed_date if step and step.completed_date else timezone.localdate(),
    }
    form = StageForm(posted(request)[0], initial=initial)
    if by_publishing:
        form.fields.pop("completed")
        form.fields.pop("completed_date")
    words, usual_on = stages.usual_timing(stage, challenge.visit_start, challenge.visit_end)
    if words:
        form.fields["planned_date"].help_text = f"Usually {words}" + (f": {usual_on:%-d %B %Y}" if usual_on else "")
    if request.method == "POST" and form.is_valid():
        completed_on = (
            step.completed_date if (by_publishing and step) else (None if by_publishing else form.completed_on())
        )
        try:
            services_stages.stage_step_save(
                actor=request.user,
                challenge=challenge,
                stage=stage,
                owner=form.cleaned_data["owner"],
                planned_date=form.cleaned_data["planned_date"],
                note=form.cleaned_data["note"],
                completed_date=completed_on,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{stages.label(stage)}: saved{' and complete' if completed_on else ''}.")
            return back(challenge, "stages")
    context = {
        "form": form,
        "challenge": challenge,
        "stage": stage,
        "label": stages.label(stage),
        "by_publishing": by_publishing,
        "needs": stages.NEEDS_DOCUMENT.get(stage, ()),
    }
    return render(request, "peer_challenges/stage_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(GET_POST)
def cancel(request: HttpRequest, reference: str) -> HttpResponse:
    """Staff cancel a challenge, with the reason (shown on its page, audited)."""
    challenge = managed_or_404(request, reference)
    if challenge.cancelled_at is not None:
        messages.info(request, "This challenge is already cancelled.")
        return back(challenge)
    form = CancelForm(posted(request)[0])
    if request.method == "POST" and form.is_valid():
        try:
            services_stages.challenge_cancel(
                actor=request.user, challenge=challenge, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The challenge is cancelled. It no longer has overdue steps or reminders.")
            return back(challenge)
    context = {"form": form, "challenge": challenge}
    return render(request, "peer_challenges/cancel_form.html", context, status=400 if form.is_bound else 200)


def council_challenges_html(council_id: int) -> str:
    """The "Peer challenges" section of a council's profile (public data: the same for every visitor)."""
    found = selectors.council_challenges(council_id=council_id)
    return render_to_string("peer_challenges/_council_challenges.html", {"council_challenges": found})
