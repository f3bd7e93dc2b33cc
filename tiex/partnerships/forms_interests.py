"""Forms for finding a partner: register an interest; respond to one."""

from __future__ import annotations

from typing import Any

from django import forms

VISIBILITY_CHOICES = [
    ("published", "Published: other councils signed in to tiex see it and may respond"),
    ("private", "Private: only people in your council see it"),
]


class InterestForm(forms.Form):
    council = forms.TypedChoiceField(label="Which council is this for?", coerce=int)
    category = forms.TypedChoiceField(
        label="Which service would you like to share?", coerce=int, help_text="A category from the esd Functions List"
    )
    looking_for = forms.CharField(
        label="What are you looking for?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example, a partner to share a legal team from next April",
    )
    visibility = forms.ChoiceField(label="Who can see it?", choices=VISIBILITY_CHOICES, widget=forms.RadioSelect)

    def __init__(self, *args: Any, councils: list[tuple[int, str]], categories: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        council: Any = self.fields["council"]
        council.choices = [(str(pk), name) for pk, name in councils]
        self.only_council = councils[0][0] if len(councils) == 1 else None
        if self.only_council is not None:
            council.widget = forms.HiddenInput()
            council.required = False
            self.initial.setdefault("council", str(self.only_council))
        category: Any = self.fields["category"]
        category.choices = [("", "Choose a category"), *((str(pk), label) for pk, label in categories)]
        self.fields["council"].error_messages["required"] = "Choose the council"
        self.fields["category"].error_messages["required"] = "Choose the service you would like to share"
        self.fields["looking_for"].error_messages["required"] = "Say what you are looking for"
        self.fields["visibility"].error_messages["required"] = "Choose who can see it"

    def clean_council(self) -> int | None:
        return self.cleaned_data.get("council") or self.only_council


class ResponseForm(forms.Form):
    council = forms.TypedChoiceField(label="Responding for", coerce=int)
    message = forms.CharField(
        label="Your message",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Say what your council shares or is looking for, and how to get in touch",
    )

    def __init__(self, *args: Any, councils: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        council: Any = self.fields["council"]
        council.choices = [(str(pk), name) for pk, name in councils]
        self.only_council = councils[0][0] if len(councils) == 1 else None
        if self.only_council is not None:
            council.widget = forms.HiddenInput()
            council.required = False
            self.initial.setdefault("council", str(self.only_council))
        self.fields["council"].error_messages["required"] = "Choose the council you are responding for"
        self.fields["message"].error_messages["required"] = "Write your message"

    def clean_council(self) -> int | None:
        return self.cleaned_data.get("council") or self.only_council
