"""Forms of the navigator and of bookings. They parse input only; navigator.py and the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from tiex.councils.models import Party
from tiex.development.choices import Audience, Format, Portfolio, Topic
from tiex.development.navigator import MAX_YEARS, TIME_CHOICES


def _years(label: str, hint: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_YEARS,
        help_text=hint,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": f"Enter {label[0].lower() + label[1:]}",
            "invalid": "Enter a whole number of years, like 2",
            "min_value": "Enter 0 or more years",
            "max_value": f"Enter {MAX_YEARS} years or fewer",
        },
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label="What is your role?",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your role"},
    )


class ExperienceForm(forms.Form):
    years_as_councillor = _years("Years as a councillor", "Enter 0 if less than a year.")
    years_in_role = _years("Years in your current role", "For example, as leader. Enter 0 if less than a year.")


class PortfolioForm(forms.Form):
    portfolio = forms.ChoiceField(
        label="Which portfolio do you hold?",
        choices=Portfolio.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your portfolio, or no portfolio"},
    )


class DevelopForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label="What do you want to develop?",
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one thing you want to develop"},
    )


class LearningForm(forms.Form):
    formats = forms.MultipleChoiceField(
        label="How do you like to learn?",
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one way you like to learn"},
    )


class TimeForm(forms.Form):
    time = forms.ChoiceField(
        label="How much time do you have?",
        choices=TIME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how much time you have"},
    )


STEP_FORMS: dict[str, type[forms.Form]] = {
    "role": RoleForm,
    "experience": ExperienceForm,
    "portfolio": PortfolioForm,
    "develop": DevelopForm,
    "learning": LearningForm,
    "time": TimeForm,
}
STEP_TITLES = {
    "role": "What is your role?",
    "experience": "How long have you been a councillor?",
    "portfolio": "Which portfolio do you hold?",
    "develop": "What do you want to develop?",
    "learning": "How do you like to learn?",
    "time": "How much time do you have?",
}


class BookingForm(forms.Form):
    council = forms.TypedChoiceField(
        label="Your council", coerce=int, error_messages={"required": "Choose your council"}
    )
    role = forms.ChoiceField(
        label="Your role",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your role"},
    )
    years_as_councillor = _years("Years as a councillor", "Enter 0 if less than a year.")
    years_in_role = _years("Years in your current role", "Enter 0 if less than a year.")
    party = forms.ChoiceField(
        label="Your political group",
        choices=[("", "Choose your group"), *Party.choices],
        required=False,
        help_text="Used for uptake figures, and for programmes run by political group.",
    )
    alumni_consent = forms.BooleanField(
        label="List me as an alumnus on my council's profile when I complete the programme",
        required=False,
    )

    def __init__(self, *args: Any, councils: list[Any], party_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council: Any = self.fields["council"]
        council.choices = [(str(c.pk), c.name) for c in councils]
        if len(councils) > 1:
            council.choices = [("", "Choose your council"), *council.choices]
        party: Any = self.fields["party"]
        party.required = party_required
        party.error_messages["required"] = "Choose your political group"


class AttendanceForm(forms.Form):
    attended = forms.BooleanField(label="Attended", required=False)
    completed = forms.BooleanField(label="Completed", required=False)


class ConsentForm(forms.Form):
    alumni_consent = forms.BooleanField(required=False)
