"""Forms of the reports' staff pages. They parse input only; services_reports.py checks the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from tiex.board.forms import _date
from tiex.board.models import ReportKind

SECTION_HELP = "Paragraphs are separated by a blank line. A link is written [words](/address/)."


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Report",
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the chair's report or the monitoring and performance report"},
    )
    year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        help_text="The period starts on 1 April of this year",
        error_messages={"required": "Choose the financial year", "invalid_choice": "Choose a financial year"},
    )
    period_end = _date(
        "End of the period (optional)",
        required=False,
        help_text="For example, 2018-09-30. Leave it empty for the whole year (or up to today).",
    )
    title = forms.CharField(
        label="Title (optional)", max_length=200, required=False, help_text="For example, Chair's report: 2018/19"
    )

    def __init__(self, *args: Any, years: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["year"]
        field.choices = [("", "Choose a year"), *years]


class ReportEditForm(forms.Form):
    """The title, then a heading and text for each section, with one empty section to add."""

    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the report's title"})

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(count + 1):
            extra = index == count
            number = "a new section (optional)" if extra else f"section {index + 1}"
            self.fields[f"heading_{index}"] = forms.CharField(
                label=f"Heading of {number}", max_length=200, required=False
            )
            self.fields[f"text_{index}"] = forms.CharField(
                label=f"Text of {number}",
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=SECTION_HELP if index == 0 or extra else "",
            )
        self.count = count + 1

    def sections(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(data.get(f"heading_{i}", ""), data.get(f"text_{i}", "")) for i in range(self.count)]

    @staticmethod
    def initial_for(title: str, sections: list[dict[str, str]]) -> dict[str, str]:
        initial = {"title": title}
        for index, section in enumerate(sections):
            initial[f"heading_{index}"] = section.get("heading", "")
            initial[f"text_{index}"] = section.get("text", "")
        return initial
