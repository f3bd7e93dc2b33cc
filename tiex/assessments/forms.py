"""The start form (a Django form). The answer and consensus pages are built from the framework
itself, so their fields are parsed in views.py with the helpers below."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from tiex.assessments import closing


class StartForm(forms.Form):
    version = forms.ChoiceField(label="Framework", widget=forms.RadioSelect)
    participants = forms.MultipleChoiceField(label="Who takes part", widget=forms.CheckboxSelectMultiple)
    closing_date = forms.DateField(
        label="Answers close on",
        help_text="For example, 2027-01-31",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    meeting_date = forms.DateField(
        label="The team meets to agree on",
        required=False,
        help_text="Optional. For example, 2027-02-07",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    anonymous = forms.BooleanField(
        label="Collect answers anonymously",
        required=False,
        help_text="Even you will see only how answers are spread, never who gave them.",
    )

    def __init__(self, *args: Any, versions: list[Any], members: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        versions_field: Any = self.fields["version"]
        versions_field.choices = [(str(v.pk), f"{v.framework.title} (version {v.version})") for v in versions]
        people_field: Any = self.fields["participants"]
        people_field.choices = [(str(m.user_id), f"{m.user} ({m.get_role_display()})") for m in members]
        self.fields["participants"].error_messages["required"] = "Choose at least one participant"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        closing, meeting = data.get("closing_date"), data.get("meeting_date")
        if closing and closing < today():
            self.add_error("closing_date", "The closing date must be today or later")
        if closing and meeting and meeting < closing:
            self.add_error("meeting_date", "The meeting must be on or after the closing date")
        return data


def today() -> Any:
    """Today in the UK (closing dates are UK dates: answers close at the end of the day, Europe/London)."""
    return closing.uk_today(timezone.now())


class ClosingForm(forms.Form):
    """The super-user moves the closing date (and the meeting date, which must not come before it)."""

    closing_date = forms.DateField(
        label="Answers close at the end of",
        help_text="UK time. For example, 2027-01-31",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    meeting_date = forms.DateField(
        label="The team meets to agree on",
        required=False,
        help_text="Optional. For example, 2027-02-07",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        closing_date, meeting = data.get("closing_date"), data.get("meeting_date")
        if closing_date and closing_date < today():
            self.add_error("closing_date", "The closing date must be today or later")
        if closing_date and meeting and meeting < closing_date:
            self.add_error("meeting_date", "The meeting must be on or after the closing date")
        return data


def statement_values(data: Any, prefix: str, keys: list[str]) -> dict[str, str]:
    """{dimension key: posted value} for one statement's radios (``{prefix}-{key}``)."""
    return {key: data.get(f"{prefix}-{key}", "") for key in keys}
