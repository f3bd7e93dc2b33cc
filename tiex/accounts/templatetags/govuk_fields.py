"""Render Django form widgets with GOV.UK Frontend classes and accessible descriptions."""

from __future__ import annotations

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

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


# Unbound forms' fields as rendered once in this process, by form class, prefix and fields.
_UNBOUND_FIELDS: dict[tuple[object, ...], SafeString] = {}


@register.simple_tag
def govuk_fields_kept(form: forms.BaseForm) -> SafeString:
    """``components/_govuk_fields.html`` for ``form``, kept in the process while the form is
    unbound and has no initial values: such a form's fields render to the same HTML on every
    view (the sign-in page's form cost more than the rest of the page). A bound form (errors,
    values typed) or one with initial values is rendered afresh each time."""
    if form.is_bound or form.initial or any(field.initial is not None for field in form.fields.values()):
        return render_to_string("components/_govuk_fields.html", {"form": form})
    key = (type(form), form.prefix, form.auto_id, tuple((name, type(field)) for name, field in form.fields.items()))
    html = _UNBOUND_FIELDS.get(key)
    if html is None:
        html = _UNBOUND_FIELDS[key] = mark_safe(render_to_string("components/_govuk_fields.html", {"form": form}))  # noqa: S308 (rendered by the template engine, escaped there)
    return html
