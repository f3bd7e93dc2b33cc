"""Resources as pages: URLs, reserved slugs, outcomes, review dates, and rich text that is cleaned."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tiex.library import richtext
from tiex.library.models import BODY_FEATURES, ResourceOutcome, ResourcePage
from tiex.library.services import resource_slug
from tiex.library.tests.factories import make_resource

pytestmark = pytest.mark.django_db


def test_a_resource_lives_under_the_exchange_at_a_readable_url(exchange) -> None:  # type: ignore[no-untyped-def]
    page = make_resource("Shared chief executive: what we learnt")
    assert page.get_parent().specific == exchange
    assert page.slug == "shared-chief-executive-what-we-learnt"
    assert page.url == "/exchange/shared-chief-executive-what-we-learnt/"
    assert exchange.url == "/exchange/"
    assert make_resource("Shared chief executive: what we learnt").slug == "shared-chief-executive-what-we-learnt-2"


def test_the_exchanges_own_addresses_cannot_be_slugs(exchange) -> None:  # type: ignore[no-untyped-def]
    assert resource_slug("Submit") == "submit-resource"
    page = make_resource("Fine")
    page.slug = "submissions"
    with pytest.raises(ValidationError):
        page.full_clean()


def test_a_saving_needs_an_amount_and_a_period(exchange) -> None:  # type: ignore[no-untyped-def]
    page = make_resource("Savings")
    with pytest.raises(ValidationError):
        ResourceOutcome(page=page, kind="saving").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceOutcome.objects.create(page=page, kind="saving", period="per-year")
    saving = ResourceOutcome.objects.create(page=page, kind="saving", amount=Decimal(1000), period="per-year")
    assert str(saving) == "£1,000 per year (achieved)"


def test_review_date_marks_a_resource_possibly_out_of_date(exchange) -> None:  # type: ignore[no-untyped-def]
    assert make_resource("Old", review_date=datetime.date(2020, 1, 1)).is_possibly_out_of_date
    assert not make_resource("New", review_date=datetime.date(2999, 1, 1)).is_possibly_out_of_date
    assert not make_resource("Never").is_possibly_out_of_date


def test_rich_text_from_outside_the_editor_is_cleaned() -> None:
    dirty = (
        '<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:alert(1)">x</a>'
        '<a href="https://example.org">ok</a></p><iframe src="https://evil.example"></iframe>'
        '<h2 style="color:red">T</h2>'
    )
    clean = richtext.clean_html(dirty, BODY_FEATURES)
    assert "<script" not in clean and "onclick" not in clean and "javascript:" not in clean
    assert "<iframe" not in clean and "style=" not in clean
    assert '<a href="https://example.org">ok</a>' in clean and "<h2>T</h2>" in clean
    assert clean == richtext.clean_html(clean, BODY_FEATURES)  # repeatable


def test_plain_text_becomes_escaped_paragraphs_headings_and_lists() -> None:
    html = richtext.text_to_html("Costs <£5k> & more\nsecond line\n\n## Results\n- one\n- two\n1. first")
    assert html == (
        "<p>Costs &lt;£5k&gt; &amp; more<br/>second line</p><h2>Results</h2>"
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>"
    )
    assert richtext.text_to_html(richtext.html_to_text(html)) == html


def test_resources_are_indexed_with_their_councils_and_themes(exchange) -> None:  # type: ignore[no-untyped-def]
    from tiex.library.search import restrict_to_matches
    from tiex.library.tests.factories import CouncilFactory

    council = CouncilFactory(name="Northumberland")
    page = make_resource("Strengths at the front door", councils=(council,), themes=("capacity-to-deliver",))
    live = ResourcePage.objects.live()
    assert list(restrict_to_matches(live, ["northumberland"])) == [page]
    assert list(restrict_to_matches(live, ["capacity"])) == [page]


def test_the_admins_page_form_refuses_an_invisible_title_and_strips_overrides(exchange) -> None:  # type: ignore[no-untyped-def]
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from tiex.library.models import ResourcePage
    from tiex.library.tests.factories import editor

    form_class = ResourcePage.get_edit_handler().get_form_class()

    def form(title: str, summary: str = "What happened.") -> Any:
        data = nested_form_data(
            {
                "title": title,
                "slug": "a-resource",
                "resource_type": "case-study",
                "summary": summary,
                "body": rich_text("<p>Body</p>"),
                "evidence_level": "described",
                "outcomes": inline_formset([]),
                "attachments": inline_formset([]),
            }
        )
        return form_class(data, instance=ResourcePage(), parent_page=exchange, for_user=editor())

    invisible = form("\u200b\u200b\u200b")
    assert not invisible.is_valid()
    assert "only invisible characters" in str(invisible.errors["title"])
    blank_summary = form("A title", summary="\u2066\u200b")
    assert not blank_summary.is_valid()
    assert "summary" in blank_summary.errors
    overridden = form("\u202eA title")
    assert overridden.is_valid(), overridden.errors
    assert overridden.instance.title == "A title"
