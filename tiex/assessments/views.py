"""The council's journey: start, answer privately, see disagreement, agree, publish, results.

Adapters only: parse the request, ask tiex.accounts.permissions, call a selector or a
service, render. Pages never branch on the framework's kind beyond choosing the answer
widget partial (``assessments/_answer_<kind>.html``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe

from tiex.accounts.permissions import can
from tiex.accounts.roles import Role
from tiex.accounts.selectors import membership_list_for_organisation, roles_of
from tiex.assessments import charts, closing, exporters, next_steps, selectors, selectors_results, services, takeup
from tiex.assessments.forms import ClosingForm, StartForm, statement_values
from tiex.assessments.models import Assessment, FrameworkVersion, Status, Visibility
from tiex.assessments.permissions import ASSESSMENT_START, ASSESSMENT_TAKE_UP
from tiex.assessments.views_shared import agreed_result, assessment_or_404, plan_context, result_summary
from tiex.core.csv import csv_response
from tiex.core.json_download import django_dumps, json_download
from tiex.councils.models import ComparatorKind
from tiex.plans import selectors as plans
from tiex.plans import services as plan_services
from tiex.plans.forms import ActionForm  # the plan's one action form, for every app that feeds the plan


def _managed_or_deny(request: HttpRequest, pk: int) -> Assessment:
    assessment = assessment_or_404(request, pk)
    if not selectors.may_manage(user=request.user, assessment=assessment):
        raise PermissionDenied("Only the council's super-user runs the consensus.")
    return assessment


def _lead_organisations(user: Any) -> list[Any]:
    if not user.is_authenticated:
        return []
    return [
        m.organisation
        for m in user.memberships.select_related("organisation")
        if m.organisation.council_id is not None and can(user, ASSESSMENT_START, m.organisation)
    ]


# --- Frameworks (public) -----------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "assessments/index.html",
        {
            "frameworks": selectors.framework_list(),
            "assessments": selectors.assessment_list_for_user(user=request.user),
            "may_start": bool(_lead_organisations(request.user)),
            "published": selectors.published_for_user(user=request.user)[:20],
        },
    )


@require_safe
def framework(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.framework_get(slug=slug)
    version = selectors.version_latest(framework=found) if found else None
    if found is None or version is None:
        raise Http404("No framework with that name")
    return render(
        request,
        "assessments/framework_detail.html",
        {
            "framework": found,
            "structure": selectors.version_structure(version),
            "versions": selectors.version_list(framework=found),
            "may_see_take_up": can(request.user, ASSESSMENT_TAKE_UP),
            "public_take_up": takeup.public_take_up(framework=found),
        },
    )


# --- Starting ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    organisations = _lead_organisations(request.user)
    if not organisations:
        raise PermissionDenied("Only a council's super-user can start a self-assessment.")
    organisation = organisations[0]
    members = list(membership_list_for_organisation(organisation=organisation))
    versions = selectors.version_choices()
    form = StartForm(request.POST if request.method == "POST" else None, versions=versions, members=members)
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["participants"])
        try:
            assessment = services.assessment_start(
                actor=request.user,
                organisation=organisation,
                version=FrameworkVersion.objects.get(pk=form.cleaned_data["version"]),
                participants=[m.user for m in members if str(m.user_id) in chosen],
                closing_date=form.cleaned_data["closing_date"],
                meeting_date=form.cleaned_data["meeting_date"],
                anonymous=form.cleaned_data["anonymous"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "The assessment is open. We have e-mailed everyone taking part.")
            return redirect("assessments:detail", pk=assessment.pk)
    status = 400 if form.is_bound else 200
    return render(request, "assessments/start.html", {"form": form, "organisation": organisation}, status=status)


# --- One assessment ---------------------------------------------------------------------------


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk)
    structure = selectors.version_structure(assessment.version)
    participant = selectors.participant_for(assessment=assessment, user=request.user)
    manage = selectors.may_manage(user=request.user, assessment=assessment)
    progress = None
    if participant is not None:
        progress = selectors.progress_by_page(structure, selectors.responses_of(participant=participant))
    pages = [(page, progress[page.section.code] if progress else None) for page in structure.pages]
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "structure": structure,
            "participant": participant,
            "pages": pages,
            "answered": sum(p.answered for p in progress.values()) if progress else 0,
            "total": len(structure.statements),
            "manage": manage,
            "team": selectors.team_progress(assessment=assessment, structure=structure) if manage else [],
            "answers_open": closing.answers_open(assessment, timezone.now()),
            "carried_actions": _carried_actions(request, assessment),
            "plan_manage": manage,
        },
    )


def _carried_actions(request: HttpRequest, assessment: Assessment) -> list[Any]:
    """The action plan of the council's earlier rounds on this framework (for the council's members only)."""
    if not plans.may_view(user=request.user, organisation=assessment.organisation):
        return []
    earlier = selectors.earlier_assessment_ids(assessment=assessment)
    return plans.action_list_for_sources(kind="assessment", ids=earlier)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    participant = selectors.seat_for(user=request.user, pk=pk)
    if participant is None:  # no such assessment, or not taking part: the same 404, saying neither
        raise Http404("No such assessment, or you are not taking part in it")
    assessment = participant.assessment
    structure = selectors.version_structure(assessment.version)
    page = structure.page(section)
    if page is None:
        raise Http404("No such theme")
    responses = selectors.responses_of(participant=participant)
    error = ""
    editable = closing.answers_open(assessment, timezone.now())
    if request.method == "POST":
        if not editable:  # nothing is saved; the page shows the answers as they were
            error = "Your changes were not saved. " + _closed_message(assessment)
        else:
            try:
                with transaction.atomic():
                    for statement in page.statements:
                        prefix = f"s{statement.pk}"
                        services.response_save(
                            participant=participant,
                            statement=statement,
                            values=statement_values(request.POST, prefix, structure.dimension_keys),
                            ticked=request.POST.getlist(f"{prefix}-ticked"),
                            comment=request.POST.get(f"{prefix}-comment", ""),
                        )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                index = structure.pages.index(page)
                following = structure.pages[index + 1] if index + 1 < len(structure.pages) else None
                if "continue" in request.POST and following is not None:
                    return redirect("assessments:answer", pk=pk, section=following.section.code)
                messages.success(request, f"Your answers on {page.section.title} are saved.")
                return redirect("assessments:detail", pk=pk)
    index = structure.pages.index(page)
    progress = selectors.progress_by_page(structure, responses)
    items = []
    for statement in page.statements:
        response = responses.get(statement.pk)
        items.append(
            {
                "statement": statement,
                "prefix": f"s{statement.pk}",
                "values": response.values if response else {},
                "ticked": set(response.ticked) if response else set(),
                "comment": response.comment if response else "",
                "indicators": structure.indicators.get(statement.pk, []),
                "unsaved_comment": _unsaved_comment(request, statement.pk, response) if not editable else "",
            }
        )
    return render(
        request,
        "assessments/answer.html",
        {
            "assessment": assessment,
            "structure": structure,
            "page": page,
            "items": items,
            "widget": f"assessments/_answer_{structure.framework.kind}.html",
            "number": index + 1,
            "pages": len(structure.pages),
            "has_next": index + 1 < len(structure.pages),
            "answered": sum(p.answered for p in progress.values()),
            "total": len(structure.statements),
            "error": error,
            "editable": editable,
            "closed_message": "" if editable else _closed_message(assessment),
        },
        status=400 if error else 200,
    )


def _unsaved_comment(request: HttpRequest, statement_pk: int, response: Any) -> str:
    """A comment posted after answers closed that differs from the kept one (shown so it can be copied, never saved)."""
    if request.method != "POST":
        return ""
    posted = request.POST.get(f"s{statement_pk}-comment", "").strip()
    return posted if posted and posted != (response.comment if response else "") else ""


def _closed_message(assessment: Assessment) -> str:
    if assessment.status == Status.OPEN:  # open, but the closing day has ended
        return closing.closed_message(assessment.closing_date)
    return "Answers are closed for this assessment: the team has moved on to agreeing the council's answers."


def _may_see_names(request: HttpRequest, assessment: Assessment) -> bool:
    """Named answers: the council's own super-user only, and never in an anonymous assessment."""
    return not assessment.anonymous and roles_of(request.user).council_role(assessment.council_id) == Role.SUPER_USER


@login_required
@require_safe
def disagreement(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _managed_or_deny(request, pk)
    structure = selectors.version_structure(assessment.version)
    named = _may_see_names(request, assessment)
    rows = selectors.disagreement(assessment=assessment, structure=structure, named=named)
    return render(
        request,
        "assessments/disagreement.html",
        {"assessment": assessment, "structure": structure, "rows": rows, "named": named},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consensus(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _managed_or_deny(request, pk)
    structure = selectors.version_structure(assessment.version)
    error = ""
    if request.method == "POST":
        if "close" in request.POST:
            try:
                services.assessment_close(actor=request.user, assessment=assessment)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("assessments:consensus", pk=pk)
        answers = {
            statement.pk: (
                statement_values(request.POST, f"s{statement.pk}", structure.dimension_keys),
                request.POST.get(f"s{statement.pk}-note", ""),
            )
            for statement in structure.statements
        }
        try:
            services.consensus_save(actor=request.user, assessment=assessment, answers=answers)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "The team's answers are saved.")
            return redirect("assessments:publish", pk=pk)
    initial = selectors.consensus_initial(assessment=assessment, structure=structure)
    sections = {section.pk: section for section in structure.sections}
    items = [
        {
            "statement": statement,
            "section": sections[statement.section_id],
            "prefix": f"s{statement.pk}",
            "values": initial[statement.pk][0],
            "note": initial[statement.pk][1],
        }
        for statement in structure.statements
    ]
    return render(
        request,
        "assessments/consensus.html",
        {"assessment": assessment, "structure": structure, "items": items, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _managed_or_deny(request, pk)
    error = ""
    if request.method == "POST":
        try:
            if "contact" in request.POST:
                contactable = request.POST.get("contactable") == "yes"
                services.assessment_contact_set(
                    actor=request.user,
                    assessment=assessment,
                    contactable=contactable,
                    email=request.POST.get("contact_email", ""),
                )
                messages.success(
                    request,
                    "Councils comparing themselves may now ask you about your strengths."
                    if contactable
                    else "Your council is not listed for other councils to contact.",
                )
            elif "withdraw" in request.POST:
                services.assessment_withdraw(actor=request.user, assessment=assessment)
                messages.success(request, "The result is withdrawn. Only the council can see it.")
            else:
                visibility = request.POST.get("visibility", "")
                services.assessment_publish(actor=request.user, assessment=assessment, visibility=visibility)
                messages.success(
                    request, f"The result is published: {Visibility(visibility).label.lower()} can see it."
                )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if "contact" in request.POST:
                return redirect(reverse("assessments:publish", args=[pk]) + "#contact")
            return redirect("assessments:results", pk=pk)
    return render(
        request,
        "assessments/publish.html",
        {
            "assessment": assessment,
            "visibilities": Visibility.choices,
            "error": error,
            "contact_email": request.POST.get("contact_email", "")
            if error and "contact" in request.POST
            else assessment.contact_email or getattr(request.user, "email", ""),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def closing_date(request: HttpRequest, pk: int) -> HttpResponse:
    """The super-user extends the closing date (or moves the meeting), or closes answers early."""
    assessment = _managed_or_deny(request, pk)
    error = ""
    initial = {"closing_date": assessment.closing_date, "meeting_date": assessment.meeting_date}
    posted = request.POST if request.method == "POST" and "close" not in request.POST else None
    form = ClosingForm(posted, initial=initial)
    if request.method == "POST":
        try:
            if "close" in request.POST:
                services.assessment_close(actor=request.user, assessment=assessment)
                messages.success(request, "Answers are closed. Nobody can change their answers now.")
                return redirect("assessments:consensus", pk=pk)
            if form.is_valid():
                services.assessment_extend(
                    actor=request.user,
                    assessment=assessment,
                    closing_date=form.cleaned_data["closing_date"],
                    meeting_date=form.cleaned_data["meeting_date"],
                )
                day = assessment.closing_date
                messages.success(request, f"Answers now close at the end of {day.day} {day:%B %Y} (UK time).")
                return redirect("assessments:detail", pk=pk)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {
        "assessment": assessment,
        "form": form,
        "error": error,
        "answers_open": closing.answers_open(assessment, timezone.now()),
        "closes_at": closing.closes_at(assessment.closing_date),
    }
    status = 400 if (error or form.errors) else 200
    return render(request, "assessments/closing.html", context, status=status)


@require_safe
def results(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk)
    manage = selectors.may_manage(user=request.user, assessment=assessment)
    structure = selectors.version_structure(assessment.version)
    kinds = dict(ComparatorKind.choices)
    kind = request.GET.get("group", "")
    kind = kind if kind in kinds else ComparatorKind.SAME_TYPE.value
    if assessment.status == Status.PUBLISHED or manage:
        page = selectors_results.results_page(user=request.user, assessment=assessment, structure=structure, kind=kind)
        result, own = page.result, False
    elif (participant := selectors.participant_for(assessment=assessment, user=request.user)) is not None:
        result = selectors_results.own_results(participant=participant, structure=structure)
        own, page = True, None
    else:
        raise Http404("This result is not published")
    labels = {dimension.key: dimension.label for dimension in structure.dimensions}
    chart = charts.theme_bars(
        [(theme.title, [theme.means.get(key) for key in structure.dimension_keys]) for theme in result.themes],
        maximum=max(structure.level_values or [1]),
        series=[labels[key] for key in structure.dimension_keys],
    )
    return render(
        request,
        "assessments/results.html",
        {
            "assessment": assessment,
            "structure": structure,
            "result": result,
            "own": own,
            "manage": manage,
            "chart": mark_safe(chart),  # noqa: S308 - built from escaped text by charts.theme_bars
            "labels": labels,
            "summary": result_summary(result, structure),
            "comparison": page.comparison if page else None,
            "next_steps": page.next_steps if page else None,
            "previous": page.previous if page else None,
            "own_means": {theme.section: theme.means.get(result.main_dimension) for theme in result.themes},
            "kinds": kinds.items(),
            "kind": kind,
            **plan_context(request, assessment, own=own),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The super-user turns an area for improvement of the agreed result into an action of the council's plan."""
    assessment = _managed_or_deny(request, pk)
    if assessment.status not in (Status.CLOSED, Status.PUBLISHED):
        raise Http404("There is no agreed result to act on yet")
    structure = selectors.version_structure(assessment.version)
    result = selectors_results.results(assessment=assessment, structure=structure)
    code = request.POST.get("statement") if request.method == "POST" else request.GET.get("statement")
    statement = next((s for s in structure.statements if s.code == code), None)
    context: dict[str, Any] = {"assessment": assessment, "structure": structure, "result": result}
    if statement is None:
        return render(request, "assessments/action_new.html", {**context, "statement": None, "form": None})
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial={"status": "not-started"},
        resources=next_steps.suggested_resources(result=result, code=statement.code),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.action_create(
                actor=request.user,
                organisation=assessment.organisation,
                source_kind="assessment",
                source_id=assessment.pk,
                source_ref=statement.code,
                source_label=statement.title or statement.text,
                **form.action_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "The action is in the council's plan.")
            return redirect(reverse("assessments:results", args=[pk]) + "#action-plan")
    status = 400 if form.is_bound else 200
    return render(
        request, "assessments/action_new.html", {**context, "statement": statement, "form": form}, status=status
    )


@require_safe
def results_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    assessment, result = agreed_result(request, pk)
    name = f"{assessment.version.framework.slug}-{assessment.council.gss_code or assessment.council_id}-{pk}.csv"
    return csv_response(name, exporters.result_header(result), exporters.result_rows(result))


@require_safe
def results_json(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    assessment, result = agreed_result(request, pk)
    return json_download(exporters.result_json(assessment, result), "statements", encode=django_dumps)
