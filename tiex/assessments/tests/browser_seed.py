"""The browser tests' "assessments" seed (see tiex/assessments/a11y_routes.py)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone


def seed_assessments() -> None:
    from tiex.accounts.models import Membership
    from tiex.accounts.roles import Role
    from tiex.accounts.tests.factories import UserFactory
    from tiex.assessments import services
    from tiex.assessments.a11y_routes import ASSESSMENT_PK, PUBLISHED_PK
    from tiex.assessments.models import Assessment, Participant
    from tiex.assessments.tests.factories import load, scaled_spec
    from tiex.core.tests.browser.conftest import ensure_organisation, get_super_user

    version = load(scaled_spec())
    organisation = ensure_organisation()
    lead = get_super_user(get_user_model())
    colleague = UserFactory(full_name="Casey Colleague")
    Membership.objects.create(user=colleague, organisation=organisation, role=Role.MEMBER)
    assessment = Assessment.objects.create(
        pk=ASSESSMENT_PK,
        council_id=organisation.council_id,
        organisation=organisation,
        version=version,
        closing_date=timezone.localdate() + datetime.timedelta(days=14),
        created_by=lead,
    )
    for person, now in ((lead, 2), (colleague, 4)):
        participant = Participant.objects.create(assessment=assessment, user=person)
        for statement in version.statements.all():
            services.response_save(
                participant=participant, statement=statement, values={"current": now, "ambition": 5}, comment="Seen"
            )
    services.consensus_save(
        actor=lead,
        assessment=assessment,
        answers={statement.pk: ({"current": 3, "ambition": 5}, "Agreed") for statement in version.statements.all()},
    )
    assessment.status = "open"
    assessment.save(update_fields=["status"])
    # Contactable already, so the publish page shows the contact address (and its error when wrong).
    services.assessment_contact_set(actor=lead, assessment=assessment, contactable=True, email=lead.email)
    published = Assessment.objects.create(
        pk=PUBLISHED_PK,
        council_id=organisation.council_id,
        organisation=organisation,
        version=version,
        closing_date=timezone.localdate(),
        created_by=lead,
    )
    answers = {statement.pk: ({"current": 2, "ambition": 4}, "") for statement in version.statements.all()}
    services.consensus_save(actor=lead, assessment=published, answers=answers)
    services.assessment_publish(actor=lead, assessment=published, visibility="public")
    # Next steps: the default support offers, and a council of the same type, strong everywhere,
    # that published publicly and chose to be contactable.
    from tiex.assessments.demo import load_offers
    from tiex.assessments.tests.factories import start, team
    from tiex.councils.models import Council
    from tiex.councils.tests.factories import CouncilFactory
    from tiex.library.services import taxonomy_ensure

    taxonomy_ensure()  # the offers name Exchange themes (a browser test's database starts empty)
    load_offers()
    home = Council.objects.get(pk=organisation.council_id)
    peer_organisation, peer_lead, peer_people = team(
        council=CouncilFactory(name="Peerton", type=home.type, region=home.region), members=1
    )
    peer = start(version, peer_organisation, peer_lead, peer_people)
    services.consensus_save(
        actor=peer_lead,
        assessment=peer,
        answers={statement.pk: ({"current": 5, "ambition": 5}, "") for statement in version.statements.all()},
    )
    services.assessment_publish(actor=peer_lead, assessment=peer, visibility="public")
    services.assessment_contact_set(
        actor=peer_lead, assessment=peer, contactable=True, email="improvement@peerton.example.gov.uk"
    )
    # An action in the council's plan, from the published result's first area for improvement.
    from tiex.plans.a11y_routes import ACTION_PK
    from tiex.plans.models import Action
    from tiex.plans.services import plan_ensure

    first = version.statements.order_by("order").first()
    Action.objects.create(
        pk=ACTION_PK,
        plan=plan_ensure(organisation=organisation),
        title="Agree a five-year financial plan with the cabinet",
        owner="Head of finance",
        due_date=timezone.localdate() + datetime.timedelta(days=90),
        source_kind="assessment",
        source_id=published.pk,
        source_ref=first.code if first else "",
        source_label=first.text if first else "",
        created_by=lead,
    )
