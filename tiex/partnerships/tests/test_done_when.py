"""Issue 10's "Done when" (the Shared Services Map), as one chain through the pages, from the
front door (SQLite and PostgreSQL).

What `make run` loads (the real councils and ESD functions from ../shared/data, then `tiex demo`'s
partnerships) shows the 2019 totals on /shared-services/; a region filter narrows the page's
totals and list, the CSV, JSON and GeoJSON downloads and the API to the same partnerships; an
association editor signs in with password and authenticator code and opens the next year's
refresh round; a council's super-user follows the e-mailed link, signs in, updates a savings
figure and submits, and the page's totals for that year move by exactly that; a council member
registers an interest in sharing and sees suggested councils with reasons; `tiex import
partnerships` takes a spreadsheet naming councils abolished since 2019 by their old names, and
the partnership page shows them as former councils within their successors' areas.

Nobody is signed in with force_login and nothing the chain checks is written directly: people
exist as the invitation flow leaves them (``member_of``), everything else is a request.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import PASSWORD, association, give_totp, member_of
from tiex.assessments.tests.test_done_when import follow_to, form_data, text
from tiex.core.datasets import dataset_spec
from tiex.core.importing import run_import
from tiex.councils.models import Council
from tiex.partnerships.demo import load_demo
from tiex.partnerships.money import gbp_short

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not dataset_spec("councils").default_local_source().exists(), reason=f"no reference data at {settings.DATA_DIR}"
    ),
]

DATA = Path(__file__).parent / "data"
REGION = "South West"


@pytest.fixture
def make_run() -> None:
    """What `make run` loads on a fresh clone: `tiex bootstrap`'s spine, then `tiex demo`'s partnerships
    (a few seconds; per test, so no test sees another's changes)."""
    cache.clear()  # the map's cached vocabulary, and sign-in rate limits
    run_import("councils")
    run_import("esd-functions")
    load_demo()


def summary(response: Any) -> dict[str, str]:
    """The page's totals, as its summary list words them: {"Partnerships": "626", ...}."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    totals = soup.select_one("main dl.govuk-summary-list")
    assert totals is not None, "no totals on the page"
    return {
        row.select_one("dt").get_text(" ", strip=True): row.select_one("dd").get_text(" ", strip=True)  # type: ignore[union-attr]
        for row in totals.select(".govuk-summary-list__row")
    }


def listed_ids(client: Client, query: str) -> list[int]:
    """Every partnership the page lists, page after page, by the links a visitor follows."""
    ids: list[int] = []
    path = "/shared-services/" + query
    while path:
        html = client.get(path).content.decode()
        soup = BeautifulSoup(html, "html.parser")
        ids += [int(str(cell["data-ssm-partnership"])) for cell in soup.select("main td[data-ssm-partnership]")]
        following = soup.select_one("main .govuk-pagination__next a")
        path = str(following["href"]) if following else ""
        if path.startswith("?"):
            path = "/shared-services/" + path
    return ids


def sign_in(email: str, totp_secret: str | None = None) -> Client:
    """The sign-in form, as a browser posts it; then the authenticator code when one is asked for."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    client = Client()
    page = client.get("/account/login/").content.decode()
    response = client.post(
        "/account/login/", {**form_data(page, button="Sign in"), "login": email, "password": PASSWORD}
    )
    if totp_secret is not None:
        assert response["Location"] == "/account/2fa/authenticate/"
        page = client.get("/account/2fa/authenticate/").content.decode()
        code = str(format_hotp_value(hotp_value(totp_secret, int(time.time()) // 30)))
        response = client.post("/account/2fa/authenticate/", {**form_data(page, form_index=0), "code": code})
    assert response.status_code == 302 and response["Location"] == "/account/profile/", response
    return client


# --- What `make run` shows, and a region filter -----------------------------------------------------


def test_make_run_shows_the_2019_totals_and_a_region_filter_narrows_everything_alike(make_run: None) -> None:
    visitor = Client()
    front = visitor.get("/shared-services/")
    assert front.status_code == 200
    totals = summary(front)
    assert "In 2018/19" in text(front)
    assert totals["Partnerships"] == "626"
    assert totals["Cumulative savings"].startswith("£1.34bn")
    assert totals["Savings in 2018/19"] == "£200m"

    query = "?region=" + REGION.replace(" ", "+")
    page = visitor.get("/shared-services/" + query)
    narrowed = summary(page)
    on_page = listed_ids(visitor, query)
    api = visitor.get("/api/v1/partnerships" + query + "&limit=100").json()
    as_csv = list(
        csv.DictReader(io.StringIO(visitor.get("/shared-services/download.csv" + query).getvalue().decode("utf-8-sig")))
    )
    as_json = json.loads(visitor.get("/shared-services/download.json" + query).getvalue())
    as_geojson = json.loads(visitor.get("/shared-services/download.geojson" + query).getvalue())

    # The same partnerships everywhere: every one has a council in the region, and fewer than all.
    assert api["count"] <= 100 and len(on_page) == api["count"]
    refs = {item["id"]: item["reference"] for item in api["items"]}
    assert sorted(on_page) == sorted(refs)
    assert sorted(row["reference"] for row in as_csv) == sorted(refs.values())
    assert sorted(item["id"] for item in as_json["items"]) == sorted(refs)
    assert sorted(feature["properties"]["id"] for feature in as_geojson["features"]) == sorted(refs)
    assert 0 < len(refs) < 626
    # Each has a council in the region, or a former council now within a South West council's area.
    in_region = Council.objects.filter(region=REGION)
    south_west = set(in_region.values_list("gss_code", flat=True)) | set(
        Council.objects.filter(successors__in=in_region).values_list("gss_code", flat=True)
    )
    assert all(south_west & {council["gss"] for council in item["councils"]} for item in api["items"])
    # And the same totals: the page's words, the API's and the downloads' figures.
    assert api["totals"] == as_json["totals"] == as_geojson["totals"]
    assert narrowed["Partnerships"] == str(api["totals"]["partnerships"]) != totals["Partnerships"]
    assert narrowed["Councils involved"] == str(api["totals"]["councils"])
    assert int(narrowed["Partnerships"]) < 626


# --- Keeping it current: the refresh round ------------------------------------------------------------


def test_a_super_user_completes_the_refresh_return_from_the_e_mail_and_the_totals_change(
    make_run: None, django_capture_on_commit_callbacks: Any
) -> None:
    council = Council.objects.get(gss_code="E07000223")  # Adur, lead of a demo partnership running in 2018/19
    super_user = member_of(organisation_for_council(council=council), Role.SUPER_USER, email="sam@adur.example.org")
    editor = member_of(association(), Role.EDITOR, email="ed.editor@association.example.org")
    from allauth.mfa.utils import decrypt

    secret = decrypt(give_totp(editor).data["secret"])
    year_query = f"?year=2019&council={council.gss_code}"
    before = Client().get("/api/v1/partnerships" + year_query).json()["totals"]
    before_all = Client().get("/api/v1/partnerships?year=2019").json()["totals"]

    # An association editor signs in with password and code and opens the 2019/20 round.
    staff = sign_in(editor.email, totp_secret=secret)
    rounds = staff.get("/shared-services/refresh/")
    assert rounds.status_code == 200 and "Open a round" in rounds.content.decode()
    data = form_data(rounds.content.decode(), button="Open the round and e-mail the councils")
    data.update(financial_year="2019", closes_on="2099-06-30")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        opened = staff.post("/shared-services/refresh/", data)
    follow_to(staff, opened, "/shared-services/refresh/2019/")

    # The super-user follows the e-mailed link, signs in and lands on the return.
    messages = [message for message in mail.outbox if message.to == [super_user.email]]
    assert len(messages) == 1 and "2019/20" in messages[0].subject
    found = re.search(r"https?://\S+/shared-services/refresh/returns/\d+/", str(messages[0].body))
    assert found is not None, messages[0].body
    link = found.group(0)
    path = urlsplit(link).path
    person = Client()
    redirect = person.get(path)
    assert redirect.status_code == 302 and urlsplit(redirect["Location"]).path == "/account/login/"
    sign_in_page = person.get(redirect["Location"]).content.decode()
    login = {**form_data(sign_in_page, button="Sign in"), "login": super_user.email, "password": PASSWORD}
    landed = follow_to(person, person.post(redirect["Location"], login), path)
    html = landed.content.decode()
    assert "Shared services return for 2019/20" in html
    # The return lists the council's partnerships, each pre-filled with its latest figure.
    soup = BeautifulSoup(html, "html.parser")
    unchanged = {
        str(radio["name"]).removesuffix("-action"): label.get_text(" ", strip=True)
        for radio in soup.select('main input[type=radio][value=confirm][name$="-action"]')
        if (label := soup.select_one(f'label[for="{radio["id"]}"]')) is not None
    }
    assert len(unchanged) > 1, "the demo gives the council more than one partnership"
    updated, *confirmed = unchanged

    # The super-user updates one partnership's savings, confirms the others unchanged, and submits.
    data = form_data(html, button="Submit the return")
    carried = 0
    for prefix in confirmed:
        figure = re.match(r"Unchanged: £([\d,]+) ", unchanged[prefix])
        assert figure or unchanged[prefix] == "Unchanged: still no savings", unchanged[prefix]
        carried += int(figure.group(1).replace(",", "")) if figure else 0
        data[f"{prefix}-action"] = "confirm"
    data.update(
        {
            f"{updated}-action": "update",
            f"{updated}-amount_gbp": "1,000,000",
            f"{updated}-status": "achieved",
            f"{updated}-evidence": "audited_accounts",
        }
    )
    submitted = person.post(path, data, follow=True)
    assert "return is submitted" in submitted.content.decode(), text(submitted)[:3000]

    # The totals for 2019/20 change by that much: the council's and everyone's, on the page and the API.
    after = Client().get("/api/v1/partnerships" + year_query).json()["totals"]
    after_all = Client().get("/api/v1/partnerships?year=2019").json()["totals"]
    assert after["savings_in_year_gbp"] - before["savings_in_year_gbp"] == 1_000_000 + carried
    assert after_all["savings_in_year_gbp"] - before_all["savings_in_year_gbp"] == 1_000_000 + carried
    page = summary(Client().get("/shared-services/" + year_query))
    assert (
        page["Savings in 2019/20"]
        == gbp_short(after["savings_in_year_gbp"])
        != gbp_short(before["savings_in_year_gbp"])
    )


# --- Finding a partner -----------------------------------------------------------------------------


def test_a_council_registers_an_interest_and_sees_suggested_partners_with_reasons(make_run: None) -> None:
    council = Council.objects.get(gss_code="E06000043")  # Brighton and Hove
    member = member_of(organisation_for_council(council=council), Role.MEMBER, email="mo@brighton.example.org")
    client = sign_in(member.email)
    form_page = client.get("/shared-services/interests/new/")
    assert form_page.status_code == 200
    html = form_page.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    legal = next(
        option
        for option in soup.select("select[name=category] option")
        if option.get_text(strip=True).endswith(": Internal operation")  # what the demo's legal teams share
    )
    data = form_data(html)
    data.update(
        category=str(legal["value"]),
        looking_for="A partner council for our legal team",
        visibility=str(soup.select_one("input[name=visibility]")["value"]),  # type: ignore[index]
    )
    response = client.post("/shared-services/interests/new/", data)
    assert response.status_code == 302
    page = client.get(response["Location"])
    rows = BeautifulSoup(page.content.decode(), "html.parser").select("main table tbody tr")
    assert "Councils you might talk to" in text(page)
    assert rows, "no suggested councils"
    assert all(row.select("td")[-1].get_text(strip=True) for row in rows), "a suggestion without its reason"


# --- The import: councils abolished since 2019, by their old names ------------------------------------


def test_the_import_takes_councils_abolished_since_2019_by_their_old_names(make_run: None) -> None:
    out = StringIO()
    call_command("import_dataset", "partnerships", str(DATA / "partnerships_done_when.csv"), stdout=out)
    visitor = Client()
    api = visitor.get("/api/v1/partnerships?q=Aylesbury+Vale+and+Wycombe").json()
    assert [item["reference"] for item in api["items"]] == ["DONE-1"]
    page = text(visitor.get(f"/shared-services/{api['items'][0]['id']}/"))
    assert re.search(r"Aylesbury Vale \(lead council\) \(former council, now part of Buckinghamshire ?\)", page)
    assert re.search(r"Wycombe \(former council, now part of Buckinghamshire ?\)", page)
    found = visitor.get("/api/v1/partnerships?council=E06000060&limit=100").json()  # Buckinghamshire
    assert "DONE-1" in {item["reference"] for item in found["items"]}
    assert api["items"][0]["id"] in listed_ids(visitor, "?council=E06000060")

    somerset = visitor.get("/api/v1/partnerships?q=Taunton+Deane+and+West+Somerset").json()
    done_2 = next(item for item in somerset["items"] if item["reference"] == "DONE-2")
    assert {council["name"] for council in done_2["councils"]} == {"Taunton Deane", "West Somerset"}
    page = text(visitor.get(f"/shared-services/{done_2['id']}/"))
    assert re.search(r"Taunton Deane \(lead council\) \(former council, now part of ", page)
    assert re.search(r"West Somerset \(former council, now part of ", page)
    assert done_2["id"] in listed_ids(visitor, "?council=E06000066")  # Somerset, their successor since 2023
