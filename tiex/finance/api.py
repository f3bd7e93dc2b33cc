"""The finances API: GET /api/v1/councils/{code}/finances (mounted beside the councils router),
and the indicators' schema that the council list's items carry (tiex/councils/api.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer

from tiex.core.datasets import dataset_spec
from tiex.councils import selectors as council_selectors
from tiex.finance import selectors

router = Router()
RENDERER = JSONRenderer()
DATASET = "revenue-outturn"


class FinanceIndicatorsOut(Schema):
    """A council's financial indicators (docs/finance.md), in percent; null where not known."""

    first_year: str = Field(description='The first financial year on record, e.g. "2015-16"')
    last_year: str = Field(description="The last financial year on record; the ratios are for this year")
    last_status: str = Field(description='The last year\'s status: "provisional outturn", "outturn" ...')
    net_revenue_expenditure: float | None = Field(description="£ thousand, in the last year")
    reserves: float | None = Field(description="Usable (earmarked + unallocated) reserves at the last 31 March, £k")
    reserves_ratio: float | None = Field(description="Usable reserves / net revenue expenditure, %")
    unallocated_ratio: float | None = Field(description="Unallocated reserves / net revenue expenditure, %")
    council_tax_share: float | None = Field(description="Council tax requirement / net revenue expenditure, %")
    reserves_change: float | None = Field(description="Usable reserves, first 1 April to last 31 March, % change")
    earmarked_change: float | None = Field(description="Earmarked reserves over the same period, % change")
    unallocated_change: float | None = Field(description="Unallocated reserves over the same period, % change")


class FinanceYearOut(Schema):
    financial_year: str
    status: str = Field(description='"revised outturn", "outturn" or "provisional outturn", as the workbook says')
    source_file: str = Field(description="The government workbook the figures come from")
    source_line: int = Field(description="The row of its data sheet")
    source_note: str = Field(description='The workbook\'s marker beside the authority ("I": imputed)')
    ons_code: str = Field(description="The ONS code the workbook gives (a former code, for some)")
    authority_name: str = Field(description="The name the workbook gives")
    total_service_expenditure: float | None
    net_revenue_expenditure: float | None
    council_tax_requirement: float | None
    earmarked_reserves_start: float | None = Field(description="Other earmarked reserves at 1 April")
    unallocated_reserves_start: float | None
    earmarked_reserves_end: float | None = Field(description="Other earmarked reserves at 31 March")
    unallocated_reserves_end: float | None
    schools_reserves_start: float | None
    schools_reserves_end: float | None
    public_health_reserves_start: float | None
    public_health_reserves_end: float | None


class FinanceCouncilOut(Schema):
    code: str
    la_code: str
    name: str
    url: str = Field(description="The council's profile page")


class FinanceSourceOut(Schema):
    title: str
    publisher: str
    licence: str
    licence_url: str
    attribution: str
    url: str = Field(description="Where the source is described on this site")


class FinanceOut(Schema):
    council: FinanceCouncilOut
    units: str = Field(description="Money is in £ thousand, as published")
    caveat: str
    source: FinanceSourceOut
    indicators: FinanceIndicatorsOut | None
    years: list[FinanceYearOut]


class FinanceErrorOut(Schema):
    detail: Any


CAVEAT = (
    "Revenue outturn returns as published by the government, not audited accounts; the latest year may be "
    "provisional. Earmarked reserves exclude schools' and public health reserves."
)


def finances_data(request: HttpRequest, code: str) -> dict[str, Any]:
    found = council_selectors.council_lookup(code)
    if found is None:
        raise HttpError(404, f"No council has the code {code[:20]!r}.")
    council = found.council
    spec = dataset_spec(DATASET)
    summary = selectors.summaries_for(council.pk)
    return {
        "council": {
            "code": council.code,
            "la_code": council.la_code,
            "name": council.name,
            "url": request.build_absolute_uri(reverse("councils:detail", args=[council.code])),
        },
        "units": "£ thousand",
        "caveat": CAVEAT,
        "source": {
            "title": spec.title,
            "publisher": spec.publisher,
            "licence": spec.licence,
            "licence_url": spec.licence_url,
            "attribution": spec.attribution,
            "url": request.build_absolute_uri(reverse("core:data_sources") + f"#{spec.slug}"),
        },
        "indicators": summary,
        "years": selectors.council_outturns(council.pk),
    }


@router.get(
    "/{gss}/finances",
    response={200: FinanceOut, 404: FinanceErrorOut},
    url_name="council_finances",
    summary="One council's revenue outturn and reserves by year",
)
def council_finances(request: HttpRequest, gss: str) -> HttpResponse:
    """The council's revenue outturn returns by financial year, each with its source workbook and
    status, and its indicators. A former GSS code or the mySociety code finds the council too."""
    key = council_selectors.cache_key("finances", request.build_absolute_uri("/"), gss)
    body = council_selectors.page_cache().get(key)
    if body is None:
        answer = FinanceOut.model_validate(finances_data(request, gss))
        body = RENDERER.render(request, answer.model_dump(), response_status=200)
        council_selectors.page_cache().set(key, body, council_selectors.CACHE_SECONDS)
    return HttpResponse(body, content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}")
