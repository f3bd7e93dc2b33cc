"""Issue 9's "Done when", as one chain through the pages, from the front door (SQLite and PostgreSQL).

What `make run` loads (the bundled frameworks, the CAF, the demo) shows on the front page;
then, on the bundled Transformation and innovation framework: a super-user signs in and
starts an assessment; each participant opens the link in the e-mail they were sent, signs
in and answers on the pages as posted by a browser; the super-user sees the disagreement
(most divided first), records the consensus (pre-filled from the median, one changed with a
note) and publishes it publicly; anyone reads it, the API lists it, a similar council's
comparison counts it, the theme scored low lists Exchange resources on that theme, and the
action the super-user adds from an area for improvement opens the next round.

Nobody is signed in with force_login and no assessment, answer or consensus is created
directly: every step is a request a person's browser makes (the browser suite,
tiex/core/tests/browser/test_assessment_journey.py, walks the same doors in Chromium).
"""

from __future__ import annotations

import datetime
import json
import re
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import PASSWORD, member_of
from tiex.assessments import services
from tiex.assessments.importers import import_bundled_frameworks
from tiex.assessments.models import Assessment, FrameworkVersion
from tiex.assessments.tests.factories import indicator_spec, load, start, team
from tiex.councils.tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

FRAMEWORK = "transformation-and-innovation"
THE_PUBLIC = "public"


# --- A browser's part, in a few lines ------------------------------------------------------------


def form_data(html: str, button: str | None = None, form_index: int = -1) -> dict[str, Any]:
    """What a browser would post from the page's form (the one holding ``button`` when it is given,
    else the last one unless told): every named input with its value, checked radios and checkboxes
    only, each select's selected option (or its first), each textarea's text; plus ``button``'s name
    and value when it is pressed."""
    forms = BeautifulSoup(html, "html.parser").select("main form")
    form = forms[form_index]
    if button is not None:
        label = re.compile(rf"^\s*{re.escape(button)}\s*$")
        form = next((each for each in forms if each.find("button", string=label)), form)
    data: dict[str, Any] = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        name = str(field["name"])
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[name] = str(chosen.get("value", chosen.text)) if chosen else ""
        elif field.get("type") in ("radio", "checkbox"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(str(field.get("value", "on")))
        elif field.get("type") not in ("submit", "button"):
            data[name] = str(field.get("value", ""))
    if button is not None:
        pressed = form.find("button", string=re.compile(rf"^\s*{re.escape(button)}\s*$"))
        assert pressed is not None, f"no {button!r} button on the form"
        if pressed.get("name"):
            data[str(pressed["name"])] = str(pressed.get("value", ""))
    return data


def follow_to(client: Client, response: Any, expected_path: str) -> Any:
    """Follow one redirect and check where it lands."""
    assert response.status_code == 302, f"expected a redirect, got {response.status_code}"
    assert urlsplit(response["Location"]).path == expected_path, response["Location"]
    return client.get(response["Location"])


def e_mail_link(address: str) -> str:
    messages = [message for message in mail.outbox if message.to == [address]]
    assert messages, f"no e-mail to {address}; sent: {[m.to for m in mail.outbox]}"
    links = re.findall(r"https?://\S+", messages[-1].body)
    assert len(links) == 1, messages[-1].body
    return links[0]


def open_link_and_sign_in(link: str, email: str) -> tuple[Client, Any]:
    """Open the e-mail's link signed out, sign in on the page it leads to, land where the link pointed."""
    client = Client()
    parts = urlsplit(link)
    assert parts.netloc == "testserver", f"the e-mail links to {parts.netloc}, not the site the super-user used"
    redirect = client.get(parts.path)
    assert redirect.status_code == 302
    sign_in_page = client.get(redirect["Location"])
    assert sign_in_page.status_code == 200 and "Sign in" in sign_in_page.content.decode()
    data = form_data(sign_in_page.content.decode(), button="Sign in")
    data.update(login=email, password=PASSWORD)
    landed = follow_to(client, client.post(redirect["Location"], data), parts.path)
    assert landed.status_code == 200
    return client, landed


def sign_in(email: str) -> Client:
    client = Client()
    page = client.get("/account/login/").content.decode()
    data = {**form_data(page, button="Sign in"), "login": email, "password": PASSWORD}
    response = client.post("/account/login/", data)
    assert response.status_code == 302 and response["Location"] == "/account/profile/", response
    return client


def text(response: Any) -> str:
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ", strip=True)


# --- What `make run` shows -------------------------------------------------------------------

CAF_FILE = settings.DATA_DIR / "frameworks" / "ncsc_caf_v4.0.yaml"


def load_the_frameworks_make_run_loads() -> None:
    """`tiex bootstrap` imports the bundled frameworks and the CAF dataset (a stand-in without ../shared/data)."""
    from tiex.core.importing import run_import

    import_bundled_frameworks()
    if CAF_FILE.exists():
        run_import("ncsc-caf")
    else:
        load(indicator_spec(slug="ncsc-caf"))


def test_make_run_shows_the_three_frameworks_and_demo_results() -> None:
    load_the_frameworks_make_run_loads()
    CouncilFactory.create_batch(8)
    CouncilFactory.create_batch(8, county_council=True)
    CouncilFactory.create_batch(8, unitary=True)
    call_command("demo", if_empty=True, stdout=StringIO())  # what bootstrap runs on a new database

    front = Client().get("/assessments/")
    assert front.status_code == 200
    page = text(front)
    frameworks = list(FrameworkVersion.objects.values_list("framework__title", flat=True).distinct())
    assert len(frameworks) == 3 and all(title in page for title in frameworks)
    assert "Published results you can see" in page
    public = Assessment.objects.filter(demo=True, status="published", visibility=THE_PUBLIC).first()
    assert public is not None and public.council.name in page
    result = Client().get(f"/assessments/{public.pk}/results/")
    assert result.status_code == 200 and "the council's result" in text(result)
    listed = Client().get("/api/v1/assessments?limit=100").json()
    assert listed["count"] > 0 and all(item["demo"] for item in listed["items"])


# --- The council's journey -------------------------------------------------------------------


def test_done_when_from_the_e_mail_to_the_next_round(django_capture_on_commit_callbacks: Any) -> None:
    from tiex.library.tests.factories import make_resource

    cache.clear()  # sign-in rate limits
    load_the_frameworks_make_run_loads()
    version = FrameworkVersion.objects.get(framework__slug=FRAMEWORK)
    home = CouncilFactory(name="Brightwater", county_council=True)
    similar = CouncilFactory(name="Peerfield", county_council=True)
    others = [CouncilFactory(name=f"Countyshire {i}", county_council=True) for i in range(4)]
    CouncilFactory(name="A district", type="NMD")  # another type: never in the group
    # Similar councils already share their results (published as any council would).
    for council, level in zip([similar, *others], (2, 3, 3, 4, 4), strict=True):
        organisation, lead, people = team(council=council, members=1)
        earlier = start(version, organisation, lead, people)
        answers = {s.pk: ({"current": level, "ambition": 5}, "") for s in version.statements.all()}
        services.consensus_save(actor=lead, assessment=earlier, answers=answers)
        services.assessment_publish(actor=lead, assessment=earlier, visibility=THE_PUBLIC)
    peerfield_result = Assessment.objects.get(council=similar)
    comparison_url = f"/api/v1/frameworks/{FRAMEWORK}/comparison?council={similar.gss_code}&group=same-type"
    before = Client().get(comparison_url).json()
    assert before["group"]["shared"] == 4  # Peerfield's group: the other five counties, four of which share
    assert all(theme["suppressed"] and theme["median"] is None for theme in before["themes"])
    place_resource = make_resource("Knowing Brightwater's places street by street", themes=("understanding-of-place",))

    organisation = organisation_for_council(council=home)
    lead = member_of(organisation, Role.SUPER_USER, full_name="Sam Sponsor", email="sam@brightwater.example.org")
    ash = member_of(organisation, Role.MEMBER, full_name="Ash Officer", email="ash@brightwater.example.org")
    bo = member_of(organisation, Role.MEMBER, full_name="Bo Councillor", email="bo@brightwater.example.org")

    # 1. The super-user signs in and starts the assessment on the form.
    boss = sign_in(lead.email)
    front = boss.get("/assessments/")
    assert 'href="/assessments/start/"' in front.content.decode()
    start_page = boss.get("/assessments/start/").content.decode()
    data = form_data(start_page, button="Start and tell the participants")
    closing = timezone.localdate() + datetime.timedelta(days=7)
    data.update(
        version=str(version.pk),
        participants=[str(person.pk) for person in (lead, ash, bo)],
        closing_date=closing.isoformat(),
        meeting_date=(closing + datetime.timedelta(days=2)).isoformat(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        started = boss.post("/assessments/start/", data)
    assessment = Assessment.objects.get(council=home)
    overview = follow_to(boss, started, f"/assessments/{assessment.pk}/")
    assert "We have e-mailed everyone taking part" in text(overview)

    # 2. Each participant opens the e-mail's link, signs in and answers every theme.
    statements = list(version.statements.order_by("section__order", "order"))
    first, second = statements[0], statements[1]  # both in "Understanding of place"
    divided = {lead: 1, ash: 5, bo: 2}  # the first statement divides the team most
    for person in (lead, ash, bo):
        assert mail.outbox and "self-assessment" in next(m.subject for m in mail.outbox if m.to == [person.email])
        client, landed = open_link_and_sign_in(e_mail_link(person.email), person.email)
        assert "You have answered 0 of" in text(landed)
        path = re.search(r'href="(/assessments/\d+/answer/[^"]+/)"', landed.content.decode()).group(1)  # type: ignore[union-attr]
        while True:
            page = client.get(path)
            html = page.content.decode()
            names = set(re.findall(r'name="(s\d+-(?:current|ambition))"', html))
            assert names, f"no questions on {path}"
            button = "Save and continue" if "Save and continue" in html else "Save and come back later"
            data = form_data(html, button=button)
            for name in names:
                statement_id = int(name[1:].split("-")[0])
                if name.endswith("-ambition"):
                    data[name] = "5"
                elif statement_id == first.pk:
                    data[name] = str(divided[person])
                elif statement_id == second.pk:
                    data[name] = "2"
                elif statement_id in {s.pk for s in statements if s.section.code == "place"}:
                    data[name] = "2"  # the place theme scores low
                else:
                    data[name] = "4"
            data[f"s{first.pk}-comment"] = f"{person.full_name}'s own view" if f"s{first.pk}-comment" in data else ""
            response = client.post(path, {key: value for key, value in data.items() if value != ""})
            assert response.status_code == 302, text(response)[:500]
            path = urlsplit(response["Location"]).path
            if path == f"/assessments/{assessment.pk}/":
                break
        done = text(client.get(path))
        assert f"You have answered {len(statements)} of {len(statements)}" in done
        assert "Not started" not in done

    # 3. The super-user sees where the team disagrees: the divided statement first, with names.
    disagreement = boss.get(f"/assessments/{assessment.pk}/disagreement/")
    rows = BeautifulSoup(disagreement.content.decode(), "html.parser").select("main tbody tr")
    assert first.code in rows[0].get_text(" ") and "Ash Officer: 5" in rows[0].get_text(" ")
    assert "Ash Officer's own view" in rows[0].get_text(" ")

    # 4. The consensus, pre-filled from the median (1, 2, 5: 2); one answer changed with a note.
    consensus = boss.get(f"/assessments/{assessment.pk}/consensus/").content.decode()
    data = form_data(consensus, button="Save the agreed answers")
    assert data[f"s{first.pk}-current"] == "2" and data[f"s{second.pk}-current"] == "2"
    data[f"s{first.pk}-current"] = "1"
    data[f"s{first.pk}-note"] = "We agreed we have barely started"
    saved = boss.post(f"/assessments/{assessment.pk}/consensus/", data)
    publish_page = follow_to(boss, saved, f"/assessments/{assessment.pk}/publish/").content.decode()

    # 5. Published to the public.
    data = form_data(publish_page, button="Publish")
    data["visibility"] = THE_PUBLIC
    published = boss.post(f"/assessments/{assessment.pk}/publish/", data)
    follow_to(boss, published, f"/assessments/{assessment.pk}/results/")

    # Anyone reads it; the note is there and nobody's own answers are.
    public = Client().get(f"/assessments/{assessment.pk}/results/")
    assert public.status_code == 200
    page = text(public)
    assert "Brightwater" in page and "the public can see it" in page
    assert "own view" not in page and "Action plan" not in page
    as_json = Client().get(f"/assessments/{assessment.pk}/results.json")
    assert as_json.streaming and as_json["Content-Type"] == "application/json"
    agreed = json.loads(as_json.getvalue())
    assert next(row for row in agreed["statements"] if row["code"] == first.code)["note"] == (
        "We agreed we have barely started"
    )

    # The API lists it.
    listed = Client().get(f"/api/v1/assessments?framework={FRAMEWORK}&council={home.gss_code}").json()
    assert [item["id"] for item in listed["items"]] == [assessment.pk]
    detail = Client().get(f"/api/v1/assessments/{assessment.pk}").json()
    assert next(row for row in detail["statements"] if row["code"] == first.code)["values"]["current"] == 1

    # The comparison of a similar council counts it: the fifth result, so the figures show.
    after = Client().get(comparison_url).json()
    assert after["group"]["shared"] == 5
    assert "Brightwater" in {council["name"] for council in after["group"]["councils"]}
    place = next(theme for theme in after["themes"] if theme["code"] == "place")
    assert (place["n"], place["suppressed"]) == (5, False)
    # Peerfield's group on its place theme: 3, 3, 4, 4 and Brightwater's 1.8 (counted, never named)
    assert (place["lower_quartile"], place["median"], place["upper_quartile"]) == (3.0, 3.0, 4.0)
    similar_page = text(Client().get(f"/assessments/{peerfield_result.pk}/results/?group=same-type"))
    assert "5 of them have shared" in similar_page and "Brightwater" in similar_page
    assert "Not shown: fewer than 5 councils" not in similar_page

    # The theme scored low lists the Exchange resource on that theme.
    results_html = boss.get(f"/assessments/{assessment.pk}/results/").content.decode()
    steps = BeautifulSoup(results_html, "html.parser")
    assert steps.find("a", string=place_resource.title, href=f"/exchange/{place_resource.slug}/")
    assert place_resource.title in text(Client().get(f"/assessments/{assessment.pk}/results/"))

    # 6. An action from an area for improvement, then the next round opens with the plan.
    link = re.search(
        rf'href="(/assessments/{assessment.pk}/actions/new/\?statement={re.escape(first.code)})"', results_html
    )
    assert link, "no 'Add an action' link for the area for improvement"
    action_page = boss.get(link.group(1).replace("&amp;", "&")).content.decode()
    data = form_data(action_page, button="Add the action")
    data.update(title="Map the county's places with its partners", owner="Head of policy", status="not-started")
    added = boss.post(f"/assessments/{assessment.pk}/actions/new/", data)
    assert added.status_code == 302 and added["Location"].endswith("#action-plan")
    assert "Map the county's places with its partners" in text(boss.get(added["Location"]))

    data = form_data(boss.get("/assessments/start/").content.decode(), button="Start and tell the participants")
    data.update(version=str(version.pk), participants=[str(ash.pk)], closing_date=closing.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        next_round = boss.post("/assessments/start/", data)
    newer = Assessment.objects.filter(council=home).latest("created_at")
    assert newer.pk != assessment.pk
    opened = follow_to(boss, next_round, f"/assessments/{newer.pk}/")
    assert "The action plan from the previous round" in text(opened)
    assert "Map the county's places with its partners" in text(opened)
    # The participant of the new round, from their new e-mail, sees the plan it opens with.
    _, landed = open_link_and_sign_in(e_mail_link(ash.email), ash.email)
    assert urlsplit(e_mail_link(ash.email)).path == f"/assessments/{newer.pk}/"
    assert "Map the county's places with its partners" in text(landed)
