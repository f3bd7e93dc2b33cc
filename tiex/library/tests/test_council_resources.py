"""The partial the council profile includes: a council's resources in the Exchange."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from tiex.library.selectors import resources_for_council
from tiex.library.tests.factories import CouncilFactory, make_resource

pytestmark = pytest.mark.django_db


def test_the_partial_lists_the_councils_resources(exchange) -> None:  # type: ignore[no-untyped-def]
    council = CouncilFactory(name="Swindon")
    make_resource("Recycling feedback tags", councils=(council,))
    make_resource("Not Swindon's")
    make_resource("Swindon draft", councils=(council,), publish=False)
    html = render_to_string("library/_council_resources.html", {"council_resources": resources_for_council(council)})
    assert "Recycling feedback tags" in html
    assert "Not Swindon" not in html and "Swindon draft" not in html
    assert "involved in 1 resource:" in html


def test_the_partial_says_when_there_are_none(exchange) -> None:  # type: ignore[no-untyped-def]
    council = CouncilFactory(name="Quiet")
    html = render_to_string("library/_council_resources.html", {"council_resources": resources_for_council(council)})
    assert "No resources in the Exchange involve Quiet yet." in html


def test_many_resources_link_to_the_full_search(exchange) -> None:  # type: ignore[no-untyped-def]
    council = CouncilFactory(name="Busy")
    for number in range(3):
        make_resource(f"Thing {number}", councils=(council,))
    found = resources_for_council(council, limit=2)
    assert len(found.items) == 2 and found.count == 3
    html = render_to_string("library/_council_resources.html", {"council_resources": found})
    assert f'href="/exchange/?collection=all&amp;council={council.gss_code}"' in html


def test_the_profile_shows_a_new_resource_at_once_though_the_section_is_kept(client, exchange) -> None:  # type: ignore[no-untyped-def]
    council = CouncilFactory(name="Swindon")
    url = f"/councils/{council.code}/"
    assert "No resources in the Exchange involve Swindon yet." in client.get(url).content.decode()
    make_resource("Recycling feedback tags", councils=(council,))
    html = client.get(url).content.decode()
    assert "Recycling feedback tags" in html and "involved in 1 resource:" in html
