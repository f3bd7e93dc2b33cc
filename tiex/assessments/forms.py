"""The start form (a Django form). The answer and consensus pages are built from the framework
itself, so their fields are parsed in views.py with the helpers below."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone


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
        if closing and closing < timezone.localdate():
            self.add_error("closing_date", "The closing date must be today or later")
        if closing and meeting and meeting < closing:
            self.add_error("meeting_date", "The meeting must be on or after the closing date")
        return data


def statement_values(data: Any, prefix: str, keys: list[str]) -> dict[str, str]:
    """{dimension key: posted value} for one statement's radios (``{prefix}-{key}``)."""
    return {key: data.get(f"{prefix}-{key}", "") for key in keys}


class ActionForm(forms.Form):
    """An action for the council's plan from an area for improvement (written through tiex.plans.services)."""

    title = forms.CharField(label="What will the council do?", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.CharField(
        label="Owner", max_length=150, required=False, help_text="A role or a team, for example Head of finance"
    )
    due_date = forms.DateField(
        label="Due by",
        required=False,
        help_text="Optional. For example, 2027-03-31",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = forms.ChoiceField(label="Status", widget=forms.RadioSelect)
    resources = forms.MultipleChoiceField(
        label="Exchange resources that help", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, statuses: list[tuple[str, str]], resources: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        status_field: Any = self.fields["status"]
        status_field.choices = statuses
        resources_field: Any = self.fields["resources"]
        resources_field.choices = [(str(pk), title) for pk, title in resources]
        if not resources:
            del self.fields["resources"]
        self.fields["title"].error_messages["required"] = "Say what the action is"
        self.fields["status"].error_messages["required"] = "Choose the action's status"

    def resource_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("resources", [])]
