"""Forms of a challenge's lifecycle pages. They parse input only; the services check the rules."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from tiex.peer_challenges.models import DocumentKind, SessionKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        help_text=help_text or "For example, 2019-06-27",
        error_messages={"required": f"Enter {label[0].lower() + label[1:]}", "invalid": "Enter a real date"},
    )


class ChallengeCreateForm(forms.Form):
    council = forms.TypedChoiceField(label="Council", coerce=int, error_messages={"required": "Choose the council"})
    kind = forms.ChoiceField(
        label="Kind of peer challenge",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of peer challenge"},
    )
    enquiry_date = _date("Date of the enquiry")
    regional_adviser = forms.CharField(
        label="Regional adviser", max_length=150, required=False, help_text="Who the enquiry came through"
    )
    focus_areas = forms.CharField(
        label="The council's own focus areas (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line, beside the kind's themes",
    )

    def __init__(self, *args: Any, councils: list[tuple[int, str]], kinds: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        council: Any = self.fields["council"]
        council.choices = [("", "Choose a council"), *((str(pk), name) for pk, name in councils)]
        kind: Any = self.fields["kind"]
        kind.choices = kinds


class DatesForm(forms.Form):
    visit_start = _date("First day on site")
    visit_end = _date("Last day on site", help_text="The day of the feedback presentation")


class StageForm(forms.Form):
    owner = forms.CharField(label="Owner", max_length=150, required=False, help_text="Who is responsible")
    planned_date = _date("Planned date (optional)", required=False)
    note = forms.CharField(
        label="What it produced (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the scope agreed with the chief executive and leader",
    )
    completed = forms.BooleanField(label="This stage is complete", required=False)
    completed_date = _date("Date completed", required=False, help_text="Today or earlier, for example 2019-06-27")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("completed") and not data.get("completed_date") and "completed_date" not in self.errors:
            self.add_error("completed_date", "Enter the date the stage was completed")
        return data

    def completed_on(self) -> datetime.date | None:
        return self.cleaned_data.get("completed_date") if self.cleaned_data.get("completed") else None


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is it?", widget=forms.RadioSelect, error_messages={"required": "Choose what the document is"}
    )
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter the document's title"})
    file = forms.FileField(
        label="Upload a file", required=False, help_text="PDF, Word, PowerPoint or a spreadsheet, up to 20 MB"
    )
    url = forms.URLField(
        label="Or give a link",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text="Where the council publishes it, for example https://www.council.gov.uk/peer-challenge",
        error_messages={"invalid": "Enter a link starting with https://"},
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A few sentences; shown with the document once it is published",
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.choices = kinds

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "file" not in self.errors and "url" not in self.errors:
            if data.get("file") and data.get("url"):
                self.add_error("url", "Upload a file or give a link, not both")
            elif not data.get("file") and not data.get("url"):
                self.add_error("file", "Upload a file or give a link")
        return data


class PublishForm(forms.Form):
    document = forms.TypedChoiceField(
        label="Which document?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the document to publish"},
    )
    published_on = _date("Date published", help_text="The day the council published it, today or earlier")

    def __init__(self, *args: Any, documents: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        document: Any = self.fields["document"]
        document.choices = [(str(pk), title) for pk, title in documents]


class SessionForm(forms.Form):
    day = _date("Day")
    starts = forms.TimeField(
        label="Starts at",
        help_text="24-hour clock, for example 09:30",
        error_messages={"required": "Enter the start time", "invalid": "Enter a time such as 09:30"},
    )
    ends = forms.TimeField(
        label="Ends at (optional)",
        required=False,
        help_text="For example 10:30",
        error_messages={"invalid": "Enter a time such as 10:30"},
    )
    kind = forms.ChoiceField(
        label="Kind of session",
        choices=SessionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of session"},
    )
    title = forms.CharField(
        label="What and with whom", max_length=300, error_messages={"required": "Enter what the session is"}
    )
    location = forms.CharField(label="Where (optional)", max_length=200, required=False)
    people_met = forms.IntegerField(
        label="People met",
        min_value=0,
        max_value=500,
        initial=0,
        error_messages={
            "required": "Enter how many people the team met (0 or more)",
            "invalid": "Enter a whole number",
            "min_value": "People met must be 0 or more",
        },
    )


class SelfAssessmentForm(forms.Form):
    assessment = forms.TypedChoiceField(
        label="Which self-assessment?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a self-assessment, or stop sharing"},
    )

    def __init__(self, *args: Any, assessments: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["assessment"]
        field.choices = [*((str(pk), label) for pk, label in assessments), ("0", "Do not share a self-assessment")]


def document_kind_choices(*, staff: bool, allowed: frozenset[str]) -> list[tuple[str, str]]:
    return [(value, label) for value, label in DocumentKind.choices if staff or value in allowed]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the challenge cancelled?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown on the challenge's page to the council, the team and staff",
        error_messages={"required": "Enter why the challenge is cancelled"},
    )
