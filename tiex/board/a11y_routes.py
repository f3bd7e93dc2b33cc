"""The board's entries for the accessibility route map (tiex/core/a11y_routes.py). Pages with data need
the browser seed "board" (tiex/board/tests/browser_seed.py)."""

from __future__ import annotations

from typing import Any

SEED = "board"
MEETING = "/board/meetings/901/"
REPORT = "/board/reports/901/"  # published (browser_seed.REPORT_PK)
DRAFT_REPORT = "/board/reports/902/"  # a draft (browser_seed.DRAFT_REPORT_PK)


def routes(Visit: Any) -> dict[str, Any]:
    editor = {"role": "editor", "seed": SEED}
    return {
        "board:performance": (
            Visit("/board/performance/", "a published year: summary, programmes, quarters", seed=SEED),
            Visit("/board/performance/", "the same, for staff: forms and quarter closes", **editor),
            Visit("/board/performance/", "no grant year yet"),
        ),
        "board:performance_csv": "CSV download of the year's deliverables, not a page",
        "board:performance_json": "JSON download of the year's deliverables, not a page",
        "board:deliverable": (
            Visit("/board/performance/2018/3/", "a computed deliverable: live value, close values", seed=SEED),
            Visit("/board/performance/2018/2/", "a missed deliverable with evidence, for staff", **editor),
        ),
        "board:grant_year_create": (
            Visit("/board/manage/years/new/", "adding a grant year", **editor),
            Visit("/board/manage/years/new/", "with errors", submit=(("year", ""),), **editor),
        ),
        "board:grant_year_edit": (Visit("/board/manage/years/2018/", "changing a grant year", **editor),),
        "board:deliverable_create": (
            Visit("/board/manage/years/2018/deliverables/new/", "adding a deliverable", **editor),
            Visit("/board/manage/years/2018/deliverables/new/", "with errors", submit=(("title", ""),), **editor),
        ),
        "board:deliverable_edit": (
            Visit("/board/manage/years/2018/deliverables/3/", "changing a computed deliverable", **editor),
        ),
        "board:update_record": (
            Visit("/board/manage/years/2018/deliverables/1/q2/", "recording a quarterly update", **editor),
            Visit(
                "/board/manage/years/2018/deliverables/1/q2/",
                "with errors",
                submit=(("evidence_links", "not a link"),),
                **editor,
            ),
        ),
        "board:quarter_close": "POST only: the buttons are on the performance page, checked there",
        "board:meetings": (
            Visit("/board/meetings/", "the meetings", seed=SEED),
            Visit("/board/meetings/", "no meetings yet"),
        ),
        "board:meeting": (
            Visit(MEETING, "a meeting, public view", seed=SEED),
            Visit(MEETING, "a meeting with drafts, attendance and actions, for staff", **editor),
        ),
        "board:paper": "a file download, or a redirect to the Exchange: not a page",
        "board:meeting_create": (
            Visit("/board/meetings/new/", "recording a meeting", **editor),
            Visit("/board/meetings/new/", "with errors", submit=(("day", ""),), **editor),
        ),
        "board:item_add": (
            Visit(f"{MEETING}items/new/", "adding an item", **editor),
            Visit(f"{MEETING}items/new/", "with errors", submit=(("title", ""),), **editor),
        ),
        "board:item_edit": (
            Visit(f"{MEETING}items/901/", "changing an item", **editor),
            Visit(f"{MEETING}items/901/", "with errors", submit=(("title", ""),), **editor),
        ),
        "board:action_add": (Visit(f"{MEETING}items/901/actions/new/", "adding an action", **editor),),
        "board:minutes_approve": (Visit(f"{MEETING}approve/", "approving the minutes: the draft", **editor),),
        "board:actions": (Visit("/board/actions/", "the open actions", **editor),),
        "board:action_update": (
            Visit("/board/actions/901/", "updating an action", **editor),
            Visit("/board/actions/901/", "with errors", submit=(("closed_on", "2001-01-01"),), **editor),
        ),
        "board:members": (Visit("/board/members/", "the members of the board", **editor),),
        "board:member_edit": (
            Visit("/board/members/901/", "changing a member's role", **editor),
            Visit("/board/members/901/", "with errors", submit=(("name", ""),), **editor),
        ),
        "board:member_add": (
            Visit("/board/members/new/", "adding a member of the board", **editor),
            Visit("/board/members/new/", "with errors", submit=(("email", "not-an-address"),), **editor),
        ),
        "board:reports": (
            Visit("/board/reports/", "the published reports", seed=SEED),
            Visit("/board/reports/", "reports with drafts, for staff", **editor),
            Visit("/board/reports/", "no report yet"),
        ),
        "board:report": (
            Visit(REPORT, "a published chair's report with its figures and data version", seed=SEED),
            Visit(DRAFT_REPORT, "a draft report, for staff: edit, publish, draft again", **editor),
        ),
        "board:report_figures": "JSON download of a report's figures, not a page",
        "board:report_create": (
            Visit("/board/reports/new/", "drafting a report", **editor),
            Visit("/board/reports/new/", "with errors", submit=(("title", ""),), **editor),
        ),
        "board:report_edit": (
            Visit(f"{DRAFT_REPORT}edit/", "editing a draft report", **editor),
            Visit(f"{DRAFT_REPORT}edit/", "with errors", submit=(("title", ""),), **editor),
        ),
        "board:report_redraft": "POST only: the button is on the report's page, checked there",
        "board:report_publish": "POST only: the button is on the report's page, checked there",
    }
