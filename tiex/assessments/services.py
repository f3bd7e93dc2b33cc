"""Every write to self-assessments: start, answer, close, consensus, publish, withdraw, contact, offers.

Keyword-only functions inside one transaction each; they raise ValidationError with
a clear message. Permission ("may this person do it?") is asked by the adapters
through tiex.accounts.permissions; these functions check what the data must be.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tiex.assessments import closing, scoring, tasks
from tiex.assessments.models import (
    Assessment,
    ConsensusAnswer,
    FrameworkKind,
    FrameworkVersion,
    Participant,
    Response,
    Statement,
    Status,
    SupportOffer,
    Visibility,
)
from tiex.core.links import absolute_url
from tiex.core.services import audit_record


def _check_values(version: FrameworkVersion, values: Mapping[str, Any]) -> dict[str, int]:
    keys = set(version.dimensions.values_list("key", flat=True))
    allowed = set(version.levels.values_list("value", flat=True))
    clean: dict[str, int] = {}
    for key, value in values.items():
        if key not in keys:
            raise ValidationError(f"{key!r} is not asked in this framework.")
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"Choose a level for {key}.") from None
        if number not in allowed:
            raise ValidationError(f"{number} is not a level of this framework's scale.")
        clean[key] = number
    return clean


@transaction.atomic
def assessment_start(
    *,
    actor: Any,
    organisation: Any,
    version: FrameworkVersion,
    participants: Iterable[Any],
    closing_date: datetime.date,
    meeting_date: datetime.date | None = None,
    anonymous: bool = False,
    demo: bool = False,
) -> Assessment:
    """Open an assessment for a council's team; each participant is e-mailed a link to it."""
    if organisation.council_id is None:
        raise ValidationError("Only a council can assess itself.")
    if not version.published:
        raise ValidationError("Choose a published version of a framework.")
    if closing_date < closing.uk_today(timezone.now()) and not demo:
        raise ValidationError("The closing date must be today or later.")
    if meeting_date is not None and meeting_date < closing_date:
        raise ValidationError("The meeting comes after answers close.")
    people = list(dict.fromkeys(participants))
    if not people:
        raise ValidationError("Choose at least one participant.")
    members = set(organisation.memberships.values_list("user_id", flat=True))
    outsiders = [person for person in people if person.pk not in members]
    if outsiders:
        raise ValidationError("Participants must be members of the council.")
    assessment = Assessment.objects.create(
        council_id=organisation.council_id,
        organisation=organisation,
        version=version,
        status=Status.OPEN,
        closing_date=closing_date,
        meeting_date=meeting_date,
        anonymous=anonymous,
        demo=demo,
        created_by=actor,
    )
    Participant.objects.bulk_create(Participant(assessment=assessment, user=person) for person in people)
    audit_record(actor=actor, action="assessment.start", obj=assessment, after={"participants": len(people)})
    if not demo:
        emails = [person.email for person in people]
        # The address the super-user is using, unless TIEX_BASE_URL fixes one (tiex/core/links.py).
        link = absolute_url(reverse("assessments:detail", args=[assessment.pk]))
        context = {"assessment": assessment, "framework": version.framework, "link": link, "council": organisation.name}
        body = render_to_string("assessments/email/invited.txt", context)
        subject = f"Your views for {organisation.name}'s {version.framework.title} self-assessment"
        transaction.on_commit(
            lambda: [send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails]
        )
    return assessment


@transaction.atomic
def response_save(
    *,
    participant: Participant,
    statement: Statement,
    values: Mapping[str, Any] | None = None,
    ticked: Iterable[str] = (),
    comment: str = "",
) -> Response | None:
    """Save (or change) a participant's private answer to one statement (None when nothing was given)."""
    assessment = participant.assessment
    if assessment.status != Status.OPEN:
        raise ValidationError("Answers are closed for this assessment.")
    if closing.is_past(assessment.closing_date, timezone.now()):
        raise ValidationError(closing.closed_message(assessment.closing_date))
    version = assessment.version
    if statement.version_id != version.pk:
        raise ValidationError("That statement is not part of this assessment.")
    chosen: list[str] = []
    if version.framework.kind == FrameworkKind.INDICATORS:
        groups: dict[str, list[str]] = {}
        for code, group in statement.indicators.values_list("code", "group"):
            groups.setdefault(group, []).append(code)
        known = {code for codes in groups.values() for code in codes}
        chosen = [code for code in dict.fromkeys(ticked) if code]
        if set(chosen) - known:
            raise ValidationError("Tick only this outcome's own statements.")
        rules = [scoring.Rule(*rule) for rule in version.assessment_rules]
        level = scoring.outcome_level(rules, groups, chosen)
        clean = {"status": scoring.level_value(level, rules)}
    else:
        clean = _check_values(version, values or {})
    if len(comment) > 2000:
        raise ValidationError("Keep the comment to 2,000 characters.")
    if not clean and not chosen and not comment.strip() and version.framework.kind == FrameworkKind.SCALED:
        return None  # nothing given for this statement (yet)
    response, _ = Response.objects.update_or_create(
        participant=participant,
        statement=statement,
        defaults={"values": clean, "ticked": chosen, "comment": comment.strip(), "updated_at": timezone.now()},
    )
    return response


@transaction.atomic
def assessment_close(*, actor: Any, assessment: Assessment) -> Assessment:
    """Stop answers and move to the consensus; closed before the closing day ended, the team is e-mailed."""
    if assessment.status != Status.OPEN:
        raise ValidationError("Only an open assessment can be closed.")
    now = timezone.now()
    assessment.status = Status.CLOSED
    assessment.save(update_fields=["status"])
    audit_record(actor=actor, action="assessment.close", obj=assessment)
    if not closing.is_past(assessment.closing_date, now):  # early: the team is told
        _tell_team(assessment, closing_date=closing.uk_today(now), previous=assessment.closing_date, closed_early=True)
    return assessment


@transaction.atomic
def assessment_extend(
    *, actor: Any, assessment: Assessment, closing_date: datetime.date, meeting_date: datetime.date | None
) -> Assessment:
    """Move the closing date (to extend answering, or to reopen it after the day has passed) and the meeting date.

    Only while the assessment is open (not closed early, agreed or published). Written to the audit log;
    a new closing date is e-mailed to the participants.
    """
    if assessment.status != Status.OPEN:
        raise ValidationError("Answers were closed early or the consensus has started: the closing date cannot change.")
    if closing_date < closing.uk_today(timezone.now()):
        raise ValidationError("The closing date must be today or later.")
    if meeting_date is not None and meeting_date < closing_date:
        raise ValidationError("The meeting must be on or after the closing date.")
    previous = assessment.closing_date
    before = {"closing_date": previous.isoformat(), "meeting_date": _iso(assessment.meeting_date)}
    assessment.closing_date = closing_date
    assessment.meeting_date = meeting_date
    assessment.save(update_fields=["closing_date", "meeting_date"])
    after = {"closing_date": closing_date.isoformat(), "meeting_date": _iso(meeting_date)}
    audit_record(actor=actor, action="assessment.extend", obj=assessment, before=before, after=after)
    if closing_date != previous:
        _tell_team(assessment, closing_date=closing_date, previous=previous, closed_early=False)
    return assessment


def _tell_team(
    assessment: Assessment, *, closing_date: datetime.date, previous: datetime.date, closed_early: bool
) -> None:
    """Once the change commits, e-mail the participants the new closing date (a background task; never for a demo)."""
    if assessment.demo:
        return
    # Made now, in the super-user's request: the address they are using, unless TIEX_BASE_URL fixes one.
    link = absolute_url(reverse("assessments:detail", args=[assessment.pk]))
    pk, dates = assessment.pk, {"closing_date": closing_date.isoformat(), "previous": previous.isoformat()}
    transaction.on_commit(lambda: tasks.send_closing_date_changed.enqueue(pk, link, closed_early=closed_early, **dates))


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


@transaction.atomic
def consensus_save(*, actor: Any, assessment: Assessment, answers: Mapping[int, tuple[Mapping[str, Any], str]]) -> int:
    """Record the team's agreed answer (values and a note) for statements of the assessment; returns how many."""
    if assessment.status == Status.PUBLISHED:
        raise ValidationError("Withdraw the published result before changing the consensus.")
    statements = set(assessment.version.statements.values_list("pk", flat=True))
    saved = 0
    for statement_id, (values, note) in answers.items():
        if statement_id not in statements:
            raise ValidationError("That statement is not part of this assessment.")
        clean = _check_values(assessment.version, values)
        if not clean:
            ConsensusAnswer.objects.filter(assessment=assessment, statement_id=statement_id).delete()
            continue
        ConsensusAnswer.objects.update_or_create(
            assessment=assessment,
            statement_id=statement_id,
            defaults={"values": clean, "note": (note or "").strip()[:2000], "updated_at": timezone.now()},
        )
        saved += 1
    if assessment.status == Status.OPEN:
        assessment.status = Status.CLOSED
        assessment.save(update_fields=["status"])
    audit_record(actor=actor, action="assessment.consensus", obj=assessment, after={"statements": saved})
    return saved


def _theme_scores(assessment: Assessment) -> dict[str, float]:
    """The agreed result's mean per theme on the version's first dimension (what comparisons read)."""
    dimension = assessment.version.dimensions.order_by("order", "pk").values_list("key", flat=True).first()
    if dimension is None:
        return {}
    answers = ConsensusAnswer.objects.filter(assessment=assessment).values_list("statement__section__code", "values")
    return scoring.theme_scores(answers, dimension)


@transaction.atomic
def assessment_publish(*, actor: Any, assessment: Assessment, visibility: str) -> Assessment:
    """Publish the council's agreed result to the council, every signed-in person, or the public."""
    if visibility not in Visibility.values:
        raise ValidationError("Choose who may see the result.")
    if not assessment.consensus.exists():
        raise ValidationError("Record the consensus before publishing.")
    before = {"status": assessment.status, "visibility": assessment.visibility}
    assessment.status = Status.PUBLISHED
    assessment.visibility = visibility
    assessment.published_at = assessment.published_at or timezone.now()
    assessment.theme_scores = _theme_scores(assessment)
    assessment.save(update_fields=["status", "visibility", "published_at", "theme_scores"])
    action = "assessment.share" if before["status"] == Status.PUBLISHED else "assessment.publish"
    audit_record(actor=actor, action=action, obj=assessment, before=before, after={"visibility": visibility})
    return assessment


@transaction.atomic
def assessment_withdraw(*, actor: Any, assessment: Assessment) -> Assessment:
    """Take a published result back to the consensus stage (nobody outside the council sees it)."""
    if assessment.status != Status.PUBLISHED:
        raise ValidationError("Only a published result can be withdrawn.")
    before = {"status": assessment.status, "visibility": assessment.visibility}
    assessment.status = Status.CLOSED
    assessment.visibility = Visibility.COUNCIL
    assessment.theme_scores = {}  # counts in no comparison until published again
    assessment.save(update_fields=["status", "visibility", "theme_scores"])
    audit_record(actor=actor, action="assessment.withdraw", obj=assessment, before=before)
    return assessment


@transaction.atomic
def assessment_contact_set(*, actor: Any, assessment: Assessment, contactable: bool, email: str = "") -> Assessment:
    """The super-user's explicit choice that councils comparing themselves may contact the council about
    its strengths (off by default; only published results are ever shown). Recorded in the audit log."""
    email = email.strip()
    if contactable:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                "Enter the e-mail address other councils should write to, like name@council.gov.uk."
            ) from None
    before = {"contactable": assessment.contactable, "contact_email": assessment.contact_email}
    assessment.contactable = contactable
    assessment.contact_email = email if contactable else ""
    assessment.save(update_fields=["contactable", "contact_email"])
    after = {"contactable": assessment.contactable, "contact_email": assessment.contact_email}
    if after != before:
        action = "assessment.contactable" if contactable else "assessment.not_contactable"
        audit_record(actor=actor, action=action, obj=assessment, before=before, after=after)
    return assessment


@transaction.atomic
def support_offers_ensure(*, offers: Iterable[Mapping[str, Any]]) -> list[SupportOffer]:
    """Add the support offers that are missing (by ``key``); an offer already there is never changed,
    so what staff edited in the admin stays. Each new offer is written to the admin's history, which
    is what tells kept next steps that the offers changed (``selectors.next_steps``)."""
    from wagtail.log_actions import log

    from tiex.library.models import Theme

    themes = {theme.slug: theme for theme in Theme.objects.all()}
    existing = set(SupportOffer.objects.values_list("key", flat=True))
    created = []
    for position, entry in enumerate(offers):
        key = str(entry.get("key", "")).strip()
        if not key or not entry.get("title"):
            raise ValidationError(f"Offer {position + 1}: give it a key and a title.")
        unknown = [slug for slug in entry.get("exchange_themes", []) if slug not in themes]
        if unknown:
            raise ValidationError(f"Offer {key!r}: no Exchange theme {', '.join(unknown)}.")
        if key in existing:
            continue
        offer = SupportOffer.objects.create(
            key=key,
            title=entry["title"],
            summary=entry.get("summary", ""),
            url=entry.get("url", ""),
            framework_themes="\n".join(entry.get("framework_themes", [])),
            sort_order=position,
            demo=bool(entry.get("demo", False)),
        )
        offer.exchange_themes.set([themes[slug] for slug in entry.get("exchange_themes", [])])
        log(instance=offer, action="wagtail.create")
        existing.add(key)
        created.append(offer)
    return created
