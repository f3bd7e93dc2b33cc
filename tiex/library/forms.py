"""Forms for the Exchange's public pages: they parse input; services decide and save."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms

from tiex.library import richtext, text
from tiex.library.choices import EVIDENCE_DESCRIPTIONS, EvidenceLevel, OutcomeKind, OutcomeStatus, SavingPeriod
from tiex.library.models import BODY_FEATURES, ResourcePage, ServiceArea, Theme
from tiex.library.services import OutcomeData, ResourceData

_INPUT_CLASSES = {
    forms.Textarea: ("govuk-textarea", "govuk-textarea--error"),
    forms.Select: ("govuk-select", "govuk-select--error"),
}


class GovukFormMixin:
    """Adds GOV.UK classes, error classes and aria-describedby to text inputs, text areas and selects."""

    def govuk_attrs(self) -> None:
        form: Any = self
        for name, field in form.fields.items():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            base, error = next(
                (classes for kind, classes in _INPUT_CLASSES.items() if isinstance(widget, kind)),
                ("govuk-input", "govuk-input--error"),
            )
            bound = form[name]
            extra = widget.attrs.get("data-width-class", "")
            classes = [base, extra] + ([error] if bound.errors else [])
            widget.attrs["class"] = " ".join(c for c in classes if c)
            described = ([f"{bound.auto_id}-hint"] if field.help_text else []) + (
                [f"{bound.auto_id}-error"] if bound.errors else []
            )
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
            else:
                widget.attrs.pop("aria-describedby", None)


class TextField(forms.CharField):
    """A text field that strips bidirectional override characters and refuses text a reader cannot
    see (only zero-width spaces and other format characters; ``tiex.library.text``)."""

    def to_python(self, value: Any) -> str:
        return text.strip_bidi_controls(super().to_python(value) or "")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if text.is_invisible(value):
            raise forms.ValidationError(
                f"{self.label or 'This field'} has only invisible characters: enter text people can read",
                code="invisible",
            )


def _width(css: str) -> dict[str, str]:
    return {"data-width-class": css}


class SubmissionForm(GovukFormMixin, forms.Form):
    """A council member's case study (the public form; no admin skills needed)."""

    council = forms.ChoiceField(
        label="Which council is this from?", widget=forms.RadioSelect, error_messages={"required": "Choose a council"}
    )
    title = TextField(
        label="Title",
        max_length=200,
        help_text="Say what changed, for example: Online self-assessment for minor home adaptations",
        error_messages={"required": "Enter a title"},
    )
    summary = TextField(
        label="Summary",
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences: what you did and what happened. This is shown in search results.",
        error_messages={"required": "Enter a summary"},
    )
    body = TextField(
        label="The case study",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=(
            "Why you did it, what you did, what happened and what you would do differently. Leave a blank line "
            "between paragraphs. Start a line with ## for a heading, or with - for a list."
        ),
        error_messages={"required": "Describe what you did"},
    )
    themes = forms.MultipleChoiceField(
        label="Themes", widget=forms.CheckboxSelectMultiple, required=False, help_text="Select all that apply."
    )
    service_areas = forms.MultipleChoiceField(
        label="Service areas", widget=forms.CheckboxSelectMultiple, required=False, help_text="Select all that apply."
    )
    date_month = forms.IntegerField(
        label="Month", min_value=1, max_value=12, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    date_year = forms.IntegerField(
        label="Year",
        min_value=1990,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "Enter the year", "min_value": "Enter a year after 1990"},
    )
    evidence_level = forms.ChoiceField(
        label="How strong is the evidence?",
        widget=forms.RadioSelect,
        choices=EvidenceLevel.choices,
        initial=EvidenceLevel.DESCRIBED,
        error_messages={"required": "Choose how strong the evidence is"},
    )
    evidence_note = TextField(
        label="How were the results measured? (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    saving_amount = forms.DecimalField(
        label="Amount saved, in pounds (optional)",
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", **_width("govuk-input--width-10")}),
        error_messages={"invalid": "Enter the amount as a number, like 25000"},
    )
    saving_period = forms.ChoiceField(
        label="Is the saving", choices=SavingPeriod.choices, widget=forms.RadioSelect, required=False
    )
    saving_status = forms.ChoiceField(
        label="Has it been", choices=OutcomeStatus.choices, widget=forms.RadioSelect, required=False
    )
    saving_description = TextField(
        label="What was saved (optional)", max_length=300, required=False, help_text="For example: agency staff costs"
    )
    benefits = TextField(
        label="Other benefits (optional)",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One on each line, for example: Waiting times down from 11 weeks to 3",
    )
    contact_name = TextField(
        label="Contact name",
        max_length=200,
        error_messages={"required": "Enter a contact name"},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_role = TextField(label="Job title (optional)", max_length=200, required=False)
    contact_email = forms.EmailField(
        label="Contact e-mail address",
        help_text="Published with the case study, so that other councils can ask about it.",
        error_messages={
            "required": "Enter a contact e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    external_url = forms.URLField(
        label="Link to more information (optional)",
        max_length=1000,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.example.gov.uk/report"},
    )
    confirm = forms.BooleanField(
        label="I have permission to share this, and I agree to it being published with the contact details above",
        error_messages={"required": "Confirm that you may share this case study"},
    )

    def __init__(self, *args: Any, councils: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.councils = {str(council.pk): council for council in councils}
        self._choice_field("council").choices = [(str(council.pk), council.name) for council in councils]
        if len(councils) == 1:
            self.fields["council"].initial = str(councils[0].pk)
        self._choice_field("themes").choices = list(Theme.objects.values_list("slug", "name"))
        self._choice_field("service_areas").choices = list(ServiceArea.objects.values_list("slug", "name"))
        self.evidence_hints = EVIDENCE_DESCRIPTIONS

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("saving_amount") is not None:
            if not data.get("saving_period"):
                self.add_error("saving_period", "Choose whether the saving is one-off, per year or in total")
            if not data.get("saving_status"):
                self.add_error("saving_status", "Choose whether the saving has been achieved or is expected")
        return data

    @property
    def council_obj(self) -> Any:
        return self.councils[self.cleaned_data["council"]]

    def to_data(self) -> ResourceData:
        data = self.cleaned_data
        outcomes: list[OutcomeData] = []
        if data.get("saving_amount") is not None:
            outcomes.append(
                OutcomeData(
                    kind=OutcomeKind.SAVING,
                    amount=data["saving_amount"],
                    period=data["saving_period"],
                    status=data["saving_status"],
                    description=data.get("saving_description", ""),
                )
            )
        for line in (data.get("benefits") or "").splitlines():
            if line.strip():
                outcomes.append(
                    OutcomeData(kind=OutcomeKind.BENEFIT, description=line.strip()[:300], status="achieved")
                )
        return ResourceData(
            title=" ".join(data["title"].split()),
            summary=" ".join(data["summary"].split()),
            body=richtext.clean_html(richtext.text_to_html(data["body"]), BODY_FEATURES),
            themes=tuple(data.get("themes") or ()),
            service_areas=tuple(data.get("service_areas") or ()),
            councils=(self.council_obj.pk,),
            date=datetime.date(data["date_year"], data.get("date_month") or 1, 1),
            evidence_level=data["evidence_level"],
            evidence_note=data.get("evidence_note", "").strip(),
            contact_name=data["contact_name"].strip(),
            contact_role=data.get("contact_role", "").strip(),
            contact_email=data["contact_email"].strip(),
            external_url=data.get("external_url", "").strip(),
            outcomes=tuple(outcomes),
        )


def initial_from_page(page: ResourcePage) -> dict[str, Any]:
    """The submission form's values for an existing submission (its latest revision)."""
    savings = [o for o in page.outcomes.all() if o.kind == OutcomeKind.SAVING]
    benefits = [o.description for o in page.outcomes.all() if o.kind == OutcomeKind.BENEFIT]
    saving = savings[0] if savings else None
    councils = list(page.councils.all())
    return {
        "council": str(page.submitted_by_council_id or (councils[0].pk if councils else "")),
        "title": page.title,
        "summary": page.summary,
        "body": richtext.html_to_text(page.body),
        "themes": [theme.slug for theme in page.themes.all()],
        "service_areas": [area.slug for area in page.service_areas.all()],
        "date_month": page.date.month if page.date else None,
        "date_year": page.date.year if page.date else None,
        "evidence_level": page.evidence_level,
        "evidence_note": page.evidence_note,
        "saving_amount": saving.amount if saving else None,
        "saving_period": saving.period if saving else "",
        "saving_status": saving.status if saving else "",
        "saving_description": saving.description if saving else "",
        "benefits": "\n".join(benefits),
        "contact_name": page.contact_name,
        "contact_role": page.contact_role,
        "contact_email": page.contact_email,
        "external_url": page.external_url,
    }
