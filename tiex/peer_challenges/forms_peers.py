"""Forms for the pool of peers, the team page and feedback after a challenge."""

from __future__ import annotations

from typing import Any

from django import forms

from tiex.councils.models import Party
from tiex.peer_challenges.models import PeerKind, TeamRole
from tiex.peer_challenges.selectors_peers import PeerFilters

YES_NO_ANY = [("", "Any"), ("yes", "Yes"), ("no", "No")]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _choices(field: forms.Field, choices: list[tuple[Any, str]]) -> None:
    field.choices = choices  # type: ignore[attr-defined]


class PeerFilterForm(forms.Form):
    """The pool list's filters (GET). A value that is not one of the choices is an error."""

    q = forms.CharField(label="Name or council", required=False, max_length=100)
    kind = forms.ChoiceField(label="Kind of peer", required=False)
    party = forms.ChoiceField(label="Party", required=False, help_text="Member peers")
    council_type = forms.ChoiceField(label="Council type", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    skill = forms.ChoiceField(label="Skill", required=False)
    available = forms.ChoiceField(label="Available", required=False, choices=YES_NO_ANY)
    accredited = forms.ChoiceField(label="Accredited", required=False, choices=YES_NO_ANY)

    def __init__(
        self,
        *args: Any,
        regions: list[str],
        skills: list[tuple[str, str]],
        council_types: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["kind"], [("", "Any"), *PeerKind.choices])
        _choices(self.fields["party"], [("", "Any"), *Party.choices])
        _choices(self.fields["council_type"], [("", "Any"), *council_types])
        _choices(self.fields["region"], [("", "Any"), *((region, region) for region in regions)])
        _choices(self.fields["skill"], [("", "Any"), *skills])
        for name in ("kind", "party", "council_type", "region", "skill", "available", "accredited"):
            self.fields[name].error_messages["invalid_choice"] = (
                f"Choose a {str(self.fields[name].label).lower()} from the list"
            )

    def filters(self) -> PeerFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return PeerFilters(**{name: (data.get(name) or "").strip() for name in PeerFilters.__dataclass_fields__})


class PeerForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="E-mail address", required=False, help_text="Seen by association staff only")
    kind = forms.ChoiceField(label="Kind of peer", choices=PeerKind.choices, widget=forms.RadioSelect)
    council = forms.TypedChoiceField(label="Council they serve at", coerce=int)
    party = forms.ChoiceField(label="Party", required=False, help_text="Member peers only")
    group_office = forms.CharField(
        label="Political group office that nominates them",
        required=False,
        max_length=100,
        help_text="Member peers only, for example Labour Group Office",
    )
    role = forms.CharField(
        label="Role", required=False, max_length=150, help_text="Officer peers: for example Chief executive"
    )
    skills = forms.MultipleChoiceField(
        label="Skills", required=False, widget=forms.CheckboxSelectMultiple, help_text="Select all that apply"
    )
    trained_on = forms.DateField(
        label="Trained on",
        required=False,
        help_text="For example, 2019-03-27",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    accredited_on = forms.DateField(
        label="Accredited on",
        required=False,
        help_text="For example, 2019-06-01",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    available = forms.BooleanField(label="Available for challenges", required=False)
    availability_note = forms.CharField(
        label="Availability note",
        required=False,
        max_length=300,
        help_text="For example, not available until after the May elections",
    )

    def __init__(
        self, *args: Any, councils: list[tuple[int, str]], skills: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["council"], [("", "Choose a council"), *((str(pk), name) for pk, name in councils)])
        _choices(self.fields["party"], [("", "No party (officer peer)"), *Party.choices])
        _choices(self.fields["skills"], skills)
        self.fields["full_name"].error_messages["required"] = "Enter the peer's full name"
        self.fields["email"].error_messages["invalid"] = "Enter an e-mail address like name@council.gov.uk"
        self.fields["kind"].error_messages["required"] = "Choose whether they are a member peer or an officer peer"
        self.fields["council"].error_messages["required"] = "Choose the council they serve at"
        for name in ("trained_on", "accredited_on"):
            self.fields[name].error_messages["invalid"] = "Enter a real date, like 2019-03-27"


class FocusForm(forms.Form):
    """The skills the challenge's focus asks for (GET on the team page)."""

    focus = forms.MultipleChoiceField(
        label="Skills the challenge's focus asks for",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Suggestions rank peers with more of these skills higher",
    )

    def __init__(self, *args: Any, skills: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["focus"], skills)
        self.fields["focus"].error_messages["invalid_choice"] = "Choose skills from the list"


class TeamAddForm(forms.Form):
    peer = forms.IntegerField(min_value=1, max_value=10**12)
    role = forms.ChoiceField(label="Role", choices=TeamRole.choices)
    reason = forms.CharField(required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer"].error_messages["required"] = "Choose a peer to add"
        self.fields["role"].error_messages["required"] = "Choose a role on the team"
        self.fields["role"].error_messages["invalid_choice"] = "Choose a role on the team"


class DaysForm(forms.Form):
    days = forms.DecimalField(label="Peer days", min_value=0, max_value=30, decimal_places=1, max_digits=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].error_messages.update(
            {
                "required": "Enter the peer days given",
                "invalid": "Enter the peer days as a number, like 4 or 3.5",
                "min_value": "Enter peer days from 0 to 30",
                "max_value": "Enter peer days from 0 to 30",
                "max_decimal_places": "Enter peer days in whole or half days, like 4 or 3.5",
                "max_digits": "Enter peer days from 0 to 30",
            }
        )


class FeedbackForm(forms.Form):
    positive_impact = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect)
    satisfied = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect)
    comments = forms.CharField(
        label="Comments", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, by_council: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        who = "the council" if by_council else "you"
        self.fields["positive_impact"].label = (
            "Has the challenge had a positive impact on the council?"
            if by_council
            else "Do you think the challenge had a positive impact on the council?"
        )
        self.fields[
            "satisfied"
        ].label = f"Overall, {'is the council' if by_council else 'are you'} satisfied with the challenge?"
        self.fields["comments"].help_text = f"What went well, and what could have been better for {who}"
        self.fields["positive_impact"].error_messages["required"] = "Say whether the challenge had a positive impact"
        self.fields["satisfied"].error_messages["required"] = (
            f"Say whether {who} {'is' if by_council else 'are'} satisfied"
        )
        self.fields["comments"].error_messages["max_length"] = "Keep the comments to 5,000 characters or fewer"
