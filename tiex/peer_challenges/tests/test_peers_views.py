"""The pool pages, the team page, "my challenges" and feedback: who sees what, and what writes do."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import CouncilOrganisationFactory, UserFactory, association, give_totp, member_of
from tiex.councils.models import ComparatorKind, Party
from tiex.councils.tests.factories import ComparatorLinkFactory, CouncilFactory
from tiex.partnerships.tests.factories import PartnershipFactory
from tiex.peer_challenges.models import Feedback, Peer, Skill, TeamMember, TeamRole
from tiex.peer_challenges.reference import reference_load
from tiex.peer_challenges.tests.factories import (
    ChallengeFactory,
    FeedbackFactory,
    PeerFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> Client:
    editor = member_of(association(), Role.EDITOR)
    give_totp(editor)
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    reference_load()
    council = CouncilFactory(name="Aldershire", type="CTY", population_2020=600_000, control="con")
    neighbour = CouncilFactory(name="Bexford", type="CTY")
    partner = CouncilFactory(name="Cradley", type="NMD")
    district = CouncilFactory(name="Little Alder", type="NMD", county=council)
    elsewhere = CouncilFactory(name="Dunmore", type="UA", region="North West")
    ComparatorLinkFactory(council=neighbour, neighbour=council, kind=ComparatorKind.GEOGRAPHIC_NEIGHBOURS, rank=1)
    PartnershipFactory(name="Alder Legal", councils=[council, partner])
    challenge = ChallengeFactory(
        council=council,
        reference="cpc-2026-aldershire",
        focus_areas="Housing delivery",
        visit_start=date(2026, 3, 2),
        visit_end=date(2026, 3, 5),
    )
    peers = {
        "own": PeerFactory(full_name="Own Councillor", council=council),
        "neighbour": PeerFactory(full_name="Neighbour Councillor", council=neighbour),
        "partner": PeerFactory(full_name="Partner Councillor", council=partner),
        "district": PeerFactory(full_name="District Councillor", council=district),
        "labour": PeerFactory(full_name="Lee Labour", council=elsewhere, party=Party.LABOUR),
        "tory": PeerFactory(full_name="Connie Conservative", council=elsewhere, party=Party.CONSERVATIVE),
        "officer": PeerFactory(full_name="Olive Officer", council=elsewhere, officer=True),
    }
    peers["officer"].skills.add(Skill.objects.get(slug="housing"))
    return {"council": council, "challenge": challenge, "peers": peers, "elsewhere": elsewhere}


def test_the_pool_is_for_staff_only(world: dict[str, Any], staff: Client) -> None:
    anonymous, member = Client(), Client()
    member.force_login(UserFactory())
    peer = world["peers"]["labour"]
    for url in ("/peer-challenges/peers/", f"/peer-challenges/peers/{peer.pk}/", "/peer-challenges/peers/new/"):
        assert anonymous.get(url).status_code == 302
        assert member.get(url).status_code == 403
        assert staff.get(url).status_code == 200


def test_the_pool_filters(world: dict[str, Any], staff: Client) -> None:
    page = staff.get("/peer-challenges/peers/?kind=officer").content.decode()
    assert "Olive Officer" in page and "Lee Labour" not in page
    page = staff.get("/peer-challenges/peers/?party=con&region=North+West").content.decode()
    assert "Connie Conservative" in page and "Lee Labour" not in page
    page = staff.get("/peer-challenges/peers/?skill=housing&available=yes").content.decode()
    assert "Olive Officer" in page and "Connie" not in page
    assert "No peers match" in staff.get("/peer-challenges/peers/?accredited=yes").content.decode()
    bad = staff.get("/peer-challenges/peers/?party=nonsense")
    assert bad.status_code == 400 and "Choose a party from the list" in bad.content.decode()


def test_staff_add_and_edit_a_peer_with_clear_errors(world: dict[str, Any], staff: Client) -> None:
    response = staff.post("/peer-challenges/peers/new/", {"full_name": "", "kind": "officer"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the peer&#x27;s full name" in page and "Choose the council they serve at" in page
    response = staff.post(
        "/peer-challenges/peers/new/",
        {"full_name": "Pat Peer", "kind": "officer", "council": world["elsewhere"].pk, "role": "", "party": "lab"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Only member peers have a party" in page and "Enter the officer peer&#x27;s role" in page
    response = staff.post(
        "/peer-challenges/peers/new/",
        {
            "full_name": "Pat Peer",
            "kind": "member",
            "council": world["elsewhere"].pk,
            "party": "ld",
            "skills": ["finance", "housing"],
            "available": "on",
            "trained_on": "2019-03-01",
            "accredited_on": "2019-06-01",
        },
    )
    peer = Peer.objects.get(full_name="Pat Peer")
    assert response.status_code == 302 and response["Location"] == f"/peer-challenges/peers/{peer.pk}/"
    assert set(peer.skills.values_list("slug", flat=True)) == {"finance", "housing"} and peer.available
    response = staff.post(
        f"/peer-challenges/peers/{peer.pk}/edit/",
        {"full_name": "Pat Peer", "kind": "member", "council": world["elsewhere"].pk, "party": "green"},
    )
    peer.refresh_from_db()
    assert response.status_code == 302 and peer.party == "green" and not peer.available
    assert not peer.skills.exists()


def test_the_team_page_suggests_no_conflicted_peer_and_says_why(world: dict[str, Any], staff: Client) -> None:
    response = staff.get("/peer-challenges/cpc-2026-aldershire/team/")
    assert response.status_code == 200
    suggestions = response.content.decode().split('id="suggestions"')[1].split('id="find"')[0]
    for name in ("Own Councillor", "Neighbour Councillor", "Partner Councillor", "District Councillor"):
        assert f">{name}</a>" not in suggestions
    assert "Connie Conservative" in suggestions and "Olive Officer" in suggestions
    assert "Conservative, the party in control of Aldershire" in suggestions
    assert "Offers housing and homelessness" in suggestions or "offers housing and homelessness" in suggestions
    assert "Bexford: a geographic neighbour" in suggestions
    assert "Cradley: in a partnership with it (Alder Legal)" in suggestions
    assert "Little Alder: one of its districts" in suggestions


def test_staff_add_remove_and_record_days(world: dict[str, Any], staff: Client) -> None:
    peers, url = world["peers"], "/peer-challenges/cpc-2026-aldershire/team/"
    response = staff.post(url + "add/", {"peer": peers["tory"].pk, "role": "lead-member", "reason": "accredited"})
    assert response.status_code == 302 and response["Location"].startswith(url)
    member = TeamMember.objects.get(peer=peers["tory"])
    assert member.role == TeamRole.LEAD_MEMBER and member.reason == "accredited"
    # The neighbour's peer is refused, with why; so is a second lead and an officer in a member role.
    refused = staff.post(url + "add/", {"peer": peers["neighbour"].pk, "role": "member-peer"})
    assert refused.status_code == 400 and "Bexford is a geographic neighbour" in refused.content.decode()
    refused = staff.post(url + "add/", {"peer": peers["labour"].pk, "role": "lead-member"})
    assert "The team already has a lead member peer" in refused.content.decode()
    refused = staff.post(url + "add/", {"peer": peers["officer"].pk, "role": "member-peer"})
    assert "is one of the member peers" in refused.content.decode()
    # Member peers now favour a party not on the team.
    page = staff.get(url).content.decode()
    assert "Labour: a party not yet on the team" in page
    response = staff.post(f"{url}{member.pk}/days/", {f"m{member.pk}-days": "3.5"})
    member.refresh_from_db()
    assert response.status_code == 302 and member.days == Decimal("3.5")
    bad = staff.post(f"{url}{member.pk}/days/", {f"m{member.pk}-days": "45"})
    assert bad.status_code == 400 and "Enter peer days from 0 to 30" in bad.content.decode()
    assert staff.post(f"{url}{member.pk}/remove/").status_code == 302
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    assert staff.get("/peer-challenges/no-such-challenge/team/").status_code == 404


def test_find_someone_not_suggested(world: dict[str, Any], staff: Client) -> None:
    page = staff.get("/peer-challenges/cpc-2026-aldershire/team/?q=olive").content.decode()
    assert "Peers matching “olive”" in page and 'Add<span class="govuk-visually-hidden"> Olive Officer</span>' in page


def test_a_peer_sees_only_their_own_challenges(world: dict[str, Any]) -> None:
    user = UserFactory()
    peer = world["peers"]["labour"]
    peer.user = user
    peer.save()
    TeamMemberFactory(challenge=world["challenge"], peer=peer)
    TeamMemberFactory(peer=world["peers"]["tory"])  # someone else's challenge
    client = Client()
    client.force_login(user)
    page = client.get("/peer-challenges/mine/").content.decode()
    assert "Aldershire" in page and page.count('scope="row"') == 1
    assert "Give your feedback" in page
    stranger = Client()
    stranger.force_login(UserFactory())
    assert "You are not in the association" in stranger.get("/peer-challenges/mine/").content.decode()
    assert Client().get("/peer-challenges/mine/").status_code == 302


def test_feedback_once_each_from_a_peer_and_from_the_council(world: dict[str, Any]) -> None:
    challenge, peer = world["challenge"], world["peers"]["labour"]
    peer.user = UserFactory()
    peer.save()
    TeamMemberFactory(challenge=challenge, peer=peer)
    as_peer = Client()
    as_peer.force_login(peer.user)
    url = "/peer-challenges/cpc-2026-aldershire/feedback/"
    missing = as_peer.post(url + "peer/", {"comments": "x"})
    assert missing.status_code == 400 and "Say whether the challenge had a positive impact" in missing.content.decode()
    assert as_peer.post(url + "peer/", {"positive_impact": "yes", "satisfied": "no"}).status_code == 302
    assert as_peer.post(url + "peer/", {"positive_impact": "no", "satisfied": "no"}).status_code == 400
    assert Feedback.objects.filter(peer=peer).count() == 1
    assert "You gave your feedback" in as_peer.get(url + "peer/").content.decode()
    assert as_peer.get(url + "council/").status_code == 403

    super_user = member_of(CouncilOrganisationFactory(council=challenge.council), Role.SUPER_USER)
    as_council = Client()
    as_council.force_login(super_user)
    assert as_council.get(url + "peer/").status_code == 403
    assert as_council.post(url + "council/", {"positive_impact": "yes", "satisfied": "yes"}).status_code == 302
    assert as_council.post(url + "council/", {"positive_impact": "yes", "satisfied": "yes"}).status_code == 400
    assert Feedback.objects.filter(given_by="council").count() == 1


def test_feedback_opens_after_the_visit(world: dict[str, Any]) -> None:
    later = ChallengeFactory(
        council=world["council"], reference="later", visit_start=timezone.localdate() + timedelta(days=30)
    )
    super_user = member_of(CouncilOrganisationFactory(council=later.council), Role.SUPER_USER)
    client = Client()
    client.force_login(super_user)
    page = client.get("/peer-challenges/later/feedback/council/").content.decode()
    assert "Feedback opens when the on-site visit has ended" in page and "<form" not in page.split("</header>")[1]


def test_yearly_feedback_figures_for_staff(world: dict[str, Any], staff: Client) -> None:
    FeedbackFactory(challenge=world["challenge"], positive_impact=True, satisfied=False)
    other = ChallengeFactory(visit_start=date(2025, 6, 1))
    FeedbackFactory(challenge=other, positive_impact=False, satisfied=False)
    page = staff.get("/peer-challenges/feedback/").content.decode()
    assert "2025/26" in page and "50% (1)" in page
    member = Client()
    member.force_login(UserFactory())
    assert member.get("/peer-challenges/feedback/").status_code == 403


def test_the_challenge_page_links_the_feedback_forms_once_the_visit_is_over(world: dict[str, Any]) -> None:
    """The council's super-user and each peer on the team find their feedback form on the challenge's
    page after the visit; nobody else is offered one, and nobody before the visit."""
    challenge, peer = world["challenge"], world["peers"]["labour"]
    peer.user = UserFactory()
    peer.save()
    TeamMemberFactory(challenge=challenge, peer=peer)
    super_user = member_of(CouncilOrganisationFactory(council=challenge.council), Role.SUPER_USER)
    later = ChallengeFactory(
        council=world["council"], reference="later", visit_start=timezone.localdate() + timedelta(days=30)
    )
    TeamMemberFactory(challenge=later, peer=peer)
    url = "/peer-challenges/cpc-2026-aldershire/"
    for user, offered, not_offered in (
        (peer.user, f'href="{url}feedback/peer/"', f'href="{url}feedback/council/"'),
        (super_user, f'href="{url}feedback/council/"', f'href="{url}feedback/peer/"'),
    ):
        client = Client()
        client.force_login(user)
        page = client.get(url).content.decode()
        assert offered in page and not_offered not in page
        form = client.get(offered.removeprefix('href="').removesuffix('"')).content.decode()
        assert f'href="{url}"' in form  # and back to the challenge from the form
        assert "feedback/" not in client.get("/peer-challenges/later/").content.decode()
    member = member_of(CouncilOrganisationFactory(council=world["elsewhere"]), Role.MEMBER)
    client = Client()
    client.force_login(member)
    assert "feedback/" not in client.get(url).content.decode()
