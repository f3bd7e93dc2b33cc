"""The census pages: the front page, results, history, a council's links, the questionnaire.
Adapters only: services.py writes, selectors.py reads, charts.py shapes figures for the templates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tiex.accounts.selectors import roles_of
from tiex.census import charts, selectors, services
from tiex.census.forms import CensusForm, IssueLinksForm, QuestionnaireForm
from tiex.census.models import Census, CensusState

GET_POST = ["GET", "HEAD", "POST"]


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    censuses = list(selectors.census_list_for(request.user))
    current = selectors.census_open()
    return render(
        request,
        "census/census_index.html",
        {
            "censuses": censuses,
            "current": current,
            "my_councils": selectors.councils_distributed_by(request.user) if current else [],
            "may_manage": selectors.may_manage(request.user),
        },
    )


@require_safe
def history(request: HttpRequest) -> HttpResponse:
    figures = selectors.past_figures()
    published = selectors.census_published_list()
    return render(request, "census/census_history.html", {"series": charts.history_series(figures, published)})


def _census(request: HttpRequest, year: int) -> Census:
    census = selectors.census_get(user=request.user, year=year)
    if census is None:
        raise Http404("No published census for that year")
    return census


@require_safe
def results(request: HttpRequest, year: int) -> HttpResponse:
    census = _census(request, year)
    return render(
        request,
        "census/census_results.html",
        {
            "census": census,
            "view": charts.results_view(census.results) if census.results else None,
            "may_manage": selectors.may_manage(request.user),
            "api_href": reverse("api:census_results", args=[census.year]),
        },
    )


@login_required
@require_http_methods(GET_POST)
def create(request: HttpRequest) -> HttpResponse:
    """Staff start the next census as a draft, on the latest questionnaire."""
    if not selectors.may_manage(request.user):
        raise PermissionDenied("Only association staff start a census")
    form = CensusForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            census = services.census_create(
                actor=request.user, questionnaire=services.questionnaire_load(), **form.cleaned_data
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, f"The {census.year} census is saved as a draft.")
            return HttpResponseRedirect(reverse("census:results", args=[census.year]))
    return render(request, "census/census_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def state(request: HttpRequest, year: int) -> HttpResponse:
    if not selectors.may_manage(request.user):
        raise PermissionDenied("Only association staff open, close and publish a census")
    census = _census(request, year)
    try:
        services.census_set_state(actor=request.user, census=census, state=request.POST.get("state", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The {census.year} census is now {request.POST['state']}.")
    return HttpResponseRedirect(reverse("census:results", args=[census.year]))


@login_required
@require_http_methods(GET_POST)
def council(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """A council's census: how many links issued and used, and a form to issue more (super-users, staff)."""
    found = selectors.council_get(code=code)
    if found is None:
        raise Http404("No council has that code")
    if not selectors.may_distribute(request.user, found):
        if roles_of(request.user).council_role(found.pk) is not None:
            raise PermissionDenied("Only the council's super-users issue census links")
        raise Http404("No such council page")
    census = selectors.census_for_distribution(year=year)
    if census is None:
        raise Http404("No census for that year")
    form = IssueLinksForm(request.POST if request.method == "POST" else None)
    tokens: list[str] = []
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                tokens = services.links_issue(
                    actor=request.user, census=census, council=found, count=form.cleaned_data["count"]
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("count" if census.is_open else None, message)
        if form.errors:
            status = 400
    links = [request.build_absolute_uri(reverse("census:respond", args=[t])) for t in tokens]
    context = {
        "census": census,
        "council": found,
        "form": form,
        "links": links,
        "counts": selectors.council_links(census=census, council=found),
        "councillors": selectors.councillors_in(council=found, year=census.population_year),
    }
    return render(request, "census/census_council.html", context, status=status)


@require_http_methods(GET_POST)
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire, reached only through a single-use link; anonymous."""
    link = selectors.link_get(token=token)
    if link is None:
        raise Http404("This link is not one we issued")
    census = link.census
    if selectors.link_is_spent(link) or census.state != CensusState.OPEN:
        return render(request, "census/census_link_closed.html", {"census": census}, status=410)
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None, questions=selectors.questions_of(census)
    )
    if form.is_bound and form.is_valid():
        try:
            services.response_submit(link=link, answers=form.answers())
        except services.LinkSpent:
            return render(request, "census/census_link_closed.html", {"census": census}, status=410)
        return HttpResponseRedirect(reverse("census:thanks"))
    context = {"census": census, "council": link.council, "form": form}
    return render(request, "census/census_respond.html", context, status=400 if form.errors else 200)


@require_safe
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "census/census_thanks.html")
