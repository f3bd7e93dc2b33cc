"""Finding a partner: register an interest, see suggested councils, respond; who sees what."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import CouncilOrganisationFactory, member_of
from tiex.core.models import AuditEvent
from tiex.councils.tests.factories import ComparatorLinkFactory, CouncilFactory
from tiex.partnerships import selectors_interests, services_interests
from tiex.partnerships.models_interests import InterestResponse, InterestStatus, SharingInterest
from tiex.partnerships.tests.factories import PartnershipFactory, ServiceCategoryFactory

pytestmark = pytest.mark.django_db


def council(name: str, lat: float | None = None, lon: float | None = None, **extra):  # type: ignore[no-untyped-def]
    return CouncilFactory(name=name, latitude=lat, longitude=lon, **extra)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    legal = ServiceCategoryFactory(label="Legal services")
    ipswich = council("Ipswich", 52.0567, 1.1482)
    mid = council("Mid Suffolk", 52.2, 1.1482)
    babergh = council("Babergh", 52.0567, 0.9)
    org_ipswich = CouncilOrganisationFactory(council=ipswich)
    org_mid = CouncilOrganisationFactory(council=mid)
    return {
        "legal": legal,
        "ipswich": ipswich,
        "mid": mid,
        "babergh": babergh,
        "member": member_of(org_ipswich, Role.MEMBER, email="member@ipswich.example"),
        "super_mid": member_of(org_mid, Role.SUPER_USER, email="super@midsuffolk.example"),
        "member_mid": member_of(org_mid, Role.MEMBER),
    }


def interest_of(w, *, visible: bool = True, **extra) -> SharingInterest:  # type: ignore[no-untyped-def]
    return services_interests.interest_create(
        actor=w["member"],
        council_id=w["ipswich"].pk,
        category=w["legal"],
        looking_for="A partner for our legal team",
        visible_to_councils=visible,
        **extra,
    )


# --- Services --------------------------------------------------------------------------


def test_a_member_registers_an_interest_and_it_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    interest = interest_of(world)
    assert interest.status == InterestStatus.OPEN and interest.created_by == world["member"]
    assert AuditEvent.objects.filter(action="partnerships.interest.create", object_id=str(interest.pk)).exists()


def test_only_a_member_of_the_council_registers_its_interest(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services_interests.interest_create(
            actor=world["super_mid"],
            council_id=world["ipswich"].pk,
            category=world["legal"],
            looking_for="x",
            visible_to_councils=True,
        )


def test_a_blank_or_level_3_interest_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services_interests.interest_create(
            actor=world["member"],
            council_id=world["ipswich"].pk,
            category=world["legal"],
            looking_for="  ",
            visible_to_councils=True,
        )
    level3 = ServiceCategoryFactory(parent=ServiceCategoryFactory(parent=world["legal"]))
    with pytest.raises(ValidationError):
        services_interests.interest_create(
            actor=world["member"],
            council_id=world["ipswich"].pk,
            category=level3,
            looking_for="x",
            visible_to_councils=True,
        )


def test_another_councils_super_user_responds_and_the_creator_is_emailed(  # type: ignore[no-untyped-def]
    world, django_capture_on_commit_callbacks
) -> None:
    interest = interest_of(world)
    with pytest.raises(PermissionDenied):
        services_interests.interest_respond(
            actor=world["member_mid"], interest=interest, council_id=world["mid"].pk, message="Hello"
        )
    with pytest.raises(PermissionDenied):  # not for its own council
        services_interests.interest_respond(
            actor=world["member"], interest=interest, council_id=world["ipswich"].pk, message="Hello"
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = services_interests.interest_respond(
            actor=world["super_mid"],
            interest=interest,
            council_id=world["mid"].pk,
            message="We share ours with Babergh.",
        )
    assert AuditEvent.objects.filter(action="partnerships.interest.respond", object_id=str(response.pk)).exists()
    assert [message.to for message in mail.outbox] == [["member@ipswich.example"]]
    assert "We share ours with Babergh." in mail.outbox[0].body
    assert f"/shared-services/interests/{interest.pk}/" in mail.outbox[0].body
    assert "Mid Suffolk replied" in mail.outbox[0].subject


def test_a_private_or_closed_interest_takes_no_response(world) -> None:  # type: ignore[no-untyped-def]
    private = interest_of(world, visible=False)
    with pytest.raises(PermissionDenied):
        services_interests.interest_respond(
            actor=world["super_mid"], interest=private, council_id=world["mid"].pk, message="Hello"
        )
    closed = services_interests.interest_close(actor=world["member"], interest=interest_of(world))
    assert closed.status == InterestStatus.CLOSED and closed.closed_at is not None
    assert AuditEvent.objects.filter(action="partnerships.interest.close", object_id=str(closed.pk)).exists()
    with pytest.raises(ValidationError):
        services_interests.interest_respond(
            actor=world["super_mid"], interest=closed, council_id=world["mid"].pk, message="Hello"
        )
    assert not InterestResponse.objects.exists() and not mail.outbox


def test_only_the_councils_members_close_its_interest(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services_interests.interest_close(actor=world["super_mid"], interest=interest_of(world))


# --- Suggestions -----------------------------------------------------------------------


def test_suggestions_from_partnerships_and_published_interests_never_private_ones(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    norwich = council("Norwich", 52.6286, 1.2924)
    hidden = council("Hidden", 52.06, 1.15)
    ended = council("Ended", 52.06, 1.15)
    former = council("Old District", 52.06, 1.15, former=True)
    child = ServiceCategoryFactory(parent=w["legal"], label="Conveyancing")
    PartnershipFactory(name="Anglia Legal", councils=[w["mid"], w["babergh"], former], categories=[child])
    PartnershipFactory(name="Ended legal", councils=[ended], categories=[w["legal"]], status="ended")
    PartnershipFactory(name="Waste only", councils=[hidden], categories=[ServiceCategoryFactory()])
    SharingInterest.objects.create(council=norwich, category=w["legal"], looking_for="x", visible_to_councils=True)
    SharingInterest.objects.create(council=hidden, category=w["legal"], looking_for="x", visible_to_councils=False)
    ComparatorLinkFactory(
        council=w["ipswich"], neighbour=w["babergh"], kind="geographic-neighbours", rank=1, note="borders"
    )
    interest = interest_of(w)

    found = selectors_interests.interest_suggestions(interest)

    names = [item.council.name for item in found]
    # Every council here is a district like Ipswich (the same type), so all come first; nearest first.
    assert names == ["Mid Suffolk", "Babergh", "Norwich"]
    assert found[1].reason == (
        "shares legal services with Mid Suffolk and Old District in Anglia Legal; 17 km away; "
        "the same type of council (non-metropolitan district); a geographic neighbour"
    )
    assert found[2].reason.startswith("is also looking to share legal services; 6")


def test_a_statistical_neighbour_is_named_and_comes_first(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    county = council("Suffolk", 52.19, 1.0, county_council=True)
    far = council("Far County", 54.0, -2.0, county_council=True)
    near = council("Near Unitary", 52.1, 1.1, unitary=True)
    org = CouncilOrganisationFactory(council=county)
    person = member_of(org, Role.MEMBER)
    PartnershipFactory(name="P", councils=[far, near], categories=[w["legal"]])
    ComparatorLinkFactory(council=county, neighbour=far, kind="dfe-statistical-neighbours", rank=1, note="Close")
    interest = services_interests.interest_create(
        actor=person, council_id=county.pk, category=w["legal"], looking_for="x", visible_to_councils=False
    )

    found = selectors_interests.interest_suggestions(interest)

    assert [item.council.name for item in found] == ["Far County", "Near Unitary"]
    assert found[0].reason.endswith("; a statistical neighbour")


# --- Pages -----------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client, world) -> None:  # type: ignore[no-untyped-def]
    interest = interest_of(world)
    for path in (
        "/shared-services/interests/",
        "/shared-services/interests/new/",
        f"/shared-services/interests/{interest.pk}/",
    ):
        assert client.get(path)["Location"].startswith("/account/login/")


def test_a_member_registers_an_interest_and_lands_on_suggestions_with_reasons(client, world) -> None:  # type: ignore[no-untyped-def]
    w = world
    PartnershipFactory(name="Anglia Legal", councils=[w["mid"], w["babergh"]], categories=[w["legal"]])
    client.force_login(w["member"])

    form = client.get("/shared-services/interests/new/")
    assert form.status_code == 200 and "Legal services" in form.content.decode()
    bad = client.post("/shared-services/interests/new/", {"category": w["legal"].pk, "looking_for": "Kept text"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Choose who can see it" in text and "Kept text" in text and "govuk-error-summary" in text

    response = client.post(
        "/shared-services/interests/new/",
        {"category": w["legal"].pk, "looking_for": "A partner for our legal team", "visibility": "published"},
        follow=True,
    )
    text = response.content.decode()
    interest = SharingInterest.objects.get()
    assert response.redirect_chain[-1][0] == f"/shared-services/interests/{interest.pk}/"
    assert interest.council == w["ipswich"] and interest.visible_to_councils
    assert "Councils you might talk to" in text
    assert "Shares legal services with Babergh in Anglia Legal; 16 km away" in text


def test_someone_with_no_council_may_not_register(client) -> None:  # type: ignore[no-untyped-def]
    from tiex.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/shared-services/interests/new/").status_code == 403


def test_a_private_interest_is_404_to_other_councils_and_not_listed(client, world) -> None:  # type: ignore[no-untyped-def]
    private = interest_of(world, visible=False)
    client.force_login(world["super_mid"])
    assert client.get(f"/shared-services/interests/{private.pk}/").status_code == 404
    assert client.post(f"/shared-services/interests/{private.pk}/respond/", {"message": "Hi"}).status_code == 404
    assert client.post(f"/shared-services/interests/{private.pk}/close/").status_code == 404
    assert "A partner for our legal team" not in client.get("/shared-services/interests/").content.decode()


def test_another_councils_super_user_sees_the_notice_and_responds(
    client, world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    w = world
    interest = interest_of(w)
    SharingInterest.objects.create(council=w["mid"], category=w["legal"], looking_for="Ours", visible_to_councils=False)
    client.force_login(w["super_mid"])

    listing = client.get("/shared-services/interests/").content.decode()
    assert "1 other council is looking to share services your council is interested in" in listing
    assert "Matches your interest" in listing
    page = client.get(f"/shared-services/interests/{interest.pk}/").content.decode()
    assert "Respond to Ipswich" in page and "Councils you might talk to" not in page

    assert (
        client.post(
            f"/shared-services/interests/{interest.pk}/respond/", {"council": w["mid"].pk, "message": ""}
        ).status_code
        == 400
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/shared-services/interests/{interest.pk}/respond/",
            {"council": w["mid"].pk, "message": "Talk to us"},
            follow=True,
        )
    assert "Your response is sent to Ipswich." in sent.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["member@ipswich.example"]

    # A member (not a super-user) of Mid Suffolk may read it but not respond.
    client.force_login(w["member_mid"])
    assert client.post(f"/shared-services/interests/{interest.pk}/respond/", {"message": "x"}).status_code == 403
    # The interested council sees the response.
    client.force_login(w["member"])
    assert "Talk to us" in client.get(f"/shared-services/interests/{interest.pk}/").content.decode()


def test_a_member_closes_their_councils_interest(client, world) -> None:  # type: ignore[no-untyped-def]
    interest = interest_of(world)
    client.force_login(world["super_mid"])
    assert client.post(f"/shared-services/interests/{interest.pk}/close/").status_code == 403
    client.force_login(world["member"])
    response = client.post(f"/shared-services/interests/{interest.pk}/close/", follow=True)
    assert "The interest is closed" in response.content.decode()
    interest.refresh_from_db()
    assert interest.status == InterestStatus.CLOSED
