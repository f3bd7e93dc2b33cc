"""The lifecycle pages: the challenge's page (public or private view), the staff list, and the
forms that take a challenge through its stages. Adapters only: selectors.py reads, services_stages.py writes.

A private page is 404 to anyone who may not see the challenge privately (its existence is not
revealed); someone who sees it but may not act gets 403.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tiex.assessments import selectors as assessments
from tiex.core.pagination import page_links, page_number
from tiex.councils.selectors import council_list
from tiex.peer_challenges import selectors, services_stages, stages
from tiex.peer_challenges.forms_stages import (
    ChallengeCreateForm,
    DatesForm,
    DocumentForm,
    PublishForm,
    SelfAssessmentForm,
    SessionForm,
    StageForm,
    document_kind_choices,
)
from tiex.peer_challenges.models import Challenge, ChallengeKind, DocumentKind, VisitSession

GET_POST = ["GET", "HEAD", "POST"]


def _add_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError onto the form: per field when it names one the form has."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, [e.message % (e.params or {}) for e in errors])
    else:
        form.add_error(None, error.messages)


def _posted(request: HttpRequest, *, files: bool = False) -> tuple[Any, ...]:
    """A form's data: bound on every POST (even an empty one, so its errors show), unbound otherwise."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _private(request: HttpRequest, reference: str) -> Challenge:
    challenge = selectors.challenge_get(reference=reference)
    if challenge is None or not selectors.challenge_visible_privately(request.user, challenge):
        raise Http404("No peer challenge with that reference")
    return challenge


def _managed(request: HttpRequest, reference: str) -> Challenge:
    challenge = _private(request, reference)
    if not selectors.may_manage(request.user):
        raise PermissionDenied("Only association staff keep a challenge's stages.")
    return challenge


def _council_act(request: HttpRequest, reference: str) -> Challenge:
    challenge = _private(request, reference)
    if not selectors.may_act_for_council(request.user, challenge):
        raise PermissionDenied("Only the council's super-users do this.")
    return challenge


def _back(challenge: Challenge, anchor: str = "") -> HttpResponseRedirect:
    response = redirect("peer_challenges:detail", reference=challenge.reference)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


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
        "focus_areas": [line.strip() for line in page.challenge.focus_areas.splitlines() if line.strip()],
        "kinds": DocumentKind,
    }
    return render(request, "peer_challenges/challenge_detail.html", context)


@require_safe
def document_open(request: HttpRequest, reference: str, pk: int) -> HttpResponseBase:
    """A document: the file (as a download) or a redirect to its link; private ones as the challenge's page."""
    challenge = selectors.challenge_get(reference=reference)
    document = selectors.document_get_for(user=request.user, challenge=challenge, pk=pk) if challenge else None
    if document is None:
        raise Http404("No document")
    if document.url:
        return HttpResponseRedirect(document.url)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    response = FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store" if document.published_at is None else "public, max-age=300"
    return response


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
    form = ChallengeCreateForm(_posted(request)[0], councils=councils, kinds=selectors.kind_choices())
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
                _add_errors(form, error)
            else:
                messages.success(request, f"The enquiry from {council.name} is recorded.")
                return _back(challenge)
    status = 400 if form.is_bound else 200
    return render(request, "peer_challenges/challenge_form.html", {"form": form}, status=status)


# --- Staff: dates, stages, the timetable --------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def dates(request: HttpRequest, reference: str) -> HttpResponse:
    challenge = _managed(request, reference)
    form = DatesForm(
        _posted(request)[0], initial={"visit_start": challenge.visit_start, "visit_end": challenge.visit_end}
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
            _add_errors(form, error)
        else:
            messages.success(request, "The visit dates are saved.")
            return _back(challenge, "stages")
    status = 400 if form.is_bound else 200
    return render(request, "peer_challenges/dates_form.html", {"form": form, "challenge": challenge}, status=status)


@login_required
@require_http_methods(GET_POST)
def stage_edit(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    if stage not in stages.STAGES:
        raise Http404("No such stage")
    challenge = _managed(request, reference)
    step = selectors.step_get(challenge=challenge, stage=stage)
    by_publishing = stage in stages.COMPLETED_BY_PUBLISHING
    initial = {
        "owner": step.owner if step else "",
        "planned_date": step.planned_date if step else None,
        "note": step.note if step else "",
        "completed": bool(step and step.completed_date),
        "completed_date": step.completed_date if step and step.completed_date else timezone.localdate(),
    }
    form = StageForm(_posted(request)[0], initial=initial)
    if by_publishing:
        form.fields.pop("completed")
        form.fields.pop("completed_date")
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
            _add_errors(form, error)
        else:
            messages.success(request, f"{stages.label(stage)}: saved{' and complete' if completed_on else ''}.")
            return _back(challenge, "stages")
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
def timetable(request: HttpRequest, reference: str) -> HttpResponse:
    challenge = _managed(request, reference)
    form = SessionForm(_posted(request)[0], initial={"day": challenge.visit_start, "people_met": 0})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["starts"]))
        ends_at = timezone.make_aware(datetime.combine(data["day"], data["ends"])) if data["ends"] else None
        try:
            services_stages.visit_session_add(
                actor=request.user,
                challenge=challenge,
                starts_at=starts_at,
                ends_at=ends_at,
                kind=data["kind"],
                title=data["title"],
                location=data["location"],
                people_met=data["people_met"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The session is added to the timetable.")
            return redirect("peer_challenges:timetable", reference=challenge.reference)
    context = {"form": form, "challenge": challenge, "sessions": selectors.sessions_of(challenge)}
    return render(request, "peer_challenges/timetable.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def session_remove(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    challenge = _managed(request, reference)
    session = VisitSession.objects.filter(challenge=challenge, pk=pk).select_related("challenge").first()
    if session is None:
        raise Http404("No such session")
    services_stages.visit_session_remove(actor=request.user, session=session)
    messages.success(request, f"{session.title} is removed from the timetable.")
    return redirect("peer_challenges:timetable", reference=challenge.reference)


# --- Documents, publishing, the self-assessment ----------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def document_add(request: HttpRequest, reference: str) -> HttpResponse:
    challenge = _private(request, reference)
    staff = selectors.may_manage(request.user)
    if not staff and not selectors.may_act_for_council(request.user, challenge):
        raise PermissionDenied("Only association staff and the council's super-users add documents.")
    kinds = document_kind_choices(staff=staff, allowed=services_stages.COUNCIL_DOCUMENT_KINDS)
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in dict(kinds) else {}
    form = DocumentForm(*_posted(request, files=True), kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = services_stages.document_add(
                actor=request.user,
                challenge=challenge,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                url=form.cleaned_data["url"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"{document.title} is added. Only the council, the team and staff see it until it is published.",
            )
            return _back(challenge, "documents")
    context = {"form": form, "challenge": challenge}
    return render(request, "peer_challenges/document_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(GET_POST)
def publish(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    if kind not in stages.PUBLISHED_BY:
        raise Http404("Only the report, the action plan and the progress review report are published")
    challenge = _council_act(request, reference)
    waiting = [d for d in selectors.documents_of(challenge, kind) if d.published_at is None]
    form = PublishForm(
        _posted(request)[0],
        documents=[(d.pk, d.title) for d in waiting],
        initial={"published_on": timezone.localdate(), "document": waiting[0].pk if len(waiting) == 1 else None},
    )
    name = DocumentKind(kind).label
    if request.method == "POST" and (not waiting or form.is_valid()):
        document = next((d for d in waiting if d.pk == form.cleaned_data["document"]), None) if waiting else None
        try:
            services_stages.document_publish(
                actor=request.user,
                challenge=challenge,
                kind=kind,
                document=document,
                published_on=form.cleaned_data["published_on"] if waiting else None,
            )
        except ValidationError as error:
            form.is_valid()
            form.errors.pop("document", None)
            _add_errors(form, error)
        else:
            messages.success(request, f"The {name.lower()} is published: anyone can now read it on this page.")
            return _back(challenge, "documents")
    context = {"form": form, "challenge": challenge, "kind": kind, "name": name, "waiting": waiting}
    return render(request, "peer_challenges/publish_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(GET_POST)
def self_assessment(request: HttpRequest, reference: str) -> HttpResponse:
    challenge = _council_act(request, reference)
    found = list(assessments.published_for_user(user=request.user).filter(council_id=challenge.council_id)[:10])
    choices = [
        (a.pk, f"{a.version.framework.title}, published {a.published_at:%-d %B %Y}") for a in found if a.published_at
    ]
    form = SelfAssessmentForm(
        _posted(request)[0], assessments=choices, initial={"assessment": challenge.self_assessment_id}
    )
    if request.method == "POST" and form.is_valid():
        chosen = next((a for a in found if a.pk == form.cleaned_data["assessment"]), None)
        try:
            services_stages.self_assessment_attach(actor=request.user, challenge=challenge, assessment=chosen)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                "The self-assessment is shared with the team." if chosen else "No self-assessment is shared now.",
            )
            return _back(challenge, "self-assessment")
    context = {"form": form, "challenge": challenge, "has_any": bool(choices)}
    return render(request, "peer_challenges/self_assessment_form.html", context, status=400 if form.is_bound else 200)


def council_challenges_html(council_id: int) -> str:
    """The "Peer challenges" section of a council's profile (public data: the same for every visitor)."""
    found = selectors.council_challenges(council_id=council_id)
    return render_to_string("peer_challenges/_council_challenges.html", {"council_challenges": found})
