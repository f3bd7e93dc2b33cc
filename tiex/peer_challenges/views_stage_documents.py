"""A challenge's documents: opening one, adding one (staff and the council's super-users), the
council publishing its report, action plan and progress review report, and sharing its
self-assessment. Adapters only: selectors.py reads, services_stage_documents.py writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from tiex.assessments import selectors as assessments
from tiex.peer_challenges import selectors, stages
from tiex.peer_challenges import services_stage_documents as services
from tiex.peer_challenges.forms_stages import DocumentForm, PublishForm, SelfAssessmentForm, document_kind_choices
from tiex.peer_challenges.models import Document, DocumentKind
from tiex.peer_challenges.views_stages_common import (
    GET_POST,
    add_errors,
    back,
    council_act_or_404,
    posted,
    private_or_404,
)


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


@login_required
@require_http_methods(GET_POST)
def document_add(request: HttpRequest, reference: str) -> HttpResponse:
    challenge = private_or_404(request, reference)
    staff = selectors.may_manage(request.user)
    if not staff and not selectors.may_act_for_council(request.user, challenge):
        raise PermissionDenied("Only association staff and the council's super-users add documents.")
    kinds = document_kind_choices(staff=staff, allowed=services.COUNCIL_DOCUMENT_KINDS)
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in dict(kinds) else {}
    form = DocumentForm(*posted(request, files=True), kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_add(
                actor=request.user,
                challenge=challenge,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                url=form.cleaned_data["url"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"{document.title} is added. Only the council, the team and staff see it until it is published.",
            )
            return back(challenge, "documents")
    context = {"form": form, "challenge": challenge}
    return render(request, "peer_challenges/document_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(GET_POST)
def publish(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    if kind not in stages.PUBLISHED_BY:
        raise Http404("Only the report, the action plan and the progress review report are published")
    challenge = council_act_or_404(request, reference)
    waiting = [d for d in selectors.documents_of(challenge, kind) if d.published_at is None]
    form = PublishForm(
        posted(request)[0],
        documents=[(d.pk, d.title) for d in waiting],
        initial={"published_on": timezone.localdate(), "document": waiting[0].pk if len(waiting) == 1 else None},
    )
    name = DocumentKind(kind).label
    if request.method == "POST" and (not waiting or form.is_valid()):
        document = next((d for d in waiting if d.pk == form.cleaned_data["document"]), None) if waiting else None
        try:
            services.document_publish(
                actor=request.user,
                challenge=challenge,
                kind=kind,
                document=document,
                published_on=form.cleaned_data["published_on"] if waiting else None,
            )
        except ValidationError as error:
            form.is_valid()
            form.errors.pop("document", None)
            add_errors(form, error)
        else:
            messages.success(request, f"The {name.lower()} is published: anyone can now read it on this page.")
            return back(challenge, "documents")
    context = {"form": form, "challenge": challenge, "kind": kind, "name": name, "waiting": waiting}
    return render(request, "peer_challenges/publish_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(GET_POST)
def self_assessment(request: HttpRequest, reference: str) -> HttpResponse:
    challenge = council_act_or_404(request, reference)
    found = list(assessments.published_for_user(user=request.user).filter(council_id=challenge.council_id)[:10])
    choices = [
        (a.pk, f"{a.version.framework.title}, published {a.published_at:%-d %B %Y}") for a in found if a.published_at
    ]
    form = SelfAssessmentForm(
        posted(request)[0], assessments=choices, initial={"assessment": challenge.self_assessment_id}
    )
    if request.method == "POST" and form.is_valid():
        chosen = next((a for a in found if a.pk == form.cleaned_data["assessment"]), None)
        try:
            services.self_assessment_attach(actor=request.user, challenge=challenge, assessment=chosen)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                "The self-assessment is shared with the team." if chosen else "No self-assessment is shared now.",
            )
            return back(challenge, "self-assessment")
    context = {"form": form, "challenge": challenge, "has_any": bool(choices)}
    return render(request, "peer_challenges/self_assessment_form.html", context, status=400 if form.is_bound else 200)


def _changeable_or_404(request: HttpRequest, reference: str, pk: int) -> tuple[Any, Document]:
    """An unpublished document the caller may remove or replace (404 when there is none, 403 when
    they see it but may not change it)."""
    challenge = private_or_404(request, reference)
    document = Document.objects.filter(challenge=challenge, pk=pk).select_related("challenge").first()
    if document is None:
        raise Http404("No such document")
    if not services.may_add(request.user, challenge, document.kind):
        raise PermissionDenied("Only staff or the council's super-users change this document.")
    return challenge, document


@login_required
@require_http_methods(GET_POST)
def document_replace(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    challenge, document = _changeable_or_404(request, reference, pk)
    if document.published_at is not None:
        messages.info(request, f"{document.title} is published, so it can no longer be replaced.")
        return back(challenge, "documents")
    kinds = [(document.kind, document.get_kind_display())]
    initial = {"kind": document.kind, "title": document.title, "url": document.url, "summary": document.summary}
    form = DocumentForm(*posted(request, files=True), kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_replace(
                actor=request.user,
                document=document,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                url=form.cleaned_data["url"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{document.title} is replaced.")
            return back(challenge, "documents")
    context = {"form": form, "challenge": challenge, "replacing": document}
    return render(request, "peer_challenges/document_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(GET_POST)
def document_remove(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    challenge, document = _changeable_or_404(request, reference, pk)
    if document.published_at is not None:
        messages.info(request, f"{document.title} is published, so it can no longer be removed.")
        return back(challenge, "documents")
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.document_remove(actor=request.user, document=document)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, f"{document.title} is removed.")
            return back(challenge, "documents")
    context = {"challenge": challenge, "document": document, "errors": errors}
    return render(request, "peer_challenges/document_remove.html", context, status=400 if errors else 200)
