from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tiex.core.datasets import manifest
from tiex.core.services import dataset_record_import
from tiex.councils import selectors
from tiex.councils.api import BOUNDARY_PRECISION, BOUNDARY_TOLERANCE
from tiex.councils.models import Council, CouncilType
from tiex.councils.svg import reduce_geometry
from tiex.councils.tests.factories import (
    ClusterLabelFactory,
    ComparatorLinkFactory,
    ControlYearFactory,
    CouncilCodeFactory,
    CouncilFactory,
    kent_like,
    square,
)

pytestmark = pytest.mark.django_db


def names(data: dict) -> list[str]:
    return [item["name"] for item in data["items"]]


def test_list_defaults_and_shape(client: Client, mixed: None) -> None:
    response = client.get("/api/v1/councils")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert (data["limit"], data["offset"]) == (50, 0)
    assert names(data) == ["Adur", "Kent", "Leeds"]
    kent = data["items"][1]
    assert kent["type"] == "CTY"
    assert kent["type_name"] == "County council"
    assert kent["control"] == "ref"
    assert kent["control_name"] == "Reform UK"
    assert kent["is_principal"] is True
    assert kent["url"] == f"http://testserver/councils/{kent['code']}/"
    assert set(kent) >= {"gss_code", "la_code", "official_name", "region", "nation", "county_code", "start_date"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("principal=false", ["Adur", "Cardiff", "Kent", "Leeds", "West Yorkshire"]),
        ("principal=false&include_former=true", ["Adur", "Cardiff", "Kent", "Leeds", "Old District", "West Yorkshire"]),
        ("principal=false&nation=Wales", ["Cardiff"]),
        ("type=CTY&type=MD", ["Kent", "Leeds"]),
        ("principal=false&type=COMB", ["West Yorkshire"]),
        ("region=South%20East", ["Adur", "Kent"]),
        ("control=ref", ["Kent"]),
        ("q=LEEDS", ["Leeds"]),
        ("q=&region=", ["Adur", "Kent", "Leeds"]),
    ],
)
def test_list_filters(client: Client, mixed: None, query: str, expected: list[str]) -> None:
    response = client.get(f"/api/v1/councils?{query}")
    assert response.status_code == 200, response.content
    assert names(response.json()) == expected


def test_list_changed_control_since(client: Client) -> None:
    changed = CouncilFactory(name="Changed")
    ControlYearFactory(council=changed, year=2024, control_changed=True)
    ControlYearFactory(council=CouncilFactory(name="Steady"), year=2024, control_changed=False)
    assert names(client.get("/api/v1/councils?changed_control_since=2024").json()) == ["Changed"]
    assert names(client.get("/api/v1/councils?changed_control_since=2025").json()) == []


def test_list_limit_and_offset(client: Client) -> None:
    for index in range(7):
        CouncilFactory(name=f"C{index}")
    data = client.get("/api/v1/councils?limit=3&offset=5").json()
    assert data["count"] == 7
    assert names(data) == ["C5", "C6"]
    assert names(client.get("/api/v1/councils?offset=100").json()) == []


def test_an_unknown_region_is_a_422_listing_the_regions(client: Client, mixed: None) -> None:
    # docs/api.md promises it: the regions are a fixed list (the schema's enum), so a typo is an error.
    response = client.get("/api/v1/councils?region=Narnia")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "region"]
    assert "'South East'" in error["msg"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("nation=Atlantis", "nation"),
        ("nation=", "nation"),
        ("type=&type=CTY", "type"),
        ("colour=blue", "colour"),
        ("type=XYZ", "type"),
        ("control=whig", "control"),
        ("region=South%00East", "region"),
        ("principal=perhaps", "principal"),
        ("changed_control_since=soon", "changed_control_since"),
        ("changed_control_since=99999999999999999999999", "changed_control_since"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("offset=1e99", "offset"),
        ("offset=99999999999999999999999999", "offset"),
        ("q=" + "x" * 101, "q"),
        ("q=%00", "q"),
    ],
)
def test_list_rejects_bad_filters_with_422(client: Client, mixed: None, query: str, field: str) -> None:
    response = client.get(f"/api/v1/councils?{query}")
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert any(error["loc"][-1] == field or field in error["loc"] for error in detail)
    assert all(error["msg"] for error in detail)


def test_list_query_count_is_constant(client: Client, django_assert_max_num_queries, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    county = CouncilFactory(county_council=True)
    combined = CouncilFactory(combined=True)
    for _ in range(5):
        CouncilFactory(county=county, combined_authority=combined)
    with django_assert_max_num_queries(4) as small:
        client.get("/api/v1/councils?region=South%20East&limit=500")
    for _ in range(60):
        CouncilFactory(county=county, combined_authority=combined)
    selectors.page_cache().clear()  # as after an import
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/api/v1/councils?region=South%20East&limit=500")
    data = response.json()
    assert data["count"] == 66
    assert data["items"][1]["county_code"] == county.code
    # Asked again, the answer costs one query (the data version) and is the same.
    with django_assert_num_queries(1):
        again = client.get("/api/v1/councils?region=South%20East&limit=500")
    assert again.content == response.content
    assert again["Content-Type"] == response["Content-Type"] == "application/json; charset=utf-8"


def test_detail_and_comparators_query_counts_are_constant(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    kent = kent_like()
    paths = [f"/api/v1/councils/{kent.code}", f"/api/v1/councils/{kent.code}/comparators?kind=geographic-neighbours"]
    paths += [f"/api/v1/councils/{kent.code}/comparators?kind=similarity-composite"]
    ClusterLabelFactory(council=kent, kind="similarity-composite", label="South East")
    counts = []
    for path in paths:
        with django_assert_max_num_queries(8) as captured:
            assert client.get(path).status_code == 200
        counts.append(len(captured.captured_queries))
    for index in range(20):
        other = CouncilFactory(county=kent)
        old = CouncilFactory(former=True)
        old.successors.add(kent)
        CouncilCodeFactory(council=kent)
        ComparatorLinkFactory(council=kent, neighbour=other, rank=index + 1, kind="geographic-neighbours")
        # Like with like: a county's similar councils are counties and unitaries, not its districts.
        ClusterLabelFactory(council=other, kind="similarity-composite", label="South East")
        ClusterLabelFactory(council=CouncilFactory(unitary=True), kind="similarity-composite", label="South East")
    selectors.page_cache().clear()  # as after an import
    for path, count in zip(paths, counts, strict=True):
        with django_assert_max_num_queries(count):
            data = client.get(path).json()
        assert data.get("count", 20) == len(data.get("items", data.get("districts"))) == 20


def test_answers_change_with_the_next_import_and_name_the_host_asked(client: Client) -> None:
    kent = kent_like()
    assert names(client.get("/api/v1/councils").json()) == ["Kent"]
    CouncilFactory(name="Surrey", county_council=True)
    assert names(client.get("/api/v1/councils").json()) == ["Kent"]
    dataset_record_import(spec=manifest()["councils"], source="councils.csv", row_count=2)
    assert names(client.get("/api/v1/councils").json()) == ["Kent", "Surrey"]
    other_host = client.get(f"/api/v1/councils/{kent.code}", HTTP_HOST="localhost").json()
    assert other_host["url"] == f"http://localhost/councils/{kent.code}/"
    assert client.get(f"/api/v1/councils/{kent.code}").json()["url"] == f"http://testserver/councils/{kent.code}/"


def test_detail_includes_history_and_codes(client: Client) -> None:
    kent = kent_like(alt_names="Kent CC")
    CouncilCodeFactory(council=kent, code="E10000099")
    district = CouncilFactory(name="Maidstone", county=kent)
    response = client.get("/api/v1/councils/E10000016")
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "Kent"
    assert data["former_codes"] == ["E10000099"]
    assert data["alt_names"] == ["Kent CC"]
    assert data["powers_name"] == "Upper tier"
    assert [item["name"] for item in data["districts"]] == ["Maidstone"]
    assert data["districts"][0]["code"] == district.code
    assert [row["year"] for row in data["control_history"]] == list(range(2016, 2026))
    latest = data["control_history"][-1]
    assert latest == {
        "year": 2025,
        "control": "ref",
        "control_name": "Reform UK",
        "control_changed": True,
        "total_seats": 81,
        "seats": {"con": 5, "lab": 2, "ld": 12, "green": 5, "ref": 57},
        "majority_label": "REF",
    }
    assert data["control_history"][0]["control_changed"] is None


def test_detail_resolves_former_and_mysociety_codes(client: Client) -> None:
    barnsley = CouncilFactory(name="Barnsley", gss_code="E08000038", la_code="BNS")
    CouncilCodeFactory(council=barnsley, code="E08000016")
    for code in ["E08000016", "BNS", "e08000038"]:
        response = client.get(f"/api/v1/councils/{code}")
        assert response.status_code == 200
        assert response.json()["gss_code"] == "E08000038"
    CouncilFactory(name="Larne", gss_code=None, la_code="NIR-F", type=CouncilType.NI_DISTRICT, former=True)
    data = client.get("/api/v1/councils/NIR-F").json()
    assert (data["code"], data["gss_code"], data["url"]) == ("NIR-F", None, "http://testserver/councils/NIR-F/")


@pytest.mark.parametrize("code", ["E99999999", "nope", "x%00", "a" * 300, "%F0%9F%92%A9"])
def test_detail_unknown_code_is_404_json(client: Client, code: str) -> None:
    response = client.get(f"/api/v1/councils/{code}")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_comparators_by_kind(client: Client) -> None:
    council = CouncilFactory(name="Me", unitary=True)
    ComparatorLinkFactory(
        council=council, neighbour=CouncilFactory(name="B"), rank=2, kind="dfe-statistical-neighbours"
    )
    ComparatorLinkFactory(
        council=council, neighbour=CouncilFactory(name="A"), rank=1, kind="dfe-statistical-neighbours", note="Close"
    )
    response = client.get(f"/api/v1/councils/{council.code}/comparators?kind=dfe-statistical-neighbours")
    assert response.status_code == 200
    data = response.json()
    assert data["kind"] == "dfe-statistical-neighbours"
    assert data["count"] == 2
    assert [(item["council"]["name"], item["rank"], item["note"]) for item in data["items"]] == [
        ("A", 1, "Close"),
        ("B", 2, ""),
    ]
    assert data["source"]["slug"] == "comparators-dfe"
    assert data["source"]["licence"] == "OGL v3.0"
    assert data["source"]["url"] == "http://testserver/data/#comparators-dfe"
    limited = client.get(f"/api/v1/councils/{council.code}/comparators?kind=dfe-statistical-neighbours&limit=1")
    assert [item["council"]["name"] for item in limited.json()["items"]] == ["A"]


def test_comparators_cluster_kind_reports_label(client: Client) -> None:
    council = CouncilFactory(name="Me")
    ClusterLabelFactory(council=council, kind="similarity-emissions", label="Rural", description="Lots of fields")
    ClusterLabelFactory(council=CouncilFactory(name="Field"), kind="similarity-emissions", label="Rural")
    data = client.get(f"/api/v1/councils/{council.code}/comparators?kind=similarity-emissions").json()
    assert (data["label"], data["label_description"]) == ("Rural", "Lots of fields")
    assert [item["council"]["name"] for item in data["items"]] == ["Field"]
    assert data["source"]["licence"] == "CC BY 4.0"


@pytest.mark.parametrize("query", ["", "?kind=best", "?kind=same-type&limit=0", "?kind=same-type&limit=x"])
def test_comparators_validate_kind_and_limit(client: Client, query: str) -> None:
    council = CouncilFactory()
    assert client.get(f"/api/v1/councils/{council.code}/comparators{query}").status_code == 422


def test_comparators_unknown_council_is_404(client: Client) -> None:
    assert client.get("/api/v1/councils/E99999999/comparators?kind=same-type").status_code == 404


def test_boundaries_feature_collection(client: Client) -> None:
    CouncilFactory(name="District", boundary=square(0.5, 51.2, 0.12345))
    CouncilFactory(name="County", county_council=True, boundary=square(0.4, 51.1, 0.5))
    CouncilFactory(name="Combined", combined=True, boundary=square())
    CouncilFactory(name="Gone", former=True, boundary=square())
    CouncilFactory(name="No boundary")
    response = client.get("/api/v1/councils/boundaries.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=86400" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert [feature["properties"]["name"] for feature in data["features"]] == ["County", "District"]
    district = data["features"][1]
    assert set(district["properties"]) == {"gss", "name", "type"}
    assert district["properties"]["type"] == "NMD"
    assert district["geometry"]["type"] == "MultiPolygon"
    assert district["geometry"]["coordinates"][0][0][1] == [0.623, 51.2]

    lower = json.loads(client.get("/api/v1/councils/boundaries.geojson?tier=lower").content)
    assert [feature["properties"]["name"] for feature in lower["features"]] == ["District"]
    assert client.get("/api/v1/councils/boundaries.geojson?tier=middle").status_code == 422


def test_boundaries_are_gzipped_when_asked(client: Client) -> None:
    for index in range(5):
        CouncilFactory(name=f"District {index}", boundary=square(lon=index))
    plain = client.get("/api/v1/councils/boundaries.geojson")
    response = client.get("/api/v1/councils/boundaries.geojson", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content) == plain.content
    assert json.loads(gzip.decompress(response.content))["features"][0]["properties"]["name"] == "District 0"
    assert not plain.has_header("Content-Encoding")


def test_boundaries_are_built_once_until_the_next_import(client: Client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    CouncilFactory(name="District", boundary=square())
    first = client.get("/api/v1/councils/boundaries.geojson?tier=lower")
    CouncilFactory(name="Another", boundary=square(lon=2))
    with django_assert_num_queries(1):
        again = client.get("/api/v1/councils/boundaries.geojson?tier=lower")
    assert again.content == first.content
    dataset_record_import(spec=manifest()["boundaries"], source="boundaries.geojson", row_count=2)
    features = json.loads(client.get("/api/v1/councils/boundaries.geojson?tier=lower").content)["features"]
    assert [feature["properties"]["name"] for feature in features] == ["Another", "District"]


def test_boundaries_of_many_detailed_councils_stay_small(client: Client) -> None:
    # 320 councils with 500-point boundaries at full precision shrink to a few points each.
    councils = []
    for index in range(320):
        lon, lat = -5 + (index % 20) * 0.35, 50 + (index // 20) * 0.3
        ring = [
            [lon + 0.15 * math.cos(step / 500 * 2 * math.pi), lat + 0.1 * math.sin(step / 500 * 2 * math.pi)]
            for step in range(500)
        ]
        ring.append(ring[0])
        council = CouncilFactory.build()
        council.boundary = {"type": "Polygon", "coordinates": [ring]}
        councils.append(council)
    Council.objects.bulk_create(councils)
    response = client.get("/api/v1/councils/boundaries.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert len(json.loads(gzip.decompress(response.content))["features"]) == 320
    assert len(response.content) < 400 * 1024


REAL_BOUNDARIES = Path(settings.DATA_DIR) / "boundaries"


@pytest.mark.skipif(not (REAL_BOUNDARIES / "ltla_2025_uk_bsc.geojson").exists(), reason="reference data not present")
def test_real_english_boundaries_are_under_400kb_gzipped() -> None:
    """Every current English council polygon (both tiers), reduced as the endpoint does."""
    features = []
    for name in ["ltla_2025_uk_bsc.geojson", "utla_2025_uk_bsc.geojson"]:
        collection = json.loads((REAL_BOUNDARIES / name).read_text())
        for feature in collection["features"]:
            code = feature["properties"]["areacd"]
            if code.startswith("E") and code not in {item["properties"]["gss"] for item in features}:
                geometry = reduce_geometry(feature["geometry"], BOUNDARY_PRECISION, BOUNDARY_TOLERANCE)
                props = {"gss": code, "name": feature["properties"]["areanm"], "type": "UA"}
                features.append({"type": "Feature", "properties": props, "geometry": geometry})
    body = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")).encode()
    assert len(features) >= 317
    assert len(gzip.compress(body)) < 400 * 1024


def test_openapi_lists_the_council_endpoints(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/councils",
        "/api/v1/councils/{gss}",
        "/api/v1/councils/{gss}/comparators",
        "/api/v1/councils/boundaries.geojson",
    } <= set(paths)


def test_every_council_endpoint_and_parameter_is_documented(client: Client) -> None:
    docs = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text()
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, operations in paths.items():
        if not path.startswith("/api/v1/councils"):
            continue
        assert f"`GET {path}" in docs, path
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                assert f"`{parameter['name']}`" in docs, (path, parameter["name"])
