"""Writes for the Shared Services Map: refresh rounds and councils' returns.

Every function is keyword-only, runs in one transaction and records an audit event
(tiex.core.services.audit_record); those that change partnerships or their savings bump
the partnerships' state (services_state.state_bump), under which what is read is kept.
E-mails are never sent inside a request: opening or chasing a round enqueues
``tasks.send_return_links`` on the "background" task backend (a queue in the database,
so the task exists only if the round's transaction commits).
See docs/partnerships.md, "Keeping it current".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tiex.accounts import selectors as accounts_selectors
from tiex.core.links import absolute_url
from tiex.core.services import audit_record
from tiex.partnerships import selectors_refresh
from tiex.partnerships.models import (
    FIRST_YEAR,
    LAST_YEAR,
    ConfirmationOutcome,
    CouncilReturn,
    Partnership,
    PartnershipConfirmation,
    PartnershipCouncil,
    PartnershipStatus,
    RefreshRound,
    ReturnStatus,
    Savings,
    SavingsEvidence,
    SavingsStatus,
    ServiceCategory,
)
from tiex.partnerships.services_state import state_bump

# --- Rounds -----------------------------------------------------------------------------------


def round_open(
    *, actor: Any, financial_year: int, closes_on: datetime.date, opens_on: datetime.date | None = None
) -> RefreshRound:
    """Open a round for a financial year: a return for every council asked, and an e-mail to their super-users.

    Refused while another round is open, or when the year already had a round.
    """
    opens_on = opens_on or timezone.localdate()
    if not FIRST_YEAR <= financial_year <= LAST_YEAR:
        raise ValidationError({"financial_year": f"Give a year between {FIRST_YEAR} and {LAST_YEAR}."})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "The closing date must be on or after the day the round opens."})
    with transaction.atomic():
        still_open = selectors_refresh.round_open_now()
        if still_open is not None:
            raise ValidationError(f"The {still_open} round is still open: close it before opening another.")
        if RefreshRound.objects.filter(financial_year=financial_year).exists():
            raise ValidationError({"financial_year": "There has already been a round for that financial year."})
        refresh_round = RefreshRound.objects.create(
            financial_year=financial_year,
            opens_on=opens_on,
            closes_on=closes_on,
            opened_by=actor if getattr(actor, "is_authenticated", False) else None,
            opened_at=timezone.now(),
        )
        council_ids = list(selectors_refresh.councils_asked().values_list("pk", flat=True))
        CouncilReturn.objects.bulk_create(
            CouncilReturn(round=refresh_round, council_id=council_id) for council_id in council_ids
        )
        audit_record(
            actor=actor,
            action="partnership_round.open",
            obj=refresh_round,
            after={"financial_year": financial_year, "closes_on": closes_on, "returns": len(council_ids)},
        )
        _enqueue_links(refresh_round, reminder=False)
    return refresh_round


def round_chase(*, actor: Any, refresh_round: RefreshRound) -> int:
    """E-mail a reminder (in the background) to the super-users of every council yet to submit; how many returns."""
    if not refresh_round.is_open:
        raise ValidationError("The round is closed.")
    with transaction.atomic():
        missing = list(selectors_refresh.returns_missing(refresh_round).values_list("pk", flat=True))
        audit_record(actor=actor, action="partnership_round.chase", obj=refresh_round, after={"returns": len(missing)})
        if missing:
            _enqueue_links(refresh_round, reminder=True, return_ids=missing)
    return len(missing)


def round_close(*, actor: Any, refresh_round: RefreshRound) -> RefreshRound:
    """Close a round: its returns can no longer be changed; its confirmations stand."""
    with transaction.atomic():
        locked = RefreshRound.objects.select_for_update().get(pk=refresh_round.pk)
        if locked.closed_at is not None:
            raise ValidationError("The round is already closed.")
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        audit_record(actor=actor, action="partnership_round.close", obj=locked)
    return locked


def _enqueue_links(refresh_round: RefreshRound, *, reminder: bool, return_ids: Sequence[int] | None = None) -> None:
    from tiex.partnerships.tasks import send_return_links

    send_return_links.enqueue(refresh_round.pk, list(return_ids) if return_ids is not None else None, reminder)


def return_links_send(*, round_id: int, return_ids: Sequence[int] | None, reminder: bool) -> int:
    """E-mail each return's link to its council's super-users (the background task's work); how many e-mails.

    Records ``last_emailed_at`` (and ``last_reminded_at`` for a reminder) on each return
    whose council has a super-user; a council with none is left for staff to contact.
    """
    refresh_round = RefreshRound.objects.get(pk=round_id)
    returns = CouncilReturn.objects.filter(round=refresh_round).select_related("council")
    if return_ids is not None:
        returns = returns.filter(pk__in=return_ids)
    if reminder:
        returns = returns.exclude(status=ReturnStatus.SUBMITTED)
    returns_list = list(returns)
    emails = accounts_selectors.council_super_user_emails(council_ids=[r.council_id for r in returns_list])
    sent = 0
    for council_return in returns_list:
        recipients = emails.get(council_return.council_id, [])
        if not recipients:
            continue
        context = {
            "council_return": council_return,
            "council": council_return.council,
            "round": refresh_round,
            "reminder": reminder,
            "link": absolute_url(reverse("partnerships:refresh_return", args=[council_return.pk])),
        }
        subject = render_to_string("partnerships/email/return_subject.txt", context).strip()
        body = render_to_string("partnerships/email/return_message.txt", context)
        for address in recipients:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
            sent += 1
        now = timezone.now()
        changes: dict[str, Any] = {"last_emailed_at": now}
        if reminder:
            changes["last_reminded_at"] = now
        CouncilReturn.objects.filter(pk=council_return.pk).update(**changes)
    return sent


# --- A council's return -------------------------------------------------------------------------


class Action:
    CONFIRM = "confirm"
    UPDATE = "update"
    NO_SAVINGS = "no_savings"
    ENDED = "ended"


@dataclass(frozen=True)
class Decision:
    """What the return says about one partnership (the form's cleaned answer)."""

    partnership_id: int
    action: str
    amount_gbp: int | None = None
    status: str = SavingsStatus.ACHIEVED
    evidence: str = SavingsEvidence.NONE
    reason: str = ""
    end_year: int | None = None


def _check_open(council_return: CouncilReturn) -> None:
    if not council_return.round.is_open:
        raise ValidationError("This round has closed: the return can no longer be changed.")


def _upsert_year_row(
    partnership: Partnership, year: int, *, amount: int, status: str, evidence: str, actor: Any, now: Any
) -> Savings:
    row, _ = Savings.objects.update_or_create(
        partnership=partnership,
        financial_year=year,
        defaults={
            "amount_gbp": amount,
            "status": status,
            "evidence": evidence,
            "confirmed_by": actor,
            "confirmed_by_name": "",
            "confirmed_at": now,
        },
    )
    return row


def _year_figures(decision: Decision, item: selectors_refresh.ReturnItem, key: str) -> tuple[int, str, str] | None:
    """The (amount, status, evidence) a confirm or an update writes as the year's row.

    A confirm keeps the figures the form showed (this year's, else the latest earlier year's);
    None when there are none and the partnership has a reason for no savings (nothing to write).
    """
    if decision.action == Action.CONFIRM:
        shown = item.shown_row
        if shown is None:
            if not item.partnership.no_savings_reason:
                raise ValidationError({key: "There are no figures to confirm: give this year's savings or a reason."})
            return None
        return shown.amount_gbp, shown.status, shown.evidence
    if decision.amount_gbp is None:
        raise ValidationError({key: "Give this year's savings in pounds."})
    return decision.amount_gbp, decision.status, decision.evidence


def _apply(decision: Decision, item: selectors_refresh.ReturnItem, year: int, actor: Any, now: Any) -> str:
    """Write one decision; the outcome to record. Raises ValidationError keyed ``p<id>``."""
    partnership = item.partnership
    key = f"p{partnership.pk}"
    if decision.action in (Action.CONFIRM, Action.UPDATE):
        figures = _year_figures(decision, item, key)
        if figures is not None:  # the year's row, written once
            amount, status, evidence = figures
            _upsert_year_row(partnership, year, amount=amount, status=status, evidence=evidence, actor=actor, now=now)
        return ConfirmationOutcome.CONFIRMED if decision.action == Action.CONFIRM else ConfirmationOutcome.UPDATED
    if decision.action == Action.NO_SAVINGS:
        reason = decision.reason.strip()
        if not reason:
            raise ValidationError({key: "Say why there are no savings this year."})
        Savings.objects.filter(partnership=partnership, financial_year=year).delete()
        partnership.no_savings_reason = reason
        partnership.save(update_fields=["no_savings_reason", "updated_at"])
        return ConfirmationOutcome.UPDATED
    if decision.action == Action.ENDED:
        end_year = decision.end_year
        if end_year is None or not FIRST_YEAR <= end_year <= LAST_YEAR:
            raise ValidationError({key: "Give the year it ended, for example 2019."})
        if partnership.start_year is not None and end_year < partnership.start_year:
            raise ValidationError({key: f"It cannot end before it started ({partnership.start_year})."})
        partnership.end_year = end_year
        partnership.status = PartnershipStatus.ENDED
        partnership.save(update_fields=["end_year", "status", "updated_at"])
        return ConfirmationOutcome.ENDED
    raise ValidationError({key: "Choose what has happened to this partnership."})


def return_save(
    *, actor: Any, council_return: CouncilReturn, decisions: Iterable[Decision], submit: bool = False
) -> CouncilReturn:
    """Apply the return's decisions (savings written with who confirmed them and when); submit if asked.

    Submitting needs a decision on every partnership of the return, now or saved earlier.
    All or nothing: a problem with any decision changes nothing and raises ValidationError.
    """
    with transaction.atomic():
        council_return = (
            CouncilReturn.objects.select_for_update().select_related("round", "council").get(pk=council_return.pk)
        )
        _check_open(council_return)
        year = council_return.round.financial_year
        items = {item.partnership.pk: item for item in selectors_refresh.return_items(council_return)}
        now = timezone.now()
        problems: dict[str, list[str]] = {}
        done: dict[int, str] = {}
        for decision in decisions:
            item = items.get(decision.partnership_id)
            if item is None:
                raise ValidationError("That partnership is not on this council's return.")
            try:
                outcome = _apply(decision, item, year, actor, now)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    problems.setdefault(name, []).extend(messages)
                continue
            if item.confirmation is not None and item.confirmation.outcome == ConfirmationOutcome.ADDED:
                outcome = ConfirmationOutcome.ADDED
            PartnershipConfirmation.objects.update_or_create(
                council_return=council_return,
                partnership_id=decision.partnership_id,
                defaults={
                    "round": council_return.round,
                    "outcome": outcome,
                    "confirmed_by": actor,
                    "confirmed_at": now,
                },
            )
            done[decision.partnership_id] = outcome
        if problems:
            raise ValidationError(problems)
        if submit:
            answered = set(council_return.confirmations.values_list("partnership_id", flat=True))
            waiting = [item.partnership.name for pk, item in items.items() if pk not in answered]
            if waiting:
                raise ValidationError(
                    {"__all__": [f"Say what has happened to {name} before submitting." for name in waiting]}
                )
            council_return.status = ReturnStatus.SUBMITTED
            council_return.submitted_by = actor
            council_return.submitted_at = now
        elif council_return.status == ReturnStatus.NOT_STARTED:
            council_return.status = ReturnStatus.IN_PROGRESS
        council_return.save(update_fields=["status", "submitted_by", "submitted_at"])
        if done:
            state_bump()  # savings, statuses and end years changed
        audit_record(
            actor=actor,
            action="partnership_return.submit" if submit else "partnership_return.save",
            obj=council_return,
            after={"decisions": {str(pk): outcome for pk, outcome in done.items()}},
        )
    return council_return


@dataclass(frozen=True)
class NewPartnership:
    """A partnership a council adds on its return."""

    name: str
    kind: str
    description: str = ""
    start_year: int | None = None
    partner_council_ids: Sequence[int] = field(default_factory=tuple)
    category_ids: Sequence[int] = field(default_factory=tuple)
    amount_gbp: int | None = None
    status: str = SavingsStatus.ACHIEVED
    evidence: str = SavingsEvidence.NONE
    no_savings_reason: str = ""


def _new_reference(council_return: CouncilReturn) -> str:
    base = f"R{council_return.round.financial_year}-{council_return.council.code}"
    number = Partnership.objects.filter(reference__startswith=f"{base}-").count() + 1
    while Partnership.objects.filter(reference=f"{base}-{number}").exists():
        number += 1
    return f"{base}-{number}"


def return_add_partnership(*, actor: Any, council_return: CouncilReturn, data: NewPartnership) -> Partnership:
    """Add a partnership the council leads or takes part in, with the year's savings or a reason for none."""
    with transaction.atomic():
        council_return = (
            CouncilReturn.objects.select_for_update().select_related("round", "council").get(pk=council_return.pk)
        )
        _check_open(council_return)
        if not data.name.strip():
            raise ValidationError({"name": "Give the partnership's name."})
        if data.amount_gbp is None and not data.no_savings_reason.strip():
            raise ValidationError({"amount_gbp": "Give this year's savings, or say why there are none."})
        if data.start_year is not None and not FIRST_YEAR <= data.start_year <= council_return.round.financial_year:
            raise ValidationError(
                {"start_year": f"Give a year from {FIRST_YEAR} to {council_return.round.financial_year}."}
            )
        year = council_return.round.financial_year
        now = timezone.now()
        partnership = Partnership(
            reference=_new_reference(council_return),
            name=data.name.strip(),
            description=data.description.strip(),
            kind=data.kind,
            status=PartnershipStatus.OPERATIONAL,
            start_year=data.start_year,
            lead_council=council_return.council,
            no_savings_reason=data.no_savings_reason.strip() if data.amount_gbp is None else "",
        )
        partnership.full_clean()
        partnership.save()
        council_ids = list(dict.fromkeys([council_return.council_id, *data.partner_council_ids]))
        PartnershipCouncil.objects.bulk_create(
            PartnershipCouncil(partnership=partnership, council_id=council_id) for council_id in council_ids
        )
        categories = ServiceCategory.objects.filter(pk__in=list(data.category_ids), level__lte=2)
        partnership.categories.set(categories)
        if data.amount_gbp is not None:
            _upsert_year_row(
                partnership,
                year,
                amount=data.amount_gbp,
                status=data.status,
                evidence=data.evidence,
                actor=actor,
                now=now,
            )
        PartnershipConfirmation.objects.create(
            round=council_return.round,
            council_return=council_return,
            partnership=partnership,
            outcome=ConfirmationOutcome.ADDED,
            confirmed_by=actor,
            confirmed_at=now,
        )
        if council_return.status == ReturnStatus.NOT_STARTED:
            council_return.status = ReturnStatus.IN_PROGRESS
            council_return.save(update_fields=["status"])
        state_bump()
        audit_record(
            actor=actor,
            action="partnership.create",
            obj=partnership,
            after={"return": council_return.pk, "councils": council_ids, "savings_gbp": data.amount_gbp},
        )
    return partnership
