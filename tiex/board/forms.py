"""Forms of the board's staff pages. They parse input only; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from tiex.board import measures
from tiex.board.models import Method, Programme
from tiex.board.rag import MEANING, Rag

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required: bool = True, help_text: str = "For example, 2019-04-01") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        help_text=help_text,
        error_messages={"required": f"Enter {label[0].lower() + label[1:]}", "invalid": "Enter a real date"},
    )


class GrantYearForm(forms.Form):
    year = forms.IntegerField(
        label="Financial year",
        min_value=2000,
        max_value=2100,
        help_text="Its first year: 2018 for 2018/19",
        error_messages={"required": "Enter the financial year", "invalid": "Enter the year as four digits"},
    )
    department = forms.CharField(
        label="Government department",
        max_length=200,
        error_messages={"required": "Enter the department the memorandum is with"},
    )
    amount_gbp = forms.IntegerField(
        label="Grant (£, optional)",
        required=False,
        min_value=0,
        help_text="In whole pounds, for example 19200000",
        error_messages={"invalid": "Enter the grant in whole pounds, digits only"},
    )
    period_start = _date("Start of the period")
    period_end = _date("End of the period", help_text="For example, 2020-03-31")
    memorandum_signed = _date("Date the memorandum was signed (optional)", required=False)
    memorandum_url = forms.URLField(
        label="Link to the memorandum (optional)",
        required=False,
        max_length=1000,
        assume_scheme="https",
        error_messages={"invalid": "Enter a link starting with https://"},
    )
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    published = forms.BooleanField(label="Publish this year's targets on the performance page", required=False)


class DeliverableForm(forms.Form):
    number = forms.IntegerField(
        label="Number", min_value=1, max_value=999, error_messages={"required": "Enter its number in the memorandum"}
    )
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter the deliverable's title"})
    programme = forms.ChoiceField(
        label="Programme",
        choices=Programme.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the programme"},
    )
    measure = forms.CharField(
        label="Measure",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What is measured",
        error_messages={"required": "Enter what is measured"},
    )
    target = forms.CharField(
        label="Target",
        max_length=300,
        help_text="As the memorandum words it",
        error_messages={"required": "Enter the target"},
    )
    owner = forms.CharField(label="Owner", max_length=150, error_messages={"required": "Enter who owns it"})
    method = forms.ChoiceField(
        label="How progress is known",
        choices=Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how progress is known"},
    )
    computed_measure = forms.ChoiceField(
        label="Computed measure (for a computed deliverable)", required=False, help_text="Definitions: docs/board.md"
    )
    target_value = forms.DecimalField(
        label="Target as a number (for a computed deliverable)",
        required=False,
        max_digits=16,
        decimal_places=2,
        help_text="For example 100 (challenges), 50 (per cent)",
        error_messages={"invalid": "Enter the target as a number"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["computed_measure"]
        field.choices = [("", "Not computed"), *measures.choices()]


class UpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[(code, f"{label}: {MEANING[code]}") for code, label in Rag.choices],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status: green, amber or red"},
    )
    commentary = forms.CharField(
        label="Commentary", required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    evidence_links = forms.CharField(
        label="Evidence links (optional)",
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One address a line, for example https://www.local.gov.uk/publications",
    )

    def links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("evidence_links", "").splitlines() if line.strip()]
