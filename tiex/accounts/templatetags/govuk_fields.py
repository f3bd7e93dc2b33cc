"""Render Django form widgets with GOV.UK Frontend classes and accessible descriptions."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
}


@register.filter
def govuk_kind(bound_field: forms.BoundField) -> str:
    """input, select, textarea, checkbox, choices (radios) or hidden."""
    return _kind(bound_field.field.widget)


@register.filter
def govuk_widget(bound_field: forms.BoundField) -> SafeString:
    """The field's widget with GOV.UK classes, aria-describedby for hint and error, no placeholder."""
    widget = bound_field.field.widget
    base, error = _CLASSES.get(_kind(widget), ("", ""))
    classes = [base, widget.attrs.get("class", "")]
    if bound_field.errors and error:
        classes.append(error)
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
    attrs: dict[str, str | bool] = {"class": " ".join(c for c in classes if c), "placeholder": False}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if getattr(widget, "input_type", None) == "email":
        attrs["spellcheck"] = "false"
    return bound_field.as_widget(attrs=attrs)
