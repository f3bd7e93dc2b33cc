"""Forms of events: the programme's filters, a proposal, a staff decision, an open-mic claim."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone

from tiex.councils.models import Council
from tiex.events.models import SessionFormat
from tiex.events.selectors import ProgrammeChoices, ProgrammeFilters

PROPOSABLE_FORMATS = [(value, label) for value, label in SessionFormat.choices if value != SessionFormat.OPEN_MIC]


def _choices(field: forms.Field, choices: list[tuple[Any, str]]) -> None:
    field.choices = choices  # type: ignore[attr-defined]


class ProgrammeFilterForm(forms.Form):
    """The event page's filters (GET); a value not among the choices is an error (400)."""

    day = forms.ChoiceField(label="Day", required=False)
    room = forms.ChoiceField(label="Room", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    format = forms.ChoiceField(label="Format", required=False)

    def __init__(self, *args: Any, choices: ProgrammeChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self.fields["day"], [("", "Any day"), *((d.isoformat(), f"{d:%A} {d.day} {d:%B}") for d in choices.days)]
        )
        _choices(self.fields["room"], [("", "Any room"), *((room, room) for room in choices.rooms)])
        _choices(self.fields["theme"], [("", "Any theme"), *((theme, theme) for theme in choices.themes)])
        _choices(self.fields["format"], [("", "Any format"), *SessionFormat.choices])
        for name, field in self.fields.items():
            field.error_messages["invalid_choice"] = f"Choose a {name} from the list"

    def filters(self) -> ProgrammeFilters:
        data = self.cleaned_data if self.is_valid() else {}
        day = data.get("day")
        return ProgrammeFilters(
            day=date.fromisoformat(day) if day else None,
            room=data.get("room") or "",
            theme=data.get("theme") or "",
            format=data.get("format") or "",
        )


class ProposalForm(forms.Form):
    council = forms.TypedChoiceField(label="Council proposing the session", coerce=int)
    title = forms.CharField(label="Title of the session", max_length=200)
    description = forms.CharField(
        label="What the session is about",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What delegates will learn, and what you will show or discuss. Up to 2,000 characters.",
    )
    format = forms.ChoiceField(label="Format", choices=PROPOSABLE_FORMATS, widget=forms.RadioSelect)
    theme = forms.CharField(label="Theme (optional)", max_length=100, required=False)
    speakers = forms.CharField(
        label="Speakers",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One speaker a line: their name, a comma, then their organisation.",
    )

    def __init__(self, *args: Any, councils: list[Council], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["council"], [(council.pk, council.name) for council in councils])
        self.fields["council"].error_messages["required"] = "Choose the council proposing the session"
        self.fields["council"].error_messages["invalid_choice"] = "Choose a council you belong to"
        self.fields["title"].error_messages["required"] = "Enter the title of the session"
        self.fields["description"].error_messages["required"] = "Enter what the session is about"
        self.fields["format"].error_messages["required"] = "Choose the format of the session"
        self.fields["speakers"].error_messages["required"] = "Enter at least one speaker"


DECISIONS = [("shortlist", "Shortlist"), ("accept", "Accept: make it a session"), ("decline", "Decline")]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="Decision", choices=DECISIONS, widget=forms.RadioSelect)
    day = forms.ChoiceField(label="Day (if accepted)", required=False)
    start = forms.TimeField(label="Starts at (if accepted)", required=False, help_text="For example, 14:30")
    end = forms.TimeField(label="Ends at (if accepted)", required=False, help_text="For example, 15:15")
    room = forms.CharField(label="Room (if accepted)", max_length=100, required=False)

    def __init__(self, *args: Any, days: list[date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self.fields["day"], [("", "Choose a day"), *((d.isoformat(), f"{d:%A} {d.day} {d:%B %Y}") for d in days)]
        )
        self.fields["decision"].error_messages["required"] = "Choose a decision"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "accept":
            for name, message in (
                ("day", "Choose the day of the session"),
                ("start", "Enter the time the session starts, like 14:30"),
                ("end", "Enter the time the session ends, like 15:15"),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    def times(self) -> tuple[datetime, datetime]:
        day = date.fromisoformat(self.cleaned_data["day"])
        return (
            timezone.make_aware(datetime.combine(day, self.cleaned_data["start"])),
            timezone.make_aware(datetime.combine(day, self.cleaned_data["end"])),
        )


class ClaimForm(forms.Form):
    slot = forms.TypedChoiceField(label="Slot", coerce=int, widget=forms.RadioSelect)
    topic = forms.CharField(label="Your topic", max_length=200, help_text="A few words the compere can read out.")
    on_behalf_of = forms.CharField(
        label="Claiming for someone else? Their name (optional)",
        max_length=150,
        required=False,
        help_text="Staff only: leave empty to claim the slot for yourself.",
    )

    def __init__(self, *args: Any, free: list[tuple[int, str]], on_behalf: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["slot"], free)
        self.fields["slot"].error_messages["required"] = "Choose a slot"
        self.fields["slot"].error_messages["invalid_choice"] = "That slot has been taken. Choose another slot"
        self.fields["topic"].error_messages["required"] = "Enter your topic"
        if not on_behalf:
            del self.fields["on_behalf_of"]
