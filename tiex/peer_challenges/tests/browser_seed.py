"""The browser tests' "peer_challenges" seed (see tiex/peer_challenges/a11y_routes.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta


def seed_peer_challenges() -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tiex.accounts.tests.factories import UserFactory
    from tiex.core.tests.browser.conftest import ensure_organisation, get_editor, get_super_user
    from tiex.councils.tests.factories import CouncilFactory
    from tiex.peer_challenges import services_timetable
    from tiex.peer_challenges.a11y_routes import DOCUMENT_PK, ENQUIRY, REFERENCE
    from tiex.peer_challenges.models import Challenge, Document, DocumentKind, Stage
    from tiex.peer_challenges.tests.stages_helpers import People, advance, new_challenge

    users = get_user_model()
    council = ensure_organisation().council
    who = People(
        council=council,
        other_council=CouncilFactory(name="Otherton"),
        staff=get_editor(users),
        super_user=get_super_user(users),
        member=None,
        outsider=None,
        peer_user=UserFactory(email="pat.peer@example.org", full_name="Pat Peer"),
        stranger=None,
    )
    challenge = advance(new_challenge(who), who, through=Stage.REPORT, visit_end=date.today() - timedelta(days=100))
    Challenge.objects.filter(pk=challenge.pk).update(reference=REFERENCE, focus_areas="Housing delivery\nHigh streets")
    challenge.refresh_from_db()
    at = timezone.make_aware(datetime.combine(challenge.visit_start, datetime.min.time().replace(hour=9)))
    for hour, kind, title, met in (
        (0, "interview", "The leader and chief executive", 2),
        (2, "focus-group", "Front-line staff", 14),
    ):
        services_timetable.visit_session_add(
            actor=who.staff,
            challenge=challenge,
            starts_at=at + timedelta(hours=hour),
            ends_at=at + timedelta(hours=hour + 1),
            kind=kind,
            title=title,
            location="Town hall",
            people_met=met,
        )
    Document.objects.create(
        pk=DOCUMENT_PK,
        challenge=challenge,
        kind=DocumentKind.BACKGROUND,
        title="Budget book 2025/26",
        url="https://testshire.example.org/budget.pdf",
        added_by=who.super_user,
    )
    enquiry = new_challenge(who)
    Challenge.objects.filter(pk=enquiry.pk).update(reference=ENQUIRY)
