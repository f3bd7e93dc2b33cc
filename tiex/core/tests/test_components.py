"""The template tags of tiex_components (templates/components/ partials that wrap markup)."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError


def test_scroll_region_wraps_a_table_in_a_focusable_region_named_by_its_caption() -> None:
    html = Template(
        '{% load tiex_components %}{% scroll_region caption_id %}<table><caption id="{{ caption_id }}">'
        "{{ title }}</caption></table>{% endscroll_region %}"
    ).render(Context({"caption_id": "savings-caption", "title": "Savings & <costs>"}))
    assert html.strip() == (
        '<div class="tiex-table-scroll" role="region" aria-labelledby="savings-caption" tabindex="0">'
        '<table><caption id="savings-caption">Savings &amp; &lt;costs&gt;</caption></table></div>'
    )


def test_scroll_region_escapes_an_id_from_a_variable() -> None:
    html = Template("{% load tiex_components %}{% scroll_region id %}x{% endscroll_region %}").render(
        Context({"id": 'a"b'})
    )
    assert 'aria-labelledby="a&quot;b"' in html


def test_scroll_region_needs_the_id_of_its_label() -> None:
    with pytest.raises(TemplateSyntaxError, match="the id of the element that names the region"):
        Template("{% load tiex_components %}{% scroll_region %}x{% endscroll_region %}")


def test_choices_renders_radios_or_checkboxes_with_the_first_id_the_field_s_and_the_choice_checked() -> None:
    from django import forms
    from django.template.loader import render_to_string

    class Form(forms.Form):
        colour = forms.ChoiceField(choices=[("red", "Red"), ("blue", "Blue")])
        sizes = forms.MultipleChoiceField(choices=[("s", "Small"), ("l", "Large")])

    form = Form({"colour": "blue", "sizes": ["s", "l"]})
    radios = render_to_string("components/_choices.html", {"field": form["colour"], "kind": "radios"})
    assert 'class="govuk-radios govuk-radios--small" data-module="govuk-radios"' in radios
    assert '<input class="govuk-radios__input" id="id_colour" name="colour" type="radio" value="red">' in radios
    assert 'id="id_colour-2" name="colour" type="radio" value="blue" checked>' in radios
    assert '<label class="govuk-label govuk-radios__label" for="id_colour-2">Blue</label>' in radios
    boxes = render_to_string("components/_choices.html", {"field": form["sizes"], "kind": "checkboxes"})
    assert boxes.count('type="checkbox"') == 2 and boxes.count(" checked>") == 2
    assert 'class="govuk-checkboxes__input" id="id_sizes"' in boxes
    # A question page's full-size choices (size="large").
    large = render_to_string("components/_choices.html", {"field": form["colour"], "kind": "radios", "size": "large"})
    assert 'class="govuk-radios" data-module="govuk-radios"' in large and "--small" not in large
