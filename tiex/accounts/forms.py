"""Forms for the account pages: they parse input; services decide and validate."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from django import forms
from django.core.exceptions import ValidationError

from tiex.accounts.roles import ROLE_DESCRIPTIONS, role_choices_for_kind

PASSWORD_HELP = "At least 12 characters. Avoid common passwords and ones like your name or e-mail address."  # noqa: S105 (help text, not a password)


def _plain_new_password(form: forms.Form) -> None:
    """allauth's "New Password (again)" and Django's four rule lines, in our words."""
    form.fields["password1"].label = "New password"
    form.fields["password1"].help_text = PASSWORD_HELP
    form.fields["password1"].error_messages["required"] = "Enter a new password"
    form.fields["password2"].label = "Type the new password again"
    form.fields["password2"].help_text = ""
    form.fields["password2"].error_messages["required"] = "Type the new password again"


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = "Current password"
        self.fields["oldpassword"].error_messages["required"] = "Enter your current password"
        _plain_new_password(self)


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_new_password(self)


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "Your password"
        self.fields["password"].error_messages["required"] = "Enter your password"


def _role_choices(kind: str, allowed: list[str] | None = None) -> list[tuple[str, str]]:
    return [
        (value, f"{label}: {ROLE_DESCRIPTIONS[value]}")
        for value, label in role_choices_for_kind(kind)
        if allowed is None or value in allowed
    ]


def add_service_errors(form: forms.Form, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: on the field it names, else at the top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            field = (rename or {}).get(field, field)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        required=False,
        help_text="Shown to the people you work with in tiex.",
        widget=forms.TextInput(attrs={"autocomplete": "name", "class": "govuk-!-width-two-thirds"}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter the e-mail address of the person to invite",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "class": "govuk-!-width-two-thirds"}),
    )
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )

    def __init__(self, *args: Any, kind: str, allowed_roles: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(kind, allowed_roles)  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", error_messages={"required": "Choose a role"})

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices_for_kind(kind)  # type: ignore[attr-defined]


class InvitationAcceptForm(forms.Form):
    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        help_text=PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Choose a password"},
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "The passwords do not match")
        return data


class CouncilOrganisationForm(forms.Form):
    council = forms.ChoiceField(label="Council", error_messages={"required": "Choose a council"})

    def __init__(self, *args: Any, councils: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", "Choose a council"), *councils]  # type: ignore[attr-defined]
