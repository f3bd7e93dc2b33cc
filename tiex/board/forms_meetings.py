"""Forms of the meetings' staff pages. They parse input only; services_meetings.py checks the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from tiex.board.forms import DATE, _date
from tiex.board.models import ActionStatus, BoardRole


class MeetingForm(forms.Form):
    title = forms.CharField(label="Board", max_length=200, initial="Improvement and Innovation Board")
    day = _date("Date of the meeting", help_text="For example, 2019-05-23")
    venue = forms.CharField(label="Venue (optional)", max_length=300, required=False)
    present = forms.MultipleChoiceField(label="Present", required=False, widget=forms.CheckboxSelectMultiple)
    apologies = forms.MultipleChoiceField(label="Apologies", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("present", "apologies"):
            field: Any = self.fields[name]
            field.choices = members

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if set(data.get("present", [])) & set(data.get("apologies", [])):
            self.add_error("apologies", "A member is either present or sends apologies, not both")
        return data


class ItemForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter the item's title"})
    presenter = forms.CharField(label="Presented by (optional)", max_length=200, required=False)
    discussion = forms.CharField(
        label="What was reported and discussed",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The minutes are drafted from this",
    )
    decisions = forms.CharField(
        label="Decisions (optional)",
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line",
    )
    public = forms.BooleanField(label="Publish this item and its paper to everyone", required=False, initial=True)
    paper_title = forms.CharField(label="Paper's title (optional)", max_length=300, required=False)
    paper_file = forms.FileField(
        label="Upload a paper (optional)",
        required=False,
        help_text="PDF, Word, PowerPoint or a spreadsheet, up to 20 MB",
    )

    paper_resource = forms.CharField(
        label="Or a resource published in the Exchange (optional)",
        required=False,
        max_length=300,
        help_text="Its address, for example /exchange/peer-challenge-annual-report/",
    )

    def resource_slug(self) -> str:
        """The resource's slug from its address (or the slug as given)."""
        value = self.cleaned_data.get("paper_resource", "").strip().rstrip("/")
        return value.rsplit("/", 1)[-1]

    def decision_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("decisions", "").splitlines() if line.strip()]


class ItemEditForm(ItemForm):
    """An item as recorded, to change: its decisions one a line, its papers to keep or remove, one more to add."""

    remove_papers = forms.TypedMultipleChoiceField(
        label="Remove papers (optional)", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    field_order = ["title", "presenter", "discussion", "decisions", "public", "remove_papers"]

    def __init__(self, *args: Any, papers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["remove_papers"]
        field.choices = [(str(pk), title) for pk, title in papers]
        if not papers:
            del self.fields["remove_papers"]
        self.fields["paper_title"].label = "Another paper's title (optional)"
        self.fields["paper_file"].label = "Upload another paper (optional)"


class ActionForm(forms.Form):
    text = forms.CharField(
        label="Action",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the action"},
    )
    owner = forms.CharField(label="Owner", max_length=200, error_messages={"required": "Enter who owns the action"})
    due_date = _date("Due date (optional)", required=False, help_text="For example, 2019-09-30")


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status"},
    )
    closed_on = _date(
        "Date closed (for done or dropped)", required=False, help_text="Today or earlier, for example 2019-07-11"
    )
    progress = forms.CharField(
        label="Progress (optional)", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == ActionStatus.OPEN and data.get("closed_on"):
            self.add_error("closed_on", "An open action has no date closed: choose done or dropped, or clear the date")
        return data


class ApproveForm(forms.Form):
    at = forms.TypedChoiceField(
        label="Approved at the meeting of",
        coerce=int,
        error_messages={"required": "Choose the meeting that approved them"},
    )

    def __init__(self, *args: Any, meetings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["at"]
        field.choices = [("", "Choose a meeting"), *((str(pk), label) for pk, label in meetings)]


class MemberForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, help_text="For example, Cllr Peter Fleming OBE")
    role = forms.ChoiceField(
        label="Role", choices=BoardRole.choices, widget=forms.RadioSelect, initial=BoardRole.MEMBER
    )
    authority = forms.CharField(label="Council or body (optional)", max_length=200, required=False)
    email = forms.EmailField(
        label="Their tiex account's e-mail address (optional)",
        required=False,
        help_text="Signed in, a current member sees draft minutes and papers",
        error_messages={"invalid": "Enter an e-mail address like name@example.org"},
    )


class MemberEditForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, Cllr Peter Fleming OBE",
        error_messages={"required": "Enter the member's name"},
    )
    role = forms.ChoiceField(
        label="Role", choices=BoardRole.choices, widget=forms.RadioSelect, error_messages={"required": "Choose a role"}
    )
    authority = forms.CharField(label="Council or body (optional)", max_length=200, required=False)
    active = forms.BooleanField(
        label="A current member of the board",
        required=False,
        help_text="A former member stays in past meetings' attendance but no longer sees drafts",
    )


__all__ = [
    "DATE",
    "ActionForm",
    "ActionUpdateForm",
    "ApproveForm",
    "ItemEditForm",
    "ItemForm",
    "MeetingForm",
    "MemberEditForm",
    "MemberForm",
]
