"""Forms for keeping the map current: opening a round, a council's return, adding a partnership.

Adapters only: they parse what was posted into the plain values ``services`` takes.
Amounts accept "250000", "250,000" or "£250,000".
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from tiex.partnerships.models import (
    FIRST_YEAR,
    LAST_YEAR,
    PartnershipKind,
    SavingsEvidence,
    SavingsStatus,
    financial_year_label,
)
from tiex.partnerships.services import Action, Decision, NewPartnership

DEFAULT_WEEKS_OPEN = 6


def current_financial_year(today: datetime.date | None = None) -> int:
    """The financial year under way: 2026 from April 2026 to March 2027."""
    today = today or timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


class PoundsField(forms.CharField):
    """Whole pounds, written as people write them: 250000, 250,000 or £250,000."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = (super().to_python(value) or "").replace(",", "").replace("£", "").strip()
        if not text:
            return None
        if text.endswith(".00"):
            text = text[:-3]
        if not text.isdigit():
            raise forms.ValidationError("Give the amount in whole pounds, for example 250,000")
        amount = int(text)
        if amount > 10_000_000_000:
            raise forms.ValidationError("That is more than £10bn: check the amount")
        return amount


class OpenRoundForm(forms.Form):
    financial_year = forms.IntegerField(
        label="Financial year",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text="The year it starts in: 2026 asks for the savings of 2026/27",
    )
    closes_on = forms.DateField(
        label="Returns are due by",
        help_text="For example, 2027-01-31",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["financial_year"].initial = current_financial_year(today)
        self.fields["closes_on"].initial = today + datetime.timedelta(weeks=DEFAULT_WEEKS_OPEN)

    def clean_closes_on(self) -> datetime.date:
        closes_on: datetime.date = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise forms.ValidationError("The date returns are due must be today or later")
        return closes_on


class DecisionForm(forms.Form):
    """What happened to one partnership this year (prefix ``p<id>``)."""

    action = forms.ChoiceField(
        label="What has happened",
        required=False,
        choices=[
            (Action.CONFIRM, "Unchanged"),
            (Action.UPDATE, "Update the savings"),
            (Action.NO_SAVINGS, "No savings this year"),
            (Action.ENDED, "It has ended"),
        ],
        widget=forms.RadioSelect,
    )
    amount_gbp = PoundsField(label="Savings (£)", required=False)
    status = forms.ChoiceField(
        label="Achieved or expected", choices=SavingsStatus.choices, required=False, widget=forms.RadioSelect
    )
    evidence = forms.ChoiceField(label="Evidence", choices=SavingsEvidence.choices, required=False)
    reason = forms.CharField(label="Why there are no savings", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    end_year = forms.IntegerField(label="Year it ended", required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def __init__(self, *args: Any, partnership_id: int, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership_id = partnership_id
        self.fields["amount_gbp"].label = f"Savings in {financial_year_label(year)} (£)"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == Action.UPDATE:
            if data.get("amount_gbp") is None and "amount_gbp" not in self.errors:
                self.add_error("amount_gbp", "Give this year's savings in pounds")
            if not data.get("status"):
                self.add_error("status", "Say whether the savings were achieved or are expected")
        elif action == Action.NO_SAVINGS and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why there are no savings this year")
        elif action == Action.ENDED and data.get("end_year") is None and "end_year" not in self.errors:
            self.add_error("end_year", "Give the year it ended, for example 2026")
        return data

    def decision(self) -> Decision | None:
        """The cleaned answer, or None when nothing was chosen."""
        data = self.cleaned_data
        if not data.get("action"):
            return None
        return Decision(
            partnership_id=self.partnership_id,
            action=data["action"],
            amount_gbp=data.get("amount_gbp"),
            status=data.get("status") or SavingsStatus.ACHIEVED,
            evidence=data.get("evidence") or SavingsEvidence.NONE,
            reason=data.get("reason") or "",
            end_year=data.get("end_year"),
        )


class AddPartnershipForm(forms.Form):
    name = forms.CharField(label="Name", max_length=300)
    description = forms.CharField(
        label="What it does", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    kind = forms.ChoiceField(label="Kind of partnership", choices=[("", "Choose a kind"), *PartnershipKind.choices])
    start_year = forms.IntegerField(label="Year it started", required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    partner_1 = forms.ChoiceField(label="Partner council", required=False)
    partner_2 = forms.ChoiceField(label="Another partner council", required=False)
    partner_3 = forms.ChoiceField(label="Another partner council", required=False)
    categories = forms.MultipleChoiceField(label="What is shared", required=False)
    amount_gbp = PoundsField(label="Savings (£)", required=False)
    status = forms.ChoiceField(
        label="Achieved or expected",
        choices=SavingsStatus.choices,
        initial=SavingsStatus.ACHIEVED,
        widget=forms.RadioSelect,
    )
    evidence = forms.ChoiceField(label="Evidence", choices=SavingsEvidence.choices, initial=SavingsEvidence.NONE)
    no_savings_reason = forms.CharField(
        label="If there are no savings, why not",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, set up for resilience or service quality",
    )

    def __init__(
        self,
        *args: Any,
        year: int,
        councils: list[tuple[int, str]],
        categories: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount_gbp"].label = f"Savings in {financial_year_label(year)} (£)"
        council_choices = [("", "None"), *[(str(pk), name) for pk, name in councils]]
        for name in ("partner_1", "partner_2", "partner_3"):
            self.fields[name].choices = council_choices  # type: ignore[attr-defined]
        self.fields["categories"].choices = [(str(pk), label) for pk, label in categories]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        no_reason = not (data.get("no_savings_reason") or "").strip()
        if data.get("amount_gbp") is None and "amount_gbp" not in self.errors and no_reason:
            self.add_error("amount_gbp", "Give this year's savings, or say why there are none")
        return data

    def new_partnership(self) -> NewPartnership:
        data = self.cleaned_data
        partners = [int(data[name]) for name in ("partner_1", "partner_2", "partner_3") if data.get(name)]
        return NewPartnership(
            name=data["name"],
            kind=data["kind"],
            description=data.get("description") or "",
            start_year=data.get("start_year"),
            partner_council_ids=tuple(partners),
            category_ids=tuple(int(pk) for pk in data.get("categories") or ()),
            amount_gbp=data.get("amount_gbp"),
            status=data.get("status") or SavingsStatus.ACHIEVED,
            evidence=data.get("evidence") or SavingsEvidence.NONE,
            no_savings_reason=data.get("no_savings_reason") or "",
        )
