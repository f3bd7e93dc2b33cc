"""The action form: what, owner, due date, status and the Exchange resources linked to it."""

from __future__ import annotations

from typing import Any

from django import forms

from tiex.plans.models import ActionStatus


class ActionForm(forms.Form):
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
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect)
    resources = forms.MultipleChoiceField(
        label="Exchange resources that help",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, resources: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["resources"]
        field.choices = [(str(pk), title) for pk, title in resources]
        if not resources:
            del self.fields["resources"]
        self.fields["title"].error_messages["required"] = "Say what the action is"
        self.fields["status"].error_messages["required"] = "Choose the action's status"

    def resource_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("resources", [])]

    def action_fields(self) -> dict[str, Any]:
        """The cleaned action, as the keyword arguments of services.action_create and action_update."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "owner": data["owner"],
            "due_date": data["due_date"],
            "status": data["status"],
            "resource_ids": self.resource_ids(),
        }
