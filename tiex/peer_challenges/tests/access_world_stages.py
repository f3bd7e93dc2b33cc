"""For the access matrix (tiex/core/tests/access_world.py): council A's challenges; path keys.

``pc_a``: a challenge past its report (visit 100 days ago), with a team, a private position
statement (a link) and a timetable session; ``pc_enquiry``: an enquiry, private to the council.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from tiex.accounts.tests.factories import UserFactory
from tiex.peer_challenges import services_timetable
from tiex.peer_challenges.models import DocumentKind, Stage
from tiex.peer_challenges.tests.stages_helpers import People, advance, new_challenge


def access_world_peer_challenges(council_a: Any, council_b: Any, users: dict[str, Any]) -> dict[str, str]:
    who = People(
        council=council_a,
        other_council=council_b,
        staff=users["editor"],
        super_user=users["super_a"],
        member=users["member_a"],
        outsider=users["member_b"],
        peer_user=UserFactory(email="peer.on.team@example.org"),
        stranger=None,
    )
    challenge = advance(new_challenge(who), who, through=Stage.REPORT, visit_end=date.today() - timedelta(days=100))
    statement = challenge.documents.get(kind=DocumentKind.POSITION_STATEMENT)
    assert challenge.visit_start is not None
    at = timezone.make_aware(datetime.combine(challenge.visit_start, datetime.min.time().replace(hour=10)))
    session = services_timetable.visit_session_add(
        actor=who.staff, challenge=challenge, starts_at=at, ends_at=None, kind="interview", title="The leader"
    )
    enquiry = new_challenge(who)
    return {
        "pc_a": challenge.reference,
        "pc_enquiry": enquiry.reference,
        "pc_private_doc": str(statement.pk),
        "pc_session": str(session.pk),
    }
