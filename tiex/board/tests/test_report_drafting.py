"""Drafting a report is a plain function of the figures: each figure is cited with its page; the
text renders safely; the same figures give the same hash."""

from __future__ import annotations

from datetime import date

from tiex.board import report_text
from tiex.board.report_drafting import Figure, Snapshot, draft, figures_hash


def _figure(key: str, value: str, href: str = "/somewhere/", items: tuple[str, ...] = ()) -> Figure:
    return Figure(key, key.replace("_", " "), value, value, href, "a page", items)


FIGURES = [
    _figure("targets_total", "52", "/board/performance/?year=2018"),
    _figure("targets_green", "50", "/board/performance/?year=2018"),
    _figure("targets_amber", "0", "/board/performance/?year=2018"),
    _figure("targets_red", "2", "/board/performance/?year=2018", ("12. Workforce strategy", "31. Halve the gap")),
    _figure("targets_none", "0", "/board/performance/?year=2018"),
    _figure("peer_challenges_delivered", "1", "/peer-challenges/figures/"),
    _figure("councils_without_start", "100", "/peer-challenges/coverage/"),
    _figure("councils_without_end", "58", "/peer-challenges/coverage/"),
    _figure("coverage_reduction", "42%", "/peer-challenges/coverage/"),
    _figure("exchange_published", "31", "/exchange/"),
    _figure("self_assessments_published", "7", "/self-assessment/"),
    _figure("partnerships", "412", "/partnerships/?year=2018"),
]


def _snapshot(kind: str = "chair", figures: list[Figure] = FIGURES) -> Snapshot:
    return Snapshot(kind, date(2018, 4, 1), date(2019, 3, 31), "2018/19", {f.key: f for f in figures})


def test_the_chairs_report_cites_each_figure_with_a_link_to_its_page() -> None:
    sections = draft(_snapshot())
    headings = [section.heading for section in sections]
    assert headings == [
        "Introduction",
        "The grant's targets",
        "Peer challenges",
        "The Exchange and self-assessment",
        "Shared services",
    ]
    text = "\n".join(section.text for section in sections)
    assert "[50](/board/performance/?year=2018) of 52 targets" in text
    assert "[2](/board/performance/?year=2018) at risk or missed (red)" in text
    assert "12. Workforce strategy; 31. Halve the gap" in text
    assert "[1 peer challenge](/peer-challenges/figures/) was delivered" in text  # singular
    assert "from [100](/peer-challenges/coverage/) at the start" in text and "[58](/peer-challenges/coverage/)" in text
    assert "[31 resources](/exchange/)" in text and "[7 self-assessments](/self-assessment/)" in text
    cited = {c.href for s in sections for c in report_text.citations(s.text)}
    assert cited == {f.href for f in FIGURES}


def test_the_monitoring_report_is_ordered_for_monitoring_and_lists_what_is_at_risk() -> None:
    sections = draft(_snapshot("monitoring"))
    assert sections[0].heading == "Purpose" and sections[1].heading == "Performance against the targets"
    assert "\n\nAt risk or missed: 12. Workforce strategy; 31. Halve the gap." in sections[1].text


def test_a_topic_without_its_figures_is_left_out_and_the_same_figures_draft_the_same_text() -> None:
    sections = draft(_snapshot(figures=[_figure("exchange_published", "3")]))
    assert [s.heading for s in sections] == ["Introduction", "The Exchange and self-assessment"]
    assert draft(_snapshot()) == draft(_snapshot())


def test_the_figures_hash_does_not_depend_on_order_but_on_every_value() -> None:
    records = [f.as_record() for f in FIGURES]
    assert figures_hash(records) == figures_hash(list(reversed(records)))
    changed = [{**records[0], "value": "51"}, *records[1:]]
    assert figures_hash(changed) != figures_hash(records)
    assert Figure.from_record(records[3]) == FIGURES[3]


def test_the_text_renders_paragraphs_and_safe_links_only() -> None:
    html = report_text.to_html(
        "First [12 things](/a/?b=1&c=2) <b>bold</b>.\n\nSecond [x](javascript:alert(1)) [y](//evil.example/)"
    )
    assert html.count('<p class="govuk-body">') == 2
    assert '<a class="govuk-link" href="/a/?b=1&amp;c=2">12 things</a>' in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>" not in html
    assert 'href="javascript' not in html
    assert 'href="//evil' not in html
    assert report_text.to_plain("See [3 things](/x/).") == "See 3 things (/x/)."


def test_a_zero_is_said_in_words_and_still_cited() -> None:
    zeros = [_figure("exchange_published", "0", "/exchange/"), _figure("events", "0", "/events/")]
    zeros.append(_figure("event_sessions", "0", "/events/"))
    text = "\n".join(section.text for section in draft(_snapshot(figures=zeros)))
    assert "[No resources](/exchange/) were published" in text
    assert "[No events](/events/) took place." in text and "sessions" not in text
