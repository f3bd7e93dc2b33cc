"""Board members (an account linked to an active BoardMember) claim open-mic slots on behalf of others."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tiex.accounts.tests.factories import UserFactory
from tiex.board.tests.factories import BoardMemberFactory
from tiex.events import services
from tiex.events.permissions import may_claim_for_other
from tiex.events.tests.factories import open_mic

pytestmark = pytest.mark.django_db


def test_an_active_board_member_claims_for_someone_else() -> None:
    user = UserFactory()
    BoardMemberFactory(user=user)
    assert may_claim_for_other(user)
    slot = services.slot_claim(user=user, session=open_mic(), slot=0, topic="Buses", on_behalf_of="Dev Dunmore")
    assert (slot.speaker_name, slot.on_behalf, slot.claimed_by_id) == ("Dev Dunmore", True, user.pk)


def test_a_former_or_unlinked_board_member_may_not() -> None:
    former = UserFactory()
    BoardMemberFactory(user=former, active=False)
    BoardMemberFactory()  # a seat linked to nobody gives nobody anything
    session = open_mic()
    for user in (former, UserFactory()):
        assert not may_claim_for_other(user)
        with pytest.raises(PermissionDenied):
            services.slot_claim(user=user, session=session, slot=0, topic="x", on_behalf_of="Someone")


def test_an_inactive_account_linked_to_the_board_may_not() -> None:
    user = UserFactory(is_active=False)
    BoardMemberFactory(user=user)
    assert not may_claim_for_other(user)


def test_the_running_order_offers_board_members_the_on_behalf_field() -> None:
    session = open_mic()
    url = f"/events/{session.event.slug}/sessions/{session.pk}/open-mic/"
    member, delegate = UserFactory(), UserFactory()
    BoardMemberFactory(user=member)
    client = Client()
    client.force_login(delegate)
    assert 'name="on_behalf_of"' not in client.get(url).content.decode()
    client.force_login(member)
    assert 'name="on_behalf_of"' in client.get(url).content.decode()
    response = client.post(url, {"slot": "0", "topic": "Trees", "on_behalf_of": "Elin Elderwood"})
    assert response.status_code == 302
    assert session.slots.get(slot=0).speaker_name == "Elin Elderwood"
