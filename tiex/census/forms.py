"""The questionnaire as a Django form built from its questions (one page, no JavaScript needed)."""

from __future__ import annotations

from typing import Any

from django import forms

from tiex.census.models import Question, QuestionKind
from tiex.census.services import MAX_LINKS_AT_ONCE

NONE = "none"  # the value of a multiple-choice question's "None of these"


class QuestionnaireForm(forms.Form):
    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            choices = [tuple(option) for option in question.options]
            field: forms.Field
            if question.kind == QuestionKind.NUMBER:
                field = forms.IntegerField(
                    min_value=question.minimum,
                    max_value=question.maximum,
                    error_messages={
                        "required": f"Enter {question.text[0].lower()}{question.text[1:-1]}",
                        "invalid": "Enter a whole number",
                        "min_value": f"Enter a number {question.minimum} or more",
                        "max_value": f"Enter a number {question.maximum} or less",
                    },
                )
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=choices,
                    error_messages={"required": "Select all that apply, or “None of these”"},
                )
            else:
                field = forms.ChoiceField(choices=choices, error_messages={"required": "Select an answer"})
            field.label = question.text
            field.help_text = question.hint
            self.fields[question.key] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.questions:
            chosen = cleaned.get(question.key)
            if question.kind == QuestionKind.MULTIPLE and chosen and NONE in chosen and len(chosen) > 1:
                self.add_error(question.key, "Select “None of these” on its own, or only the answers that apply")
        return cleaned

    def rows(self) -> list[tuple[Question, forms.BoundField]]:
        return [(question, self[question.key]) for question in self.questions]

    def answers(self) -> dict[str, Any]:
        return {question.key: self.cleaned_data[question.key] for question in self.questions}


class IssueLinksForm(forms.Form):
    count = forms.IntegerField(
        label="How many links?",
        help_text="One for each councillor you will send a link to.",
        min_value=1,
        max_value=MAX_LINKS_AT_ONCE,
        error_messages={
            "required": "Enter how many links to issue",
            "invalid": "Enter a whole number",
            "min_value": "Issue at least 1 link",
            "max_value": f"Issue at most {MAX_LINKS_AT_ONCE} links at a time",
        },
    )


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CensusForm(forms.Form):
    year = forms.IntegerField(
        label="Year of the census",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Enter the year of the census", "invalid": "Enter the year as four digits"},
    )
    opens_on = forms.DateField(
        label="Opens on",
        widget=DATE,
        help_text="For example, 2027-09-01",
        error_messages={"required": "Enter the day the census opens", "invalid": "Enter a real date"},
    )
    closes_on = forms.DateField(
        label="Closes on",
        widget=DATE,
        help_text="For example, 2027-11-30",
        error_messages={"required": "Enter the day the census closes", "invalid": "Enter a real date"},
    )
