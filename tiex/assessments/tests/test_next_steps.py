"""Next steps of a result: contactable strong councils (who may be named, to whom) and the
association's support offers (data loaded from a file, edited in the staff admin)."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tiex.assessments import services
from tiex.assessments.demo import OFFERS_PATH, load_offers
from tiex.assessments.models import Assessment, SupportOffer
from tiex.assessments.tests.factories import load, scaled_spec, start, team
from tiex.core.models import AuditEvent
from tiex.councils.tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _result(
    version: Any, council: Any, *, place: int, visibility: str | None = "public", email: str = "", other: int = 3
) -> Any:
    """A council's agreed result: ``place`` on every statement of the place theme, ``other`` elsewhere;
    published to ``visibility`` (None: agreed, not published); contactable at ``email`` if given."""
    organisation, lead, people = team(council=council, members=1)
    assessment = start(version, organisation, lead, people)
    answers = {s.pk: ({"current": other, "ambition": 5}, "") for s in version.statements.all()}
    for statement in version.statements.filter(section__code="place"):
        answers[statement.pk] = ({"current": place, "ambition": 5}, "")
    services.consensus_save(actor=lead, assessment=assessment, answers=answers)
    if visibility:
        services.assessment_publish(actor=lead, assessment=assessment, visibility=visibility)
    if email:
        services.assessment_contact_set(actor=lead, assessment=assessment, contactable=True, email=email)
    return assessment, lead


@pytest.fixture
def world() -> dict[str, Any]:
    """A home council weak on place, and councils of its type (its comparator group) in every state."""
    version = load(scaled_spec())
    councils = {
        name: CouncilFactory(name=name)
        for name in ("Home", "Asker", "Quiet", "Private", "Unpublished", "Weak", "Members", "Earlier")
    }
    councils["Elsewhere"] = CouncilFactory(name="Elsewhere", unitary=True)  # another type: not in the group
    home, lead = _result(version, councils["Home"], place=1, other=5)  # weak on place only
    _result(version, councils["Asker"], place=5, email="asker@example.gov.uk")
    _result(version, councils["Quiet"], place=5)  # strong, published, did not opt in
    _result(version, councils["Private"], place=5, visibility="council", email="private@example.gov.uk")
    _result(version, councils["Unpublished"], place=5, visibility=None, email="draft@example.gov.uk")
    _result(version, councils["Weak"], place=2, email="weak@example.gov.uk")
    _result(version, councils["Members"], place=5, visibility="signed-in", email="members@example.gov.uk")
    _result(version, councils["Elsewhere"], place=5, email="elsewhere@example.gov.uk")
    # Contactable in an earlier round, not in its latest: only the latest result counts.
    earlier, _ = _result(version, councils["Earlier"], place=5, email="earlier@example.gov.uk")
    Assessment.objects.filter(pk=earlier.pk).update(published_at=earlier.published_at.replace(year=2020))
    _result(version, councils["Earlier"], place=5)
    return {"version": version, "home": home, "lead": lead}


def _steps(page: str) -> str:
    return page[page.index('id="next-steps"') :]


def test_only_strong_published_visible_opted_in_councils_of_the_group_are_named(world) -> None:
    page = _steps(client_for(world["lead"]).get(f"/assessments/{world['home'].pk}/results/").content.decode())
    assert "Councils to ask" in page
    assert "Asker" in page and "mailto:asker@example.gov.uk" in page
    assert "Members" in page and "members@example.gov.uk" in page  # shared with signed-in people
    for absent in ("Quiet", "Private", "Unpublished", "draft@", "Weak", "weak@", "Elsewhere", "earlier@"):
        assert absent not in page, absent
    # Named only under the theme they are strong in, never ranked: in order of name.
    assert page.index("Asker") < page.index("Members")


def test_the_public_sees_no_contact_details(world) -> None:
    Assessment.objects.filter(pk=world["home"].pk).update(visibility="public")
    page = Client().get(f"/assessments/{world['home'].pk}/results/").content.decode()
    assert "asker@example.gov.uk" not in page and "members@example.gov.uk" not in page
    steps = _steps(page)
    assert "Councils to ask" not in steps
    assert "Asker" not in steps and "Members" not in steps


def test_a_signed_in_person_of_another_council_sees_only_what_is_shared_with_them(world) -> None:
    _organisation, outsider, _people = team(council=CouncilFactory(name="Outsider"), members=0)
    page = _steps(client_for(outsider).get(f"/assessments/{world['home'].pk}/results/").content.decode())
    assert "asker@example.gov.uk" in page and "members@example.gov.uk" in page
    assert "private@example.gov.uk" not in page and "draft@example.gov.uk" not in page


def test_a_council_that_withdraws_or_opts_out_disappears_at_once(world) -> None:
    url = f"/assessments/{world['home'].pk}/results/"
    client = client_for(world["lead"])
    assert "asker@example.gov.uk" in client.get(url).content.decode()
    asker = Assessment.objects.get(council__name="Asker")
    services.assessment_contact_set(actor=None, assessment=asker, contactable=False)
    assert "asker@example.gov.uk" not in client.get(url).content.decode()
    services.assessment_contact_set(actor=None, assessment=asker, contactable=True, email="asker@example.gov.uk")
    services.assessment_withdraw(actor=None, assessment=asker)
    assert "asker@example.gov.uk" not in client.get(url).content.decode()


def test_the_super_user_opts_in_on_the_publish_page_and_it_is_recorded(world) -> None:
    home, lead = world["home"], world["lead"]
    assert not home.contactable  # off by default
    client = client_for(lead)
    form = client.get(f"/assessments/{home.pk}/publish/").content.decode()
    assert "May other councils contact you about your strengths?" in form and lead.email in form
    refused = client.post(
        f"/assessments/{home.pk}/publish/", {"contact": "1", "contactable": "yes", "contact_email": "nope"}
    )
    assert refused.status_code == 400 and "Enter the e-mail address" in refused.content.decode()
    response = client.post(
        f"/assessments/{home.pk}/publish/",
        {"contact": "1", "contactable": "yes", "contact_email": "policy@home.gov.uk"},
    )
    assert response.status_code == 302 and response["Location"].endswith("/publish/#contact")
    home.refresh_from_db()
    assert home.contactable and home.contact_email == "policy@home.gov.uk"
    event = AuditEvent.objects.filter(action="assessment.contactable", object_id=str(home.pk)).get()
    assert event.actor_id == lead.pk and event.after["contact_email"] == "policy@home.gov.uk"
    client.post(f"/assessments/{home.pk}/publish/", {"contact": "1", "contactable": "no"})
    home.refresh_from_db()
    assert not home.contactable and home.contact_email == ""
    assert AuditEvent.objects.filter(action="assessment.not_contactable", object_id=str(home.pk)).count() == 1


def test_only_the_super_user_chooses(world) -> None:
    member = world["home"].participants.exclude(user=world["lead"]).first().user
    response = client_for(member).post(
        f"/assessments/{world['home'].pk}/publish/", {"contact": "1", "contactable": "yes", "contact_email": "a@b.uk"}
    )
    assert response.status_code == 403
    assert not Assessment.objects.get(pk=world["home"].pk).contactable


def test_a_contact_address_is_required() -> None:
    version = load(scaled_spec())
    home, lead = _result(version, CouncilFactory(), place=1)
    with pytest.raises(ValidationError):
        services.assessment_contact_set(actor=lead, assessment=home, contactable=True, email="")


# --- Support offers ----------------------------------------------------------------------------


def test_the_default_offers_are_data_loaded_once_and_link_only_to_real_pages() -> None:
    with OFFERS_PATH.open("rb") as handle:
        entries = tomllib.load(handle)["offer"]
    assert load_offers() == f"{len(entries)} support offers added."
    assert load_offers() == "0 support offers added."
    offers = list(SupportOffer.objects.all())
    assert len(offers) == len(entries) and all(offer.demo for offer in offers)
    # Links only to the association's own published pages; the rest have none.
    assert all(offer.url == "" or offer.url.startswith("https://www.local.gov.uk/our-support/") for offer in offers)


def test_a_loaded_offer_is_never_overwritten() -> None:
    load_offers()
    SupportOffer.objects.filter(key="peer-challenge").update(title="Our own words")
    load_offers()
    assert SupportOffer.objects.get(key="peer-challenge").title == "Our own words"


def test_offers_show_under_the_areas_they_match_and_general_ones_once(world) -> None:
    load_offers()
    page = _steps(client_for(world["lead"]).get(f"/assessments/{world['home'].pk}/results/").content.decode())
    assert "Support from the association" in page
    # Transformation support names understanding-of-place, the weak theme's Exchange theme.
    assert "Transformation and capacity support" in page
    assert "Financial resilience support" not in page  # the home council is not weak on money
    assert page.count("Peer challenge") == 1 and "Support for any theme" in page
    assert 'href="https://www.local.gov.uk/our-support/council-assurance-and-peer-challenge/' in page
    assert "Example" in page  # demo wording is marked


def test_an_offer_naming_the_framework_theme_shows(world) -> None:
    services.support_offers_ensure(
        offers=[{"key": "place-clinic", "title": "Place clinic", "framework_themes": ["test-scaled/place"]}]
    )
    page = _steps(client_for(world["lead"]).get(f"/assessments/{world['home'].pk}/results/").content.decode())
    assert "Place clinic" in page and "Example" not in page


def test_an_offer_edited_in_the_staff_admin_shows_at_once(world) -> None:
    from tiex.accounts.roles import Role
    from tiex.accounts.tests.factories import association, give_totp, member_of

    load_offers()
    url = f"/assessments/{world['home'].pk}/results/"
    viewer = client_for(world["lead"])
    assert "Transformation and capacity support" in viewer.get(url).content.decode()  # kept now
    admin = member_of(association(), Role.ADMIN)
    give_totp(admin)
    offer = SupportOffer.objects.get(key="transformation-support")
    edit = client_for(admin).post(
        f"/admin/snippets/assessments/supportoffer/edit/{offer.pk}/",
        {
            "title": "Capacity clinic",
            "key": offer.key,
            "summary": offer.summary,
            "url": "",
            "exchange_themes": [str(pk) for pk in offer.exchange_themes.values_list("pk", flat=True)],
            "framework_themes": "",
            "sort_order": "4",
            "demo": "",
        },
    )
    assert edit.status_code == 302 and "/admin/snippets/" in edit["Location"]
    page = viewer.get(url).content.decode()
    assert "Capacity clinic" in page and "Transformation and capacity support" not in page


def test_a_resource_published_on_the_weak_theme_shows_at_once(world) -> None:
    from tiex.library.tests.factories import make_resource

    url = f"/assessments/{world['home'].pk}/results/"
    viewer = client_for(world["lead"])
    assert "Nothing is published on understanding of place and priority setting yet" in _steps(
        viewer.get(url).content.decode()
    )
    make_resource("Knowing our place better", themes=("understanding-of-place",))
    page = _steps(viewer.get(url).content.decode())
    assert "Knowing our place better" in page and "Nothing is published" not in page


def test_the_action_page_offers_the_resources_next_steps_suggest_for_the_statement(world) -> None:
    from tiex.library.tests.factories import make_resource

    make_resource("Knowing our place better", themes=("understanding-of-place",))
    make_resource("Money matters", themes=("financial-planning",))
    page = client_for(world["lead"]).get(f"/assessments/{world['home'].pk}/actions/new/?statement=P1")
    text = page.content.decode()
    assert page.status_code == 200 and "Knowing our place better" in text and "Money matters" not in text
