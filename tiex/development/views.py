"""The catalogue, a programme's page and the navigator (one question a page, answers in the query string).

Adapters only: selectors read, navigator.py decides, services write. The navigator stores
nothing: every answer travels in the address, so a result page can be shared; a signed-in
person may keep their answers (``navigator_save``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from tiex.accounts import permissions as account_permissions
from tiex.development import navigator, selectors, services
from tiex.development.choices import Audience, Format, Portfolio, Topic
from tiex.development.forms import STEP_FORMS, STEP_TITLES
from tiex.development.permissions import BOOKING_CREATE

STEP_FIELDS = dict(navigator.QUESTIONS)
MULTI_FIELDS = frozenset({"topics", "formats"})
ANSWER_LABELS = {
    "role": "Role",
    "experience": "Experience",
    "portfolio": "Portfolio",
    "develop": "What you want to develop",
    "learning": "How you like to learn",
    "time": "Time you have",
}


def _answers(query: QueryDict) -> navigator.Answers:
    return navigator.Answers.from_query(dict(query.lists()))


def _url(name: str, answers: navigator.Answers, *args: Any, **extra: str) -> str:
    query = [*answers.pairs(), *extra.items()]
    return reverse(f"development:{name}", args=args) + ("?" + urlencode(query) if query else "")


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    programmes = selectors.programme_list()
    return render(request, "development/catalogue.html", {"programmes": programmes})


@require_safe
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.programme_get(slug=slug)
    if page is None:
        raise Http404("No programme has that address")
    may_book = account_permissions.can(request.user, BOOKING_CREATE)
    context = {
        "programme": page,
        "cohorts": getattr(page, "upcoming", []),
        "rules": navigator.rules(selectors.facts_of(page)),
        "audiences": [label for value, label in Audience.choices if value in page.audiences],
        "may_book": may_book,
        "query": request.GET.urlencode() if request.GET else "",
    }
    return render(request, "development/programme.html", context)


@require_safe
def navigator_start(request: HttpRequest) -> HttpResponse:
    context = {
        "first": reverse("development:navigator_question", args=[navigator.STEPS[0]]),
        "saved": selectors.answers_of(user=request.user),
    }
    return render(request, "development/navigator_start.html", context)


def _answer_rows(answers: navigator.Answers) -> list[dict[str, str]]:
    values = {
        "role": navigator.AUDIENCE_NAMES.get(answers.role, ""),
        "experience": (
            f"{answers.years_as_councillor} years as a councillor, {answers.years_in_role} in your current role"
            if answers.years_as_councillor is not None and answers.years_in_role is not None
            else ""
        ),
        "portfolio": navigator.PORTFOLIO_NAMES.get(answers.portfolio, ""),
        "develop": ", ".join(dict(Topic.choices)[t] for t in answers.topics),
        "learning": ", ".join(dict(Format.choices)[f] for f in answers.formats),
        "time": navigator.TIME_NAMES.get(answers.time, ""),
    }
    return [
        {
            "step": step,
            "label": ANSWER_LABELS[step],
            "value": values[step],
            "change": _url("navigator_question", answers, step, change="1"),
        }
        for step in navigator.steps_for(answers)
    ]


@require_safe
def navigator_question(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEP_FORMS:
        raise Http404("No such question")
    answers = _answers(request.GET)
    if step not in navigator.steps_for(answers):  # a prospective candidate skips experience and portfolio
        following = navigator.next_step(answers, after=step)
        return redirect(
            _url("navigator_question", answers, following) if following else _url("navigator_results", answers)
        )
    form_class = STEP_FORMS[step]
    changing = request.GET.get("change") == "1"
    if "continue" in request.GET:
        form = form_class(request.GET)
        if form.is_valid():
            query = dict(request.GET.lists())
            for name in STEP_FIELDS[step]:
                value = form.cleaned_data[name]
                query[name] = [str(item) for item in value] if name in MULTI_FIELDS else [str(value)]
            answers = navigator.Answers.from_query(query)
            following = navigator.next_step(answers, after=step)
            if following is None or (changing and navigator.is_complete(answers)):
                return redirect(_url("navigator_results", answers))
            return redirect(_url("navigator_question", answers, following, **({"change": "1"} if changing else {})))
    else:
        initial: dict[str, Any] = {}
        for name in STEP_FIELDS[step]:
            value = getattr(answers, name)
            if value not in ("", None, ()):
                initial[name] = list(value) if name in MULTI_FIELDS else value
        form = form_class(initial=initial)
    previous = navigator.previous_step(answers, step)
    kept = [(name, value) for name, value in answers.pairs() if name not in STEP_FIELDS[step]]
    context = {
        "form": form,
        "field": form[STEP_FIELDS[step][0]],
        "step": step,
        "title": STEP_TITLES[step],
        "hidden": kept,
        "changing": changing,
        "back": _url("navigator_question", answers, previous) if previous else reverse("development:navigator"),
        "number": navigator.steps_for(answers).index(step) + 1,
        "count": len(navigator.steps_for(answers)),
        "multi": step in ("develop", "learning"),
    }
    return render(request, "development/navigator_question.html", context)


@require_safe
def navigator_results(request: HttpRequest) -> HttpResponse:
    answers = _answers(request.GET)
    following = navigator.next_step(answers)
    if following is not None:
        return redirect(_url("navigator_question", answers, following))
    result = navigator.recommend(answers, selectors.programme_facts())
    context = {
        "answers": answers,
        "rows": _answer_rows(answers),
        "fits": [(fit, navigator.rules(fit.programme)) for fit in result.fits],
        "excluded": result.excluded,
        "query": answers.query(),
        "share": request.build_absolute_uri(_url("navigator_results", answers)),
        "portfolio_none": Portfolio.NONE,
    }
    return render(request, "development/navigator_results.html", context)


@login_required
@require_POST
def navigator_save(request: HttpRequest) -> HttpResponse:
    answers = _answers(QueryDict(request.POST.get("query", "")))
    try:
        services.answers_save(user=request.user, answers=answers)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("development:navigator"))
    messages.success(request, "Your answers are saved. You will find them on the navigator's first page.")
    return redirect(_url("navigator_results", answers))


@login_required
@require_POST
def navigator_forget(request: HttpRequest, pk: int) -> HttpResponse:
    if services.answers_delete(user=request.user, pk=pk):
        messages.success(request, "Those saved answers are deleted.")
    return redirect(reverse("development:navigator"))
