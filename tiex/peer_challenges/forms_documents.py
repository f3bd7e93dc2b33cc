"""The recommendation form: its words, an optional theme from the challenge kind's themes, its order."""

from __future__ import annotations

from typing import Any

from django import forms

from tiex.peer_challenges.models import KindTheme
from tiex.peer_challenges.services_recommendations import MAX_TEXT


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="Recommendation",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="As the report words it",
    )
    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)
    order = forms.IntegerField(
        label="Order", required=False, min_value=0, max_value=32767, help_text="Optional. Its number in the report"
    )

    def __init__(self, *args: Any, themes: list[KindTheme], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["theme"]
        field.choices = [("", "No theme"), *((str(theme.pk), theme.title) for theme in themes)]
        self.fields["text"].error_messages["required"] = "Enter the recommendation"
        self.fields["order"].widget.attrs["class"] = "govuk-input--width-4"
