from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory

from tiex.core.datasets import manifest
from tiex.core.services import dataset_record_import
from tiex.councils import selectors
from tiex.councils.models import Control, CouncilType
from tiex.councils.tests.factories import (
    ClusterLabelFactory,
    ComparatorLinkFactory,
    ControlYearFactory,
    CouncilCodeFactory,
    CouncilFactory,
    kent_like,
)
from tiex.councils.views import DIRECTORY_PARAMETERS

pytestmark = pytest.mark.django_db


def text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


def main(response) -> str:  # type: ignore[no-untyped-def]
    """The page's own content (the header and its nonce aside)."""
    return text(response).split('<main class="govuk-main-wrapper"', 1)[1].split("</main>", 1)[0]


def council_links(response) -> list[str]:  # type: ignore[no-untyped-def]
    pattern = r'<a class="govuk-link govuk-!-font-weight-bold" href="/councils/[^"]+/">([^<]+)</a>'
    return re.findall(pattern, text(response))


def test_directory_defaults_to_current_principal_councils_and_says_so(client: Client, mixed: None) -> None:
    response = client.get("/councils/?nation=England")
    assert response.status_code == 200
    page = text(response)
    assert "3 councils" in page
    assert council_links(response) == ["Adur", "Kent", "Leeds"]
    assert "Principal councils only" in page
    assert "Nation: England" in page
    assert re.search(
        r">Kent</a> <dl [^>]+> <div><dt [^>]+>Type</dt><dd [^>]+>County council, South East</dd></div> "
        r"<div><dt [^>]+>Control:</dt> <dd [^>]+>Reform UK</dd>",
        page,
    )
    # The principal filter can be removed: the link asks for all councils.
    assert 'href="?nation=England&amp;principal=false"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Adur", "Kent", "Leeds"]),
        ("principal=false", ["Adur", "Cardiff", "Kent", "Leeds", "West Yorkshire"]),
        ("principal=false&include_former=true", ["Adur", "Cardiff", "Kent", "Leeds", "Old District", "West Yorkshire"]),
        ("principal=false&nation=Wales", ["Cardiff"]),
        ("type=CTY&type=MD", ["Kent", "Leeds"]),
        ("region=South+East", ["Adur", "Kent"]),
        ("control=ref", ["Kent"]),
        ("control=lab&region=Yorkshire", ["Leeds"]),
        ("q=kent", ["Kent"]),
        ("q=&nation=&type=&region=&principal=&control=&changed_control_since=&page=", ["Adur", "Kent", "Leeds"]),
        ("type=&type=CTY", ["Kent"]),
    ],
)
def test_directory_filters(client: Client, mixed: None, query: str, expected: list[str]) -> None:
    response = client.get(f"/councils/?{query}")
    assert response.status_code == 200
    assert council_links(response) == expected


def test_directory_changed_control_since(client: Client) -> None:
    changed = CouncilFactory(name="Changed")
    ControlYearFactory(council=changed, year=2025, control_changed=True)
    ControlYearFactory(council=CouncilFactory(name="Steady"), year=2025, control_changed=False)
    response = client.get("/councils/?changed_control_since=2025")
    assert council_links(response) == ["Changed"]
    assert "Changed control since 2025" in text(response)
    assert '<option value="2025" selected>' in text(response)


def test_directory_search_finds_former_and_alternative_names(client: Client) -> None:
    somerset = CouncilFactory(name="Somerset", unitary=True, alt_names="Somerset Council")
    old = CouncilFactory(name="Mendip", former=True)
    old.successors.add(somerset)
    CouncilFactory(name="Hull", alt_names="Kingston upon Hull City Council")
    assert council_links(client.get("/councils/?q=mendip")) == ["Somerset"]
    assert council_links(client.get("/councils/?q=kingston")) == ["Hull"]


@pytest.mark.parametrize(
    "query",
    [
        "nation=Atlantis",
        "type=XYZ",
        "region=Narnia",
        "control=whig",
        "changed_control_since=soon",
        "changed_control_since=99999999999999999999",
        "principal=perhaps",
        "include_former=maybe",
        "q=" + "x" * 101,
        "q=%00",
    ],
)
def test_directory_invalid_filters_show_form_errors(client: Client, mixed: None, query: str) -> None:
    response = client.get(f"/councils/?{query}")
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "govuk-error-message" in page


def test_directory_ignores_unknown_parameters(client: Client, mixed: None) -> None:
    response = client.get("/councils/?colour=blue&sort=drop+table")
    assert response.status_code == 200
    assert council_links(response) == ["Adur", "Kent", "Leeds"]


def test_directory_paginates_fifty_a_page(client: Client) -> None:
    for index in range(120):
        CouncilFactory(name=f"Council {index:03d}")
    first = client.get("/councils/?region=South+East")
    assert len(council_links(first)) == 50
    assert "120 councils" in text(first)
    assert 'class="govuk-pagination"' in text(first)
    assert "region=South+East&amp;principal=true&amp;page=2" in text(first)
    last = client.get("/councils/?region=South+East&page=3")
    assert council_links(last) == [f"Council {index:03d}" for index in range(100, 120)]
    assert 'aria-current="page">3<' in text(last)


@pytest.mark.parametrize("page", ["0", "4", "abc", "-1", "1.5", "99999999999999999999", "%00"])
def test_directory_rejects_bad_pages(client: Client, page: str) -> None:
    for index in range(120):
        CouncilFactory(name=f"Council {index:03d}")
    assert client.get(f"/councils/?page={page}").status_code == 404


def test_directory_with_no_results_suggests_removing_filters(client: Client, mixed: None) -> None:
    response = client.get("/councils/?nation=Scotland")
    assert response.status_code == 200
    assert "0 councils" in text(response)
    assert "No councils match" in text(response)


def test_directory_query_count_is_constant(
    client: Client, django_assert_max_num_queries, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    county = CouncilFactory(county_council=True)
    for _ in range(5):
        CouncilFactory(county=county, control=Control.LABOUR)
    with django_assert_max_num_queries(8) as small:
        client.get("/councils/?q=council")
    for _ in range(80):
        CouncilFactory(county=county, control=Control.LABOUR)
    selectors.page_cache().clear()  # as after an import
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/councils/?q=council")
    assert len(council_links(response)) == 50
    # Shown again, the page costs one query: the data version.
    with django_assert_num_queries(1):
        again = client.get("/councils/?q=council")
    assert main(again) == main(response)


def test_directory_and_profile_change_with_the_next_import(client: Client) -> None:
    kent = kent_like()
    assert council_links(client.get("/councils/")) == ["Kent"]
    assert "Reform UK" in text(client.get(f"/councils/{kent.code}/"))
    # Council data changes only through imports, which record themselves: until then the pages stay.
    CouncilFactory(name="Surrey", county_council=True)
    kent.__class__.objects.filter(pk=kent.pk).update(name="Kent renamed")
    assert council_links(client.get("/councils/")) == ["Kent"]
    dataset_record_import(spec=manifest()["councils"], source="councils.csv", row_count=2)
    assert council_links(client.get("/councils/")) == ["Kent renamed", "Surrey"]
    assert '<h1 class="govuk-heading-l">Kent renamed</h1>' in text(client.get(f"/councils/{kent.code}/"))


def test_cached_pages_still_carry_this_request_s_nonce_and_header(client: Client) -> None:
    kent = kent_like()
    for path in ["/councils/?type=CTY", f"/councils/{kent.code}/"]:
        first, second = client.get(path), client.get(path)
        nonces = [
            re.search(r'<script nonce="([^"]+)"', response.content.decode()).group(1) for response in (first, second)
        ]
        assert nonces[0] != nonces[1]
        assert nonces[1] in second["Content-Security-Policy"]
        assert 'aria-current="true"' in text(second)  # the header marks the section
    assert '<a class="govuk-breadcrumbs__link" href="/councils/">Councils</a>' in text(second)


def test_pages_are_kept_apart_from_the_default_cache(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    # Filling the default cache with pages could push sign-in throttling counts out of it.
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        "default": {"BACKEND": locmem, "LOCATION": "test-default"},
        "councils": {"BACKEND": locmem, "LOCATION": "test-councils"},
    }
    CouncilFactory(name="Adur")
    assert council_links(client.get("/councils/")) == ["Adur"]
    key = selectors.cache_key("directory", [(name, []) for name in DIRECTORY_PARAMETERS])
    assert caches["councils"].get(key) is not None
    assert caches["default"].get(key) is None


def test_downloads_query_count_is_constant(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    county = CouncilFactory(county_council=True)
    for _ in range(5):
        CouncilFactory(county=county)
    for path in ["/councils/download.csv", "/councils/download.json"]:
        with django_assert_max_num_queries(8) as small:
            client.get(path)
        for _ in range(20):
            CouncilFactory(county=county)
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(path)
        assert response.status_code == 200


def test_downloads_carry_the_same_filters(client: Client, mixed: None) -> None:
    page = text(client.get("/councils/?region=South+East&type=CTY&type=NMD"))
    assert 'href="/councils/download.csv?type=CTY&amp;type=NMD&amp;region=South+East&amp;principal=true"' in page
    assert 'href="/councils/download.json?type=CTY&amp;type=NMD&amp;region=South+East&amp;principal=true"' in page
    assert 'href="/api/v1/councils?type=CTY&amp;type=NMD&amp;region=South+East&amp;principal=true"' in page


@pytest.mark.parametrize(
    "query",
    [
        "",
        "region=South+East",
        "principal=false",
        "principal=false&include_former=true",
        "q=e",
        "control=ref",
        "nation=&type=&type=CTY&region=",
    ],
)
def test_page_csv_json_and_api_agree(client: Client, mixed: None, query: str) -> None:
    on_page = council_links(client.get(f"/councils/?{query}"))

    response = client.get(f"/councils/download.csv?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(streamed(response).decode("utf-8-sig"))))
    in_csv = [row["name"] for row in rows]

    data = json.loads(streamed(client.get(f"/councils/download.json?{query}")))
    in_json = [item["name"] for item in data["items"]]

    # The page's form sends empty fields for "any"; the API takes the same filters without them.
    api_query = "&".join(part for part in query.split("&") if not part.endswith("="))
    api = client.get(f"/api/v1/councils?{api_query}&limit=500").json()
    in_api = [item["name"] for item in api["items"]]

    assert on_page == in_csv == in_json == in_api
    assert data["count"] == api["count"] == len(on_page)
    # A download row is the API's list item with the tier's name, figures and raw identifiers added.
    pairs = zip(data["items"], api["items"], strict=True)
    assert [{key: item[key] for key in theirs} for item, theirs in pairs] == api["items"]


def test_csv_opens_in_excel_with_names_beside_codes_and_raw_identifiers(client: Client) -> None:
    county = CouncilFactory(name="Kent\u2019s County", type="CTY", powers="upper tier", region="South East")
    CouncilFactory(name="Dover", type="NMD", powers="lower tier", county=county, ocd_id=123, gov_uk_slug="dover")
    response = client.get("/councils/download.csv")
    body = streamed(response)
    assert body.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    header = reader.fieldnames or []
    for code, name in [("type", "type_name"), ("powers", "powers_name"), ("county_code", "county_name")]:
        assert header.index(name) == header.index(code) + 1
    rows = {row["name"]: row for row in reader}
    assert rows["Dover"]["county_name"] == "Kent\u2019s County"
    assert rows["Dover"]["type_name"] == "Non-metropolitan district"
    assert rows["Dover"]["powers_name"] == "Lower tier"
    assert (rows["Dover"]["ocd_id"], rows["Dover"]["gov_uk_slug"]) == ("123", "dover")
    items = json.loads(streamed(client.get("/councils/download.json")))["items"]
    item = next(i for i in items if i["name"] == "Dover")
    assert item["ocd_id"] == 123


def test_csv_neutralises_formulas(client: Client) -> None:
    CouncilFactory(name="=cmd|' /C calc'!A0", official_name="+SUM(1,2)")
    response = client.get("/councils/download.csv")
    rows = list(csv.DictReader(io.StringIO(streamed(response).decode("utf-8-sig"))))
    assert rows[0]["name"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["official_name"] == "'+SUM(1,2)"


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_download_rows_kept_between_downloads_are_the_rows_written_afresh(client: Client, mixed: None) -> None:
    """The second download joins the rows the first one wrote (tiex/councils/download_rows.py): the
    same bytes as writing every row through the download schema with csv_response or JsonResponse,
    for any filters and host; a council added since (no import, so the same generation) is written
    when needed."""
    from django.http import JsonResponse

    from tiex.core.csv import csv_response
    from tiex.councils import views
    from tiex.councils.api import CouncilDownloadOut
    from tiex.finance.directory import flatten_finance

    def fresh(query: str, host: str) -> tuple[bytes, bytes]:
        request = RequestFactory(HTTP_HOST=host).get(f"/councils/download.csv?{query}")
        filters = views._download_filters(request)
        assert not isinstance(filters, dict)
        items = [
            CouncilDownloadOut.from_orm(council, context={"request": request}).model_dump(mode="json")
            for council in selectors.council_list(filters)
        ]
        as_json = JsonResponse({"count": len(items), "items": items}).content
        rows = ([item[c] for c in views.CSV_COLUMNS] for item in map(flatten_finance, [dict(i) for i in items]))
        return csv_response("c.csv", views.CSV_COLUMNS, rows).getvalue(), as_json

    def downloaded(query: str, host: str) -> tuple[bytes, bytes]:
        as_csv = streamed(client.get(f"/councils/download.csv?{query}", HTTP_HOST=host))
        return as_csv, streamed(client.get(f"/councils/download.json?{query}", HTTP_HOST=host))

    queries = ["", "principal=false&include_former=true", "region=South+East", "q=e", "nation=Atlantis-free"]
    for _ in range(2):
        for query in queries[:4]:
            for host in ["testserver", "localhost:8000"]:
                assert downloaded(query, host) == fresh(query, host)
    CouncilFactory(name="Zennor", region="South West")
    got = downloaded("", "testserver")
    assert got == fresh("", "testserver")
    assert b"Zennor" in got[0]
    assert b"Zennor" in got[1]


def test_downloads_reject_bad_filters_with_400(client: Client) -> None:
    assert client.get("/councils/download.csv?nation=Atlantis").status_code == 400
    response = client.get("/councils/download.json?type=NOPE")
    assert response.status_code == 400
    assert response.json()["detail"][0]["loc"] == ["query", "type"]


def test_profile_shows_reform_taking_control_of_kent(client: Client) -> None:
    kent = kent_like()
    CouncilCodeFactory(council=kent, code="E10000099")
    response = client.get("/councils/E10000016/")
    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="govuk-heading-l">Kent</h1>' in page
    assert "Kent County Council" in page
    assert "controlled by <strong>Reform UK</strong>" in page
    assert "Control changed in 2025 (to Reform UK)" in page
    # The table: one row a year, party names in full, the change marked.
    assert re.search(
        r'<th scope="row" class="govuk-table__header">2025</th> <td class="govuk-table__cell">Reform UK</td> '
        r'<td class="govuk-table__cell">Yes</td>',
        page,
    )
    assert re.search(
        r'<th scope="row" class="govuk-table__header">2016</th> <td class="govuk-table__cell">Conservative'
        r'</td> <td class="govuk-table__cell">Not known</td>',
        page,
    )
    assert page.count('<th scope="row" class="govuk-table__header">20') == 10
    assert "Reform UK 57, Liberal Democrats 12, Conservative 5, Green Party 5, Labour 2 " in page
    assert "(total 81)" in page
    # The chart and the map are inline SVG with text alternatives.
    assert 'role="img" aria-labelledby="control-chart-title control-chart-desc"' in page
    assert 'aria-labelledby="boundary-title"' in page
    assert re.search(r'<path d="M[\d. LZM]+"', page)
    assert "1,589,100" in page
    assert "E10000099" in page
    assert "style=" not in page


def test_profile_lists_relations(client: Client) -> None:
    county = CouncilFactory(county_council=True, name="Shire")
    combined = CouncilFactory(combined=True, name="Metro Combined")
    district = CouncilFactory(name="Borough", county=county, combined_authority=combined)
    old = CouncilFactory(name="Old Borough", former=True)
    old.successors.add(district)
    page = text(client.get(f"/councils/{district.code}/"))
    assert f'href="/councils/{county.code}/">Shire</a>' in page
    assert f'href="/councils/{combined.code}/">Metro Combined</a>' in page
    assert f'href="/councils/{old.code}/">Old Borough</a>' in page
    assert "No boundary is available for this council." in page
    assert "No record of political control" in page

    county_page = text(client.get(f"/councils/{county.code}/"))
    assert "District councils" in county_page and "Borough" in county_page
    assert "Constituent councils" in text(client.get(f"/councils/{combined.code}/"))

    old_page = text(client.get(f"/councils/{old.code}/"))
    assert "This council no longer exists" in old_page
    assert f'It was replaced by <a class="govuk-link" href="/councils/{district.code}/">Borough</a>' in old_page


def test_profile_shows_every_comparator_kind_with_its_source(client: Client) -> None:
    council = CouncilFactory(name="Me", unitary=True)
    ComparatorLinkFactory(
        council=council,
        neighbour=CouncilFactory(name="Statistical twin"),
        rank=1,
        kind="dfe-statistical-neighbours",
        note="Extremely close",
    )
    ClusterLabelFactory(
        council=council, kind="similarity-deprivation", label="Quintile 2", description="Fairly deprived"
    )
    ClusterLabelFactory(
        council=CouncilFactory(name="Also Q2", unitary=True), kind="similarity-deprivation", label="Quintile 2"
    )
    page = text(client.get(f"/councils/{council.code}/"))
    for heading in [
        "Same type of council",
        "Same region",
        "Children's services statistical neighbours (DfE)",
        "Similar deprivation (IMD)",
        "Geographic neighbours",
    ]:
        assert heading.replace("'", "&#x27;") in page
    assert 'Statistical twin</a> <span class="govuk-body-s">(Extremely close)</span>' in page
    assert "In the Department for Education&#x27;s order" in page
    assert "Similar physical geography" not in page  # the label is the region again
    assert "Also Q2" in page
    assert "“Quintile 2”: Fairly deprived" in page
    assert 'href="/data/#comparators-dfe"' in page
    assert "OGL v3.0" in page and "CC BY 4.0" in page


def test_profile_redirects_former_and_other_codes(client: Client) -> None:
    barnsley = CouncilFactory(name="Barnsley", gss_code="E08000038", la_code="BNS")
    CouncilCodeFactory(council=barnsley, code="E08000016")
    for code in ["E08000016", "BNS", "e08000038"]:
        response = client.get(f"/councils/{code}/")
        assert response.status_code == 301
        assert response["Location"] == "/councils/E08000038/"


def test_profile_uses_mysociety_code_without_gss(client: Client) -> None:
    CouncilFactory(name="Codeless", gss_code=None, la_code="NIR-F")
    assert client.get("/councils/NIR-F/").status_code == 200
    assert client.get("/councils/?principal=false").status_code == 200
    assert json.loads(streamed(client.get("/councils/download.json?principal=false")))["items"][0]["code"] == "NIR-F"


@pytest.mark.parametrize("path", ["/councils/E99999999/", "/councils/nope/", "/councils/x%00/", "/councils/a.b/"])
def test_profile_404s(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_profile_query_count_is_constant(
    client: Client, django_assert_max_num_queries, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    kent = kent_like()
    CouncilCodeFactory(council=kent)
    combined = CouncilFactory(combined=True, name="Kent and Medway")
    kent.__class__.objects.filter(pk=kent.pk).update(combined_authority=combined)
    # The council's own content in at most 9 queries (the ninth: its councillors by party and
    # gender, with its predecessors' totals), plus at most three for its section of the
    # Exchange (the library's state, the list, and the search backend's one-off check of SQLite),
    # plus three for its shared services (the partnerships' state in the cache key, its
    # partnerships, and the categories it and its similar councils share), plus one for its peer
    # challenges with their stage and their published documents (read for each request, so a new
    # stage or a publication shows at once), plus one for its councillor development alumni (read
    # for each request too).
    with django_assert_max_num_queries(9 + 3 + 3 + 1 + 1) as small:
        client.get(f"/councils/{kent.code}/")
    for index in range(30):
        other = CouncilFactory(county=kent, region="South East", type=CouncilType.COUNTY)
        ComparatorLinkFactory(council=kent, neighbour=other, rank=index + 1, kind="geographic-neighbours")
        ClusterLabelFactory(council=other, kind="similarity-composite", label="South East")
        old = CouncilFactory(former=True)
        old.successors.add(kent)
        CouncilCodeFactory(council=kent)
    ClusterLabelFactory(council=kent, kind="similarity-composite", label="South East")
    selectors.page_cache().clear()  # as after an import
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(f"/councils/{kent.code}/")
    assert response.status_code == 200
    # Shown again, the profile costs four queries: the version of the councils' data and the
    # partnerships' state (tiex/partnerships/selectors_state.py) in one, the library's state,
    # the council's peer challenges with their published documents (one query), and its
    # councillor development alumni.
    with django_assert_num_queries(4):
        again = client.get(f"/councils/{kent.code}/")
    assert main(again) == main(response)


def test_profile_names_the_first_ten_of_a_long_list_and_links_to_the_directory(client: Client) -> None:
    me = CouncilFactory(name="Me", region="North West", population_2020=100_000)
    for index in range(14):  # named against their population order: the list follows population
        CouncilFactory(
            name=f"District {13 - index:02d}",
            region="North West" if index < 3 else "London",
            population_2020=101_000 + index * 1_000,
        )
    page = text(client.get(f"/councils/{me.code}/"))
    same_type = page.split('id="comparators-same-type"', 1)[1].split("<h3", 1)[0]
    assert re.findall(r">(District \d\d)</a>", same_type) == [f"District {13 - index:02d}" for index in range(10)]
    assert 'District 13</a> <span class="govuk-body-s">(population 101,000)</span>' in same_type
    assert "Closest population first" in same_type
    assert "The first 10 of 14 in this order." in same_type
    assert (
        'href="/councils/?type=NMD&amp;principal=false">List every council of this type in the council directory'
        in same_type
    )
    assert "Show 14 councils" not in page
    # A short list is named in full, without the link.
    same_region = page.split('id="comparators-same-region"', 1)[1].split("<h3", 1)[0]
    assert re.findall(r">(District \d\d)</a>", same_region) == ["District 11", "District 12", "District 13"]
    assert "council directory" not in same_region


def test_profile_hides_comparator_sections_that_do_not_apply_to_the_tier(client: Client) -> None:
    district = CouncilFactory(name="A district", ocd_id=4242)
    county = CouncilFactory(name="A county", county_council=True)
    for council in (district, county):
        ComparatorLinkFactory(
            council=council, neighbour=CouncilFactory(unitary=True), rank=1, kind="geographic-neighbours"
        )
    district_page = text(client.get(f"/councils/{district.code}/"))
    assert 'id="comparators-dfe-statistical-neighbours"' not in district_page  # no children's services duty
    assert 'id="comparators-geographic-neighbours"' in district_page
    assert "lists that do not apply to a non-metropolitan district are left out" in district_page
    county_page = text(client.get(f"/councils/{county.code}/"))
    assert 'id="comparators-dfe-statistical-neighbours"' in county_page
    assert 'id="comparators-geographic-neighbours"' not in county_page  # a list of districts and unitaries
    for page in (district_page, county_page):
        assert 'id="comparators-similarity-physical"' not in page
    # Raw identifiers are in the downloads, not the facts table.
    assert "Open Council Data" not in district_page and "4242" not in district_page


def test_profile_folds_a_long_cluster_list_into_details(client: Client) -> None:
    me = CouncilFactory(name="Me")
    ClusterLabelFactory(council=me, kind="similarity-rural-urban", label="Urban")
    for index in range(13):
        ClusterLabelFactory(
            council=CouncilFactory(name=f"Town {index:02d}"), kind="similarity-rural-urban", label="Urban"
        )
    page = text(client.get(f"/councils/{me.code}/"))
    cluster = page.split('id="comparators-similarity-rural-urban"', 1)[1].split("<h3", 1)[0]
    assert "Show 13 councils" in cluster
    assert len(re.findall(r">Town \d\d</a>", cluster)) == 13


def test_profile_lists_the_councils_resources_in_the_exchange(client: Client) -> None:
    from tiex.library.tests.factories import make_resource

    kent = kent_like()
    make_resource("Kent's shared waste partnership", councils=(kent,))
    make_resource("A draft that is not published", councils=(kent,), publish=False)
    html = client.get(f"/councils/{kent.code}/").content.decode()
    assert "In the Exchange" in html
    assert "Kent&#x27;s shared waste partnership" in html or "Kent's shared waste partnership" in html
    assert "A draft that is not published" not in html
