"""The answering page's statements, kept per framework version (answer_statements): each person
still sees only their own answers, a closed assessment its read-only form, a changed version its
own text, and the kept page is the page a fresh render gives."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from tiex.assessments import answer_statements, services
from tiex.assessments.models import FrameworkVersion, Participant, Statement
from tiex.assessments.tests.factories import indicator_spec, load, scaled_spec, start, team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept() -> None:
    answer_statements.forget()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(html: str) -> str:
    """The page's form without its CSRF token (a new one on every view)."""
    form = html[html.index("<form") : html.index("</form>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", form)


def _checked(html: str) -> list[str]:
    return re.findall(r'<input [^>]*id="([^"]+)"[^>]* checked', html)


def _answer(seat: Participant, code: str, values: dict[str, int], comment: str = "") -> Statement:
    statement = Statement.objects.get(version=seat.assessment.version, code=code)
    services.response_save(participant=seat, statement=statement, values=values, comment=comment)
    return statement


def test_each_person_sees_only_their_own_answers_on_a_kept_page() -> None:
    version = load(scaled_spec())
    organisation, lead, people = team(members=2)
    assessment = start(version, organisation, lead, people)
    first, second = (assessment.participants.get(user=person) for person in people)
    p1 = _answer(first, "P1", {"current": 2, "ambition": 4}, comment="First's <b>note</b> & more")
    p2 = _answer(second, "P2", {"current": 5}, comment="Second's note")
    url = f"/assessments/{assessment.pk}/answer/place/"

    mine = _client(people[0]).get(url).content.decode()  # keeps the theme's pieces
    theirs = _client(people[1]).get(url).content.decode()  # served from them
    again = _client(people[0]).get(url).content.decode()

    assert _checked(mine) == [f"s{p1.pk}-current-2", f"s{p1.pk}-ambition-4"] == _checked(again)
    assert "First&#x27;s &lt;b&gt;note&lt;/b&gt; &amp; more</textarea>" in mine
    assert "Second" not in mine and "First" not in theirs
    assert _checked(theirs) == [f"s{p2.pk}-current-5"]
    assert "Second&#x27;s note</textarea>" in theirs


def test_a_kept_page_is_the_page_a_fresh_render_gives() -> None:
    version = load(scaled_spec())
    organisation, lead, people = team(members=1)
    assessment = start(version, organisation, lead, people)
    seat = assessment.participants.get(user=people[0])
    _answer(seat, "P1", {"current": 1, "ambition": 3}, comment="Quotes \" and ' and <script>")
    client = _client(people[0])
    url = f"/assessments/{assessment.pk}/answer/place/"
    with override_settings(DEBUG=True):  # nothing is kept while templates may change
        fresh = _form(client.get(url).content.decode())
    assert not answer_statements._kept
    client.get(url)
    kept = _form(client.get(url).content.decode())
    assert answer_statements._kept and kept == fresh


def test_a_closed_assessment_is_not_served_the_open_form() -> None:
    version = load(scaled_spec())
    organisation, lead, people = team(members=1)
    assessment = start(version, organisation, lead, people)
    client = _client(people[0])
    url = f"/assessments/{assessment.pk}/answer/place/"
    assert " disabled" not in _form(client.get(url).content.decode())
    assessment.closing_date = timezone.localdate() - datetime.timedelta(days=1)
    assessment.save(update_fields=["closing_date"])
    closed = _form(client.get(url).content.decode())
    assert closed.count(" disabled") == 2 * 2 * 5  # two statements, two dimensions, five levels
    assert closed.count(' readonly aria-describedby="answers-closed"') == 2


def test_a_changed_framework_version_is_never_served_the_old_text() -> None:
    """A version's pieces are keyed on its id, content hash and import time: the same id with new
    content (a database made again) is rendered afresh."""
    version = load(scaled_spec())
    organisation, lead, people = team(members=1)
    assessment = start(version, organisation, lead, people)
    client = _client(people[0])
    url = f"/assessments/{assessment.pk}/answer/place/"
    assert "We know our place." in client.get(url).content.decode()
    Statement.objects.filter(version=version, code="P1").update(text="We know our place well.")
    FrameworkVersion.objects.filter(pk=version.pk).update(
        content_hash="changed", imported_at=version.imported_at + datetime.timedelta(seconds=1)
    )
    page = client.get(url).content.decode()
    assert "We know our place well." in page and "We know our place.<" not in page


def test_a_draft_version_is_never_kept() -> None:
    version = load(scaled_spec())
    organisation, lead, people = team(members=1)
    assessment = start(version, organisation, lead, people)
    FrameworkVersion.objects.filter(pk=version.pk).update(published=False)
    client = _client(people[0])
    assert client.get(f"/assessments/{assessment.pk}/answer/place/").status_code == 200
    assert not answer_statements._kept


def test_ticked_indicators_are_each_persons_own() -> None:
    version = load(indicator_spec())
    organisation, lead, people = team(members=2)
    assessment = start(version, organisation, lead, people)
    first, second = (assessment.participants.get(user=person) for person in people)
    outcome = Statement.objects.get(version=version, code="A1.a")
    services.response_save(participant=first, statement=outcome, values={}, ticked=["A1", "A2"])
    services.response_save(participant=second, statement=outcome, values={}, ticked=["NA1"])
    url = f"/assessments/{assessment.pk}/answer/A1/"
    mine = _client(people[0]).get(url).content.decode()
    theirs = _client(people[1]).get(url).content.decode()
    assert _checked(mine) == [f"s{outcome.pk}-3", f"s{outcome.pk}-4"]
    assert _checked(theirs) == [f"s{outcome.pk}-1"]


def test_someone_not_taking_part_gets_no_answering_page() -> None:
    version = load(scaled_spec())
    organisation, lead, people = team(members=2)
    assessment = start(version, organisation, lead, people[:1])
    assert _client(people[1]).get(f"/assessments/{assessment.pk}/answer/place/").status_code == 404
    assert _client(people[0]).get(f"/assessments/{assessment.pk + 1}/answer/place/").status_code == 404
