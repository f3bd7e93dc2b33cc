"""Every read of the census: censuses the person may see, the population, a council's links."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import QuerySet, Sum

from tiex.accounts.permissions import can
from tiex.census.models import Census, CensusState, PastFigure, Question, Response, ResponseLink, SpentLink
from tiex.census.permissions import CENSUS_DISTRIBUTE, CENSUS_MANAGE
from tiex.census.results import PopulationCell, Respondent
from tiex.councils.models import Council, CouncillorCount, Nation

# The census covers councillors of principal councils in England (the association's members).
NATION = Nation.ENGLAND


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_manage(user: Any) -> bool:
    return can(user, CENSUS_MANAGE)


def census_list_for(user: Any) -> QuerySet[Census]:
    """Published censuses for everyone; every census for staff. Newest first. Results are deferred."""
    found = Census.objects.defer("results")
    return found if may_manage(user) else found.filter(state=CensusState.PUBLISHED)


def census_published_list() -> list[Census]:
    """Published censuses with their stored results, oldest first (for the trends)."""
    return list(Census.objects.filter(state=CensusState.PUBLISHED).order_by("year"))


def census_get(*, user: Any, year: int) -> Census | None:
    """The census of that year if the person may see it (published, or they are staff)."""
    census = Census.objects.filter(year=year).first()
    if census is None or (census.state != CensusState.PUBLISHED and not may_manage(user)):
        return None
    return census


def census_for_distribution(*, year: int) -> Census | None:
    """The census of that year, whatever its state, without its stored results (the council's links page)."""
    return Census.objects.defer("results").filter(year=year).first()


def census_get_published(*, year: int) -> Census | None:
    return Census.objects.filter(year=year, state=CensusState.PUBLISHED).first()


def census_open() -> Census | None:
    return Census.objects.defer("results").filter(state=CensusState.OPEN).order_by("-year").first()


def questions_of(census: Census) -> list[Question]:
    return list(census.questionnaire.questions.order_by("position"))


def question_dicts(census: Census) -> list[dict[str, Any]]:
    return [
        {
            "key": q.key,
            "text": q.text,
            "kind": q.kind,
            "options": q.options,
            "unit": q.unit,
            "weighting": q.weighting,
            "headline": q.headline,
        }
        for q in questions_of(census)
    ]


def population_cells(*, year: int) -> list[PopulationCell]:
    """Councillors in England in ``year`` by council type, region, gender and party (one aggregated query)."""
    rows = (
        CouncillorCount.objects.filter(year=year, council__nation=NATION)
        .values("council__type", "region", "gender", "party")
        .annotate(total=Sum("count"))
        .order_by("council__type", "region", "gender", "party")
    )
    return [PopulationCell(r["council__type"], r["region"] or "", r["gender"], r["party"], r["total"]) for r in rows]


def respondents_of(census: Census) -> list[Respondent]:
    rows = Response.objects.filter(census=census).values_list("council__type", "council__region", "answers")
    return [Respondent(t, region or "", answers) for t, region, answers in rows.iterator(chunk_size=2000)]


def councillors_in(*, council: Council, year: int) -> int:
    return CouncillorCount.objects.filter(council=council, year=year).aggregate(n=Sum("count"))["n"] or 0


def may_distribute(user: Any, council: Council) -> bool:
    return can(user, CENSUS_DISTRIBUTE, council)


def council_links(*, census: Census, council: Council) -> dict[str, int]:
    """How many links the council has issued, and how many have been used (never which)."""
    issued = ResponseLink.objects.filter(census=census, council=council).count()
    used = SpentLink.objects.filter(link__census=census, link__council=council).count()
    return {"issued": issued, "used": used}


def link_get(*, token: str) -> ResponseLink | None:
    if not token or len(token) > 100:
        return None
    return (
        ResponseLink.objects.select_related("census__questionnaire", "council")
        .filter(token_hash=token_hash(token))
        .first()
    )


def link_is_spent(link: ResponseLink) -> bool:
    return SpentLink.objects.filter(link=link).exists()


def past_figures() -> list[PastFigure]:
    return list(PastFigure.objects.all())


def council_get(*, code: str) -> Council | None:
    return Council.objects.filter(gss_code=code).first() or Council.objects.filter(la_code=code).first()


def councils_distributed_by(user: Any) -> list[Council]:
    """The councils whose census links this person issues as their super-user."""
    from tiex.accounts.roles import Role
    from tiex.accounts.selectors import roles_of

    ids = [pk for pk, role in roles_of(user).council_roles.items() if role == Role.SUPER_USER]
    return list(Council.objects.filter(pk__in=ids)) if ids else []
